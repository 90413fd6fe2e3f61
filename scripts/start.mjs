// npm start: the demo. Builds Pictor and serves VS Code (code-server) with Pictor installed, on a sample
// workspace (.tmp/sample-workspace, copied from test/fixtures/workspace once), until Ctrl+C.
//   npm start [-- --port N] [--fake] [--desktop]
//   --fake      start the fake Gemini server and point `pictor.api.baseUrl` at it (works offline)
//   --desktop   use desktop VS Code (`code` on PATH) with --extensionDevelopmentPath instead
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';
import { demoUserSettings } from './lib/demo-settings.mjs';
import { binArgs, mustRun, repoRoot, run } from './lib/proc.mjs';
import { ensureTools } from './tools.mjs';

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const portIndex = args.indexOf('--port');
const port = portIndex >= 0 ? Number(args[portIndex + 1]) : 8080;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error('--port takes a number between 0 and 65535');
  process.exit(2);
}

const workspace = path.join(repoRoot, '.tmp', 'sample-workspace');
if (!existsSync(workspace)) cpSync(path.join(repoRoot, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });

const onPath = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

if (flag('--desktop')) {
  if (onPath('code')) {
    await ensureTools({ browser: false });
    await mustRun(process.execPath, ['scripts/build.mjs']);
    console.log(`Opening desktop VS Code on ${workspace}`);
    process.exit(await run('code', [`--extensionDevelopmentPath=${repoRoot}`, workspace]));
  }
  console.log('`code` is not on PATH: serving VS Code in the browser instead.');
}

await ensureTools();
await mustRun(process.execPath, ['scripts/build.mjs']);
// The code-server launcher is TypeScript shared with the tests. tsc emits even with type errors elsewhere,
// so only a missing output is fatal here.
await run(...binArgs('typescript/bin/tsc', ['-p', 'test/tsconfig.json']));
const require = createRequire(import.meta.url);
const { startCodeServer } = require(path.join(repoRoot, 'out', 'test', 'runners', 'code-server.js'));

const cleanups = [];
let stopping = false;
async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping…');
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
process.on('SIGHUP', () => void shutdown(0));

/** Starts test/fake-gemini's CLI and resolves to the URL it prints. */
async function startFakeGemini() {
  const cli = path.join(repoRoot, 'out', 'test', 'fake-gemini', 'cli.js');
  if (!existsSync(cli)) throw new Error('The fake Gemini server (test/fake-gemini/cli.ts) is not there yet.');
  const child = spawn(process.execPath, [cli, '--port', '0'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  cleanups.push(async () => {
    child.kill('SIGTERM');
  });
  const lines = readline.createInterface({ input: child.stdout });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('The fake Gemini server printed no URL within 15 s')), 15_000);
    child.on('exit', (code) => reject(new Error(`The fake Gemini server exited (${code})`)));
    lines.on('line', (line) => {
      const match = /^FAKE_GEMINI_URL=(\S+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      } else {
        console.log(`[fake-gemini] ${line}`);
      }
    });
  });
}

try {
  let userSettings = demoUserSettings();
  const env = {};
  if (flag('--fake')) {
    const url = await startFakeGemini();
    userSettings = demoUserSettings({ baseUrl: url });
    // The fake accepts any key; this one spares the demo the key prompt (and keeps a real key out of it).
    env.GEMINI_API_KEY = 'fake-demo-key';
    console.log(`Fake Gemini at ${url} (pictor.api.baseUrl)`);
  }
  // Installed into the server's extensions dir (symlink to this repo): a URL payload with
  // extensionDevelopmentPath would need the smoke-test driver, which hides notification toasts.
  const server = await startCodeServer({ port: port || undefined, userSettings, env, extensions: [repoRoot] });
  cleanups.push(() => server.stop());
  console.log(`\nPictor demo: ${server.workbenchUrl(workspace)}`);
  console.log(`Workspace: ${path.relative(repoRoot, workspace)}. After \`npm run build\`, run "Developer: Reload Window".`);
  console.log('Ctrl+C stops the server.');
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await shutdown(1);
}
