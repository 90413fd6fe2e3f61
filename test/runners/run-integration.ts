// Runs the extension-host suite (out/test/integration) inside code-server, offline.
//   node out/test/runners/run-integration.js [--timeout <ms>]
// Expects: node scripts/build.mjs (dist/) and tsc -p test/tsconfig.json (out/) already done.
// The extension host inherits this process's environment (less VSCODE_* and the Gemini key variables),
// plus `env` of runIntegration, and sees PICTOR_TEST_RUNNER=code-server.
// Writes {tests, passes, failures, pending} to $PICTOR_TEST_STATS when set.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import type { Browser } from 'playwright-core';
import { launchBrowser, startCodeServer } from './code-server';
import { copyFixtureWorkspace, outDir, repoRoot, userGeminiEnv } from './paths';

export interface IntegrationOptions {
  /** Folder whose index.js exports run(). */
  testsPath?: string;
  userSettings?: Record<string, unknown>;
  env?: Record<string, string>;
  timeoutMs?: number;
}

export interface MochaStats {
  tests: number;
  passes: number;
  failures: number;
  pending: number;
}

/** test/integration/index.ts prints this prefix + JSON after mocha ends. */
const STATS_PREFIX = 'pictor-mocha-stats ';

/**
 * The hook receives the workbench's own log as well as the extension host's console. These are the
 * offline/unsigned-in complaints of a code-server with no internet; PICTOR_VERBOSE=1 shows them anyway.
 */
const WORKBENCH_NOISE =
  /^\[(AgentHost|AgentHost:remote|ChatModelSelection|AccountPolicyGate|reconnection-grace-time|Service Worker)\]|open-vsx\.org|authentication provider '?github|^(Resolving|Resolved) connection token|^Creating a socket|^Updating additional builtin extensions cache|vsda/;
const verbose = Boolean(process.env.PICTOR_VERBOSE);

export async function runIntegration(options: IntegrationOptions = {}): Promise<{ code: number; stats?: MochaStats }> {
  const testsPath = options.testsPath ?? path.join(outDir, 'test', 'integration');
  if (!fs.existsSync(path.join(testsPath, 'index.js'))) {
    throw new Error(`${testsPath}/index.js is missing: run \`npx tsc -p test/tsconfig.json\` first.`);
  }
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'extension.js'))) {
    throw new Error('dist/extension.js is missing: run `node scripts/build.mjs` first.');
  }
  const timeoutMs = options.timeoutMs ?? 10 * 60_000;
  const workspace = copyFixtureWorkspace();
  const server = await startCodeServer({
    smokeTestDriver: true,
    userSettings: options.userSettings,
    env: { PICTOR_TEST_RUNNER: 'code-server', ...options.env },
    unsetEnv: userGeminiEnv,
  });
  let browser: Browser | undefined;
  let stats: MochaStats | undefined;
  try {
    browser = await launchBrowser();
    const context = await browser.newContext();
    const page = await context.newPage();
    let reportExit: (code: number) => void = () => undefined;
    const result = new Promise<number>((resolve) => (reportExit = resolve));
    // Both hooks must exist before the workbench loads: it looks for them once, at startup.
    await context.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      const line = util.format(...(Array.isArray(args) ? args : [args]));
      if (line.startsWith(STATS_PREFIX)) {
        stats = JSON.parse(line.slice(STATS_PREFIX.length)) as MochaStats;
        return;
      }
      if (!verbose && WORKBENCH_NOISE.test(line)) return;
      (type === 'error' ? process.stderr : process.stdout).write(line + '\n');
    });
    await context.exposeFunction('codeAutomationExit', (code: number) => reportExit(code));
    page.on('pageerror', (error) => process.stderr.write(`[workbench] ${error.message}\n`));
    const timeout = new Promise<number>((resolve) =>
      setTimeout(() => {
        process.stderr.write(`[integration] no result after ${timeoutMs / 1000} s: giving up\n`);
        resolve(124);
      }, timeoutMs).unref(),
    );
    const url = server.workbenchUrl(workspace, {
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: testsPath,
    });
    await page.goto(url);
    const code = await Promise.race([result, timeout]);
    if (code !== 0 && !stats) {
      // The suite never reported: a crash, a load error or the timeout. The server's side may say why.
      process.stderr.write(`[integration] code-server output (tail):\n${tailOf(server.serverLog)}\n`);
      stats = { tests: 0, passes: 0, failures: 1, pending: 0 };
    }
    return { code, stats };
  } finally {
    await browser?.close().catch(() => undefined);
    await server.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

function tailOf(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '';
  }
}

async function main(): Promise<void> {
  const timeoutArg = process.argv.indexOf('--timeout');
  const timeoutMs = timeoutArg > 0 ? Number(process.argv[timeoutArg + 1]) : undefined;
  const started = Date.now();
  const { code, stats } = await runIntegration({ timeoutMs });
  if (process.env.PICTOR_TEST_STATS && stats) fs.writeFileSync(process.env.PICTOR_TEST_STATS, JSON.stringify(stats));
  console.log(`[integration] exit ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exitCode = code;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
