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
  /** Added to the server's environment (which is this process's); the extension host inherits it. */
  env?: Record<string, string>;
  /** Variables of this process to keep from the server (and so from the extension host). */
  unsetEnv?: readonly string[];
  /**
   * Needed for any payload (extensionDevelopmentPath, extensionTestsPath) and the codeAutomation* hooks.
   * Side effect: the workbench shows no notification toasts (messages go to the Notifications Center).
   */
  smokeTestDriver?: boolean;
  /**
   * Extension folders to install by symlink, as `<publisher>.<name>-<version>` in the extensions dir,
   * the way a user has them. Works without the smoke-test driver; the extension runs in production mode.
   */
  extensions?: string[];
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
/** PICTOR_KEEP_TMP=1 keeps each server's folder (logs, settings, user data) for a post-mortem. */
const keepTmp = Boolean(process.env.PICTOR_KEEP_TMP);

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

/**
 * The server runs in its own session, so Ctrl+C reaches only us; by default Node would then die without
 * running 'exit' handlers. Turn the signals into an orderly exit unless the host (e.g. mocha) handles them.
 */
function exitOnSignals(): void {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    if (process.listenerCount(signal) === 0) process.once(signal, () => process.exit(code));
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
  for (const extension of options.extensions ?? []) {
    const manifest = JSON.parse(fs.readFileSync(path.join(extension, 'package.json'), 'utf8')) as {
      publisher: string;
      name: string;
      version: string;
    };
    // The server scans this folder on startup and registers what it finds (there is no extensions.json yet).
    fs.symlinkSync(path.resolve(extension), path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`));
  }
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify(
      {
        // Deterministic runs: no startup editor or tips, no extension updates, no telemetry.
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'telemetry.telemetryLevel': 'off',
        'security.workspace.trust.enabled': false,
        // VS Code's own Chat view opens in the secondary side bar at startup and can take the focus from
        // the palette or an editor under test; the UI tests (like the demo) work without it.
        'chat.disableAIFeatures': true,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
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
    if (value !== undefined && !isLeakedEditorVariable(name) && !options.unsetEnv?.includes(name)) env[name] = value;
  }
  const serverTmp = path.join(tmp, 'tmp');
  fs.mkdirSync(serverTmp);
  Object.assign(env, {
    // Its IPC sockets and the extension host's temp files go here too, and vanish with the server.
    TMPDIR: serverTmp,
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
  const onExit = () => {
    killGroup('SIGKILL');
    if (!keepTmp) fs.rmSync(tmp, { recursive: true, force: true });
  };
  process.on('exit', onExit);
  exitOnSignals();

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
    if (keepTmp) {
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
      if (entries.length > 0 && (payload.skipWelcome ?? true)) entries.push(['skipWelcome', 'true']);
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
