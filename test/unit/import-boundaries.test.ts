import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';
import { repoRoot } from '../runners/paths';

/** Lints one made-up file at `file` (relative to the repo) with the project's own eslint.config.mjs. */
async function restrictedImports(file: string, source: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: repoRoot });
  const [result] = await eslint.lintText(source, { filePath: path.join(repoRoot, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries (eslint.config.mjs)', function () {
  this.timeout(60_000);

  it('forbids a command importing a view, and a view importing a command', async () => {
    const fromCommand = await restrictedImports('src/commands/probe.ts', "import { ChatViewProvider } from '../views/chat/provider';\nexport const x = ChatViewProvider;\n");
    assert.match(fromCommand.join('\n'), /Commands and views never import each other/);
    const fromView = await restrictedImports('src/views/chat/probe.ts', "import { registerGenerateCommands } from '../../commands/generate';\nexport const x = registerGenerateCommands;\n");
    assert.match(fromView.join('\n'), /Commands and views never import each other/);
  });

  it('lets both import what they share from src/ui', async () => {
    assert.deepEqual(await restrictedImports('src/commands/probe.ts', "import { isImagePath } from '../ui/targets';\nexport const x = isImagePath;\n"), []);
    assert.deepEqual(await restrictedImports('src/views/chat/probe.ts', "import { isImagePath } from '../../ui/targets';\nexport const x = isImagePath;\n"), []);
  });

  it('keeps src/core free of vscode, the SDK and anything of ours outside core', async () => {
    const messages = await restrictedImports(
      'src/core/probe.ts',
      "import * as vscode from 'vscode';\nimport { GoogleGenAI } from '@google/genai';\nimport { Services } from '../services';\nimport { slugify } from './naming';\nexport const x = [vscode, GoogleGenAI, Services, slugify];\n",
    );
    assert.equal(messages.length, 3, messages.join('\n'));
    assert.match(messages.join('\n'), /vscode-free/);
    assert.match(messages.join('\n'), /SDK/);
    assert.match(messages.join('\n'), /nothing outside src\/core/);
  });

  it('keeps the pipeline host the CLI and the MCP server run free of vscode and of VS Code surfaces', async () => {
    for (const file of ['src/node/probe.ts', 'src/generation/probe.ts', 'src/pipeline.ts', 'src/writer/probe.ts']) {
      const messages = await restrictedImports(file, "import * as vscode from 'vscode';\nimport { registerGenerateCommands } from '../commands/generate';\nexport const x = [vscode, registerGenerateCommands];\n");
      assert.equal(messages.length, 2, `${file}: ${messages.join('\n')}`);
      assert.match(messages.join('\n'), /vscode-free/);
      assert.match(messages.join('\n'), /never imports a VS Code surface/);
    }
  });

  it('lets only src/gemini import the SDK', async () => {
    assert.match((await restrictedImports('src/commands/probe.ts', "import { GoogleGenAI } from '@google/genai';\nexport const x = GoogleGenAI;\n")).join(), /Only src\/gemini/);
    assert.deepEqual(await restrictedImports('src/gemini/probe.ts', "import { GoogleGenAI } from '@google/genai';\nexport const x = GoogleGenAI;\n"), []);
  });
});
