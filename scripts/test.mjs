// npm test: tools → build → typecheck → compile tests → lint → unit → integration → e2e.
//   node scripts/test.mjs               everything
//   node scripts/test.mjs --unit        one layer (any of --unit --integration --e2e; combinable),
//                                       after tools, build and compile; without typecheck and lint
// Every step is timed; a summary table and an `N passed, N failed` line close the run. A last step fails
// when the run changed the checkout (tracked files, or new files that are not ignored): tests write only
// to temporary or ignored folders. (`npm run screenshots` sets PICTOR_SCREENSHOTS_DIR and may change
// media/screenshots on purpose.)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { binArgs, repoRoot, run, seconds } from './lib/proc.mjs';
import { ensureTools } from './tools.mjs';

const args = process.argv.slice(2);
const known = ['--unit', '--integration', '--e2e'];
const unknown = args.filter((arg) => !known.includes(arg));
if (unknown.length > 0) {
  console.error(`Unknown option(s): ${unknown.join(' ')}. Use ${known.join(', ')} or nothing for all.`);
  process.exit(2);
}
const only = new Set(args.map((arg) => arg.slice(2)));
const full = only.size === 0;
const wants = (layer) => full || only.has(layer);

const MINUTE = 60_000;
const statsDir = mkdtempSync(path.join(os.tmpdir(), 'pictor-test-stats-'));
/** name, status ('passed' | 'failed' | 'skipped'), ms, note */
const results = [];
const totals = { passes: 0, failures: 0, pending: 0 };

function banner(name) {
  console.log(`\n━━ ${name} ━━`);
}

/** Runs one step; `fn` returns an exit code (0 = passed) or a note string for a step that passed. */
async function step(name, fn) {
  banner(name);
  const started = Date.now();
  let status = 'passed';
  let note = '';
  try {
    const outcome = await fn();
    if (typeof outcome === 'number' && outcome !== 0) {
      status = 'failed';
      note = `exit ${outcome}`;
    } else if (typeof outcome === 'string') {
      note = outcome;
    }
  } catch (error) {
    status = 'failed';
    note = error instanceof Error ? error.message.split('\n')[0] : String(error);
    console.error(error instanceof Error ? error.message : error);
  }
  results.push({ name, status, ms: Date.now() - started, note });
  return status === 'passed';
}

function skip(name, note) {
  results.push({ name, status: 'skipped', ms: 0, note });
}

function hasFiles(dir, suffix) {
  if (!existsSync(dir)) return false;
  return readdirSync(dir, { recursive: true }).some((file) => String(file).endsWith(suffix));
}

/** Runs a test layer with PICTOR_TEST_STATS set and adds its mocha counts to the totals. */
async function layer(name, command, commandArgs, timeoutMs) {
  const statsFile = path.join(statsDir, `${name}.json`);
  let counts = '';
  const ok = await step(name, async () => {
    const code = await run(command, commandArgs, {
      timeoutMs,
      env: { ...process.env, PICTOR_TEST_STATS: statsFile },
    });
    const stats = existsSync(statsFile) ? JSON.parse(readFileSync(statsFile, 'utf8')) : undefined;
    if (stats) {
      totals.passes += stats.passes;
      totals.failures += stats.failures;
      totals.pending += stats.pending;
      counts = `${stats.passes} passed, ${stats.failures} failed${stats.pending ? `, ${stats.pending} skipped` : ''}`;
    } else if (code !== 0) {
      totals.failures += 1; // crashed before mocha could report: count the layer itself as a failure
    }
    return code;
  });
  const result = results.at(-1);
  result.note = [counts, result.note].filter(Boolean).join('; ');
  return ok;
}

/**
 * Removes compiled files whose .ts source is gone, so a deleted or renamed test cannot keep running from
 * out/. (Pruning instead of wiping out/ leaves a concurrently running layer its files.)
 */
function pruneStaleOutput() {
  const out = path.join(repoRoot, 'out');
  if (!existsSync(out)) return 0;
  let removed = 0;
  for (const file of readdirSync(out, { recursive: true })) {
    const match = /^(.*)\.(js|js\.map|d\.ts)$/.exec(String(file));
    if (!match) continue;
    const source = path.join(repoRoot, match[1]);
    if (!existsSync(`${source}.ts`) && !existsSync(`${source}.tsx`)) {
      rmSync(path.join(out, String(file)), { force: true });
      removed += 1;
    }
  }
  return removed;
}

/**
 * Each path `git status` shows (changed, added, deleted or untracked but not ignored) with a hash of its
 * bytes, or null outside a git checkout. Equal snapshots mean the run wrote nothing git would show.
 */
