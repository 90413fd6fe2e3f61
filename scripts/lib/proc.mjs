// Small process helpers shared by the scripts: spawn with inherited output, and time a step.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Runs a command and resolves to its exit code (a signal counts as a failure). With `timeoutMs`, the
 * child gets SIGTERM (then SIGKILL) when time is up and the result is 124, like timeout(1).
 */
export function run(command, args, { timeoutMs, ...options } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', cwd: repoRoot, ...options });
    let timedOut = false;
    const timer =
      timeoutMs &&
      setTimeout(() => {
        timedOut = true;
        console.error(`\n${command} ${args.join(' ')}: no result after ${seconds(timeoutMs)}, stopping it`);
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }, timeoutMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve(timedOut ? 124 : (code ?? (signal ? 128 : 1)));
    });
  });
}

/** Like run(), but throws when the command fails. */
export async function mustRun(command, args, options = {}) {
  const code = await run(command, args, options);
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code}`);
}

/** Runs a package's own bin with this Node (no npx: faster, and no npm warnings in the output). */
export function binArgs(relativeScript, args) {
  return [process.execPath, [path.join(repoRoot, 'node_modules', relativeScript), ...args]];
}

export function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

export async function timed(label, fn) {
  const started = Date.now();
  console.log(`[tools] ${label} ...`);
  const result = await fn();
  console.log(`[tools] ${label}: done in ${seconds(Date.now() - started)}`);
  return result;
}
