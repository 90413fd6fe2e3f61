// Throwaway code-server instances (real VS Code server + workbench) and the chromium that drives them.
// Offline replacement for the desktop VS Code that @vscode/test-electron would download.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium as playwright, type Browser } from 'playwright-core';
import { assertToolsInstalled, chromium, codeServerEntry, node24 } from './paths';

export interface CodeServerOptions {
  /** Written to `<user-data-dir>/User/settings.json` before the server starts. */
  userSettings?: Record<string, unknown>;
  /** Added to the server's environment; the extension host inherits it. */
  env?: Record<string, string>;
  /** Needed for `extensionTestsPath` in the payload and the codeAutomation* hooks. */
  smokeTestDriver?: boolean;
  /** Default: a free port. */
  port?: number;
  /** Mirror the server's output here (default: only into `serverLog`). */
  onOutput?: (chunk: string) => void;
}

/** Workbench URL payload; the path-valued keys take absolute local paths. */
export interface WorkbenchPayload {
  extensionDevelopmentPath?: string;
  extensionTestsPath?: string;
  skipWelcome?: boolean;
}

export interface CodeServer {
  port: number;
  baseUrl: string;
  userDataDir: string;
  /** The server's own logs, including the extension host's (`exthost*` folders). */
  logsDir: string;
  /** stdout/stderr of the server process. */
  serverLog: string;
  workbenchUrl(workspaceDir: string, payload?: WorkbenchPayload): string;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 60_000;

/** Variables that make a nested code-server act as a CLI of the editor it was started from. */
function isLeakedEditorVariable(name: string): boolean {
  return name.startsWith('VSCODE_') || name === 'ELECTRON_RUN_AS_NODE' || name === 'ELECTRON_NO_ATTACH_CONSOLE';
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealthz(baseUrl: string, exited: () => string | undefined): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const exit = exited();
    if (exit) throw new Error(`code-server exited during startup (${exit})`);
    try {
      const response = await fetch(`${baseUrl}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`code-server did not answer ${baseUrl}/healthz within ${STARTUP_TIMEOUT_MS / 1000} s`);
}

function tail(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  assertToolsInstalled();
  const tmp = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'pictor-cs-'));
  const userDataDir = path.join(tmp, 'user-data');
  const extensionsDir = path.join(tmp, 'extensions');
  const serverLog = path.join(tmp, 'server.log');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir);
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify(
      {
        // Keep the run quiet and deterministic: no startup editors, no update/extension-gallery noise.
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'telemetry.telemetryLevel': 'off',
        'security.workspace.trust.enabled': false,
        ...options.userSettings,
      },
      null,
      2,
    ),
  );
  // Without a config file code-server writes one, with a generated password, into the home folder.
  const config = path.join(tmp, 'config.yaml');
  fs.writeFileSync(config, 'auth: none\ncert: false\n');

  const port = options.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !isLeakedEditorVariable(name)) env[name] = value;
  }
  Object.assign(env, {
    XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
    XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
    XDG_CACHE_HOME: path.join(tmp, 'xdg-cache'),
    ...options.env,
  });

  const args = [
    codeServerEntry,
    '--config', config,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
  ];
  if (options.smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');

  const logFd = fs.openSync(serverLog, 'a');
  // detached = setsid(): the server forks file watchers, an agent host and one extension host per
  // browser session; killing the whole group is the only way to leave nothing behind.
  const child = spawn(node24, args, {
    cwd: tmp,
    env,
    detached: true,
    stdio: ['ignore', options.onOutput ? 'pipe' : logFd, options.onOutput ? 'pipe' : logFd],
  });
  if (options.onOutput) {
    const forward = (chunk: Buffer) => {
      fs.appendFileSync(serverLog, chunk);
      options.onOutput?.(chunk.toString());
    };
    child.stdout?.on('data', forward);
    child.stderr?.on('data', forward);
  }
  fs.closeSync(logFd);
  let exitStatus: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      exitStatus = signal ? `signal ${signal}` : `code ${code}`;
      resolve();
    });
  });

  const pgid = child.pid!;
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pgid, signal);
    } catch {
      // group already gone
    }
  };
  // Last resort if the caller dies without stop(): never leave a server behind.
  const onExit = () => killGroup('SIGKILL');
  process.on('exit', onExit);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', onExit);
    killGroup('SIGTERM');
    const timer = setTimeout(() => killGroup('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    // The group may outlive its leader (extension hosts): make sure every member is gone.
    killGroup('SIGKILL');
    if (process.env.PICTOR_KEEP_TMP) {
      console.log(`[code-server] kept ${tmp}`);
    } else {
      fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
    }
  };

  try {
    await waitForHealthz(baseUrl, () => exitStatus);
  } catch (error) {
    const log = tail(serverLog);
    await stop();
    throw new Error(`${(error as Error).message}\n--- code-server output ---\n${log}`);
  }

  const remote = (absolutePath: string) => `vscode-remote://127.0.0.1:${port}${absolutePath}`;
  return {
    port,
    baseUrl,
    userDataDir,
    logsDir: path.join(userDataDir, 'logs'),
    serverLog,
    workbenchUrl(workspaceDir, payload = {}) {
      const entries: [string, string][] = [];
      if (payload.extensionDevelopmentPath) {
        entries.push(['extensionDevelopmentPath', remote(path.resolve(payload.extensionDevelopmentPath))]);
      }
      if (payload.extensionTestsPath) {
        entries.push(['extensionTestsPath', remote(path.resolve(payload.extensionTestsPath))]);
      }
      if (payload.skipWelcome ?? true) entries.push(['skipWelcome', 'true']);
      const query = [`folder=${encodeURIComponent(remote(path.resolve(workspaceDir)))}`];
      if (entries.length > 0) query.push(`payload=${encodeURIComponent(JSON.stringify(entries))}`);
      return `${baseUrl}/?${query.join('&')}`;
    },
    stop,
  };
}

/** Debian's chromium through playwright-core (no browser download). PICTOR_HEADED=1 shows the window. */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(chromium)) {
    throw new Error(`No chromium at ${chromium}: run \`node scripts/tools.mjs\` (as root) or set PICTOR_CHROMIUM.`);
  }
  // playwright gives every launch a fresh temporary profile (--user-data-dir) and removes it on close.
  return playwright.launch({
    executablePath: chromium,
    headless: !process.env.PICTOR_HEADED,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