function checkoutSnapshot() {
  const status = spawnSync('git', ['status', '--porcelain=v1', '-z', '--untracked-files=all'], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (status.status !== 0) return null;
  const files = new Map();
  for (const entry of status.stdout.split('\0').filter(Boolean)) {
    const file = entry.slice(3);
    const full = path.join(repoRoot, file);
    const bytes = existsSync(full) && statSync(full).isFile() ? readFileSync(full) : null;
    files.set(file, `${entry.slice(0, 2)} ${bytes ? createHash('sha256').update(bytes).digest('hex') : 'gone'}`);
  }
  return files;
}

/** A step that fails when the tests left the checkout different from how they found it. */
async function checkCheckoutUnchanged(before) {
  await step('checkout unchanged', () => {
    const after = checkoutSnapshot();
    if (!before || !after) return 'not a git checkout';
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter((file) => before.get(file) !== after.get(file));
    const onPurpose = process.env.PICTOR_SCREENSHOTS_DIR ? (file) => file.startsWith('media/screenshots/') : () => false;
    const unexpected = changed.filter((file) => !onPurpose(file));
    if (unexpected.length > 0) {
      throw new Error(`The tests changed ${unexpected.join(', ')}. Tests write only to temporary or ignored folders (screenshots: .tmp/screenshots).`);
    }
    return changed.length ? `${changed.length} screenshot(s) refreshed` : '';
  });
}

function printSummary() {
  console.log('\n━━ summary ━━');
  const width = Math.max(...results.map((r) => r.name.length));
  for (const { name, status, ms, note } of results) {
    const time = status === 'skipped' ? '' : seconds(ms);
    console.log(`${name.padEnd(width)}  ${status.padEnd(7)}  ${time.padStart(8)}  ${note}`);
  }
  const total = results.reduce((sum, r) => sum + r.ms, 0);
  console.log(`${'total'.padEnd(width)}  ${''.padEnd(7)}  ${seconds(total).padStart(8)}`);
}

async function main() {
  const needsBrowser = wants('integration') || wants('e2e');
  const toolsReady = await step('tools', () => ensureTools({ browser: needsBrowser }));
  if (!toolsReady) return;

  const built = await step('build', () => run(process.execPath, ['scripts/build.mjs']));
  if (full) {
    await step('typecheck', async () => {
      for (const project of ['tsconfig.json', 'webview/tsconfig.json']) {
        const code = await run(...binArgs('typescript/bin/tsc', ['--noEmit', '-p', project]));
        if (code !== 0) return code;
      }
      return 0;
    });
  }
  await step('compile tests', async () => {
    const code = await run(...binArgs('typescript/bin/tsc', ['-p', 'test/tsconfig.json']));
    const pruned = pruneStaleOutput();
    return code !== 0 ? code : pruned ? `removed ${pruned} stale file(s) from out/` : '';
  });
  // tsc emits despite type errors, so the layers still run (and the failure above still counts).
  const runnable = existsSync(path.join(repoRoot, 'out', 'test'));

  if (full) {
    if (['eslint.config.mjs', 'eslint.config.js', 'eslint.config.cjs'].some((f) => existsSync(path.join(repoRoot, f)))) {
      await step('lint', () => run(...binArgs('eslint/bin/eslint.js', ['src', 'test', 'scripts', 'webview', 'bench'])));
    } else {
      skip('lint', 'no eslint.config.mjs');
    }
  }

  const reporter = ['--reporter', path.join('scripts', 'lib', 'mocha-stats-reporter.cjs')];
  if (wants('unit')) {
    if (!runnable) skip('unit', 'nothing compiled');
    else if (!hasFiles(path.join(repoRoot, 'out', 'test', 'unit'), '.test.js')) skip('unit', 'no unit tests');
    else await layer('unit', ...binArgs('mocha/bin/mocha.js', ['--config', '.mocharc.json', ...reporter]), 10 * MINUTE);
  }
  if (wants('integration')) {
    if (!runnable || !built) skip('integration', built ? 'nothing compiled' : 'build failed');
    else await layer('integration', process.execPath, ['out/test/runners/run-integration.js'], 12 * MINUTE);
  }
  if (wants('e2e')) {
    if (!runnable || !built) skip('e2e', built ? 'nothing compiled' : 'build failed');
    else if (!hasFiles(path.join(repoRoot, 'out', 'test', 'e2e'), '.e2e.test.js')) skip('e2e', 'no e2e tests');
    else await layer('e2e', ...binArgs('mocha/bin/mocha.js', ['--config', '.mocharc.e2e.json', ...reporter]), 15 * MINUTE);
  }
}

const checkoutBefore = checkoutSnapshot();
try {
  await main();
  await checkCheckoutUnchanged(checkoutBefore);
} finally {
  rmSync(statsDir, { recursive: true, force: true });
}
printSummary();
const failedSteps = results.filter((r) => r.status === 'failed').length;
const line = `${totals.passes} passed, ${totals.failures} failed`;
console.log(totals.pending ? `${line}, ${totals.pending} skipped` : line);
process.exitCode = failedSteps > 0 || totals.failures > 0 ? 1 : 0;
