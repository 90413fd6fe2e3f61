// Lint rules: typescript-eslint's recommended set on our sources, tests and scripts, plus the import
// boundaries of the architecture: only src/gemini imports the SDK; src/core imports nothing of ours outside
// core (nor vscode); the surfaces (src/commands, src/views) never import each other — what they share lives
// in src/ui, src/workspace or below; the pipeline host the CLI and the MCP server run (src/node and what it
// uses) never imports vscode.
import tseslint from 'typescript-eslint';

const SDK_ONLY_IN_GEMINI = { name: '@google/genai', message: 'Only src/gemini/ may import the SDK.' };

/** `no-restricted-imports` with the SDK rule plus the given paths and regex patterns. */
function restrictImports(paths = [], patterns = []) {
  return ['error', { paths: [SDK_ONLY_IN_GEMINI, ...paths], patterns }];
}

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', '.tmp/**', '**/*.d.ts'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      eqeqeq: ['error', 'always'],
      'no-restricted-imports': restrictImports(),
    },
  },
  {
    files: ['src/gemini/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      // src/core is flat: any import that climbs out of its folder leaves core.
      'no-restricted-imports': restrictImports(
        [{ name: 'vscode', message: 'src/core is vscode-free.' }],
        [{ regex: '^\\.\\.(/|$)', message: 'src/core imports nothing outside src/core (dependencies point inwards).' }],
      ),
    },
  },
  {
    // A subfolder of core (imaging: codecs and filters, bundled apart) may reach core's root, never above it.
    files: ['src/core/*/**/*.ts'],
    rules: {
      'no-restricted-imports': restrictImports(
        [{ name: 'vscode', message: 'src/core is vscode-free.' }],
        [{ regex: '^\\.\\./\\.\\.(/|$)', message: 'src/core imports nothing outside src/core (dependencies point inwards).' }],
      ),
    },
  },
  {
    // What the CLI and the MCP server run in plain Node: the pipeline and everything it needs stay vscode-free.
    files: [
      'src/pipeline.ts',
      'src/postprocess.ts',
      'src/provenance.ts',
      'src/{node,generation,files,outputs,writer,batch,spend,gallery}/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': restrictImports(
        [{ name: 'vscode', message: 'The pipeline host runs in plain Node (the CLI, the MCP server): keep it vscode-free.' }],
        [{ regex: '(^|/)(commands|views|ui)(/|$)', message: 'The pipeline host never imports a VS Code surface.' }],
      ),
    },
  },
  {
    files: ['src/commands/**/*.ts'],
    rules: {
      'no-restricted-imports': restrictImports(
        [],
        [{ regex: '(^|/)views(/|$)', message: 'Commands and views never import each other: move what both need to src/ui/.' }],
      ),
    },
  },
  {
    files: ['src/views/**/*.ts'],
    rules: {
      'no-restricted-imports': restrictImports(
        [],
        [{ regex: '(^|/)commands(/|$)', message: 'Commands and views never import each other: move what both need to src/ui/.' }],
      ),
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', 'bench/**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', require: 'readonly', exports: 'writable', performance: 'readonly' } },
  },
);
