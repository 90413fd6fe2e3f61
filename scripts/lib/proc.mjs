// Small process helpers shared by the scripts: spawn with inherited output, and time a step.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Runs a command and resolves to its exit code (signals count as failures). */
export function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', cwd: repoRoot, ...options });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** Like run(), but throws when the command fails. */
export async function mustRun(command, args, options = {}) {
  const code = await run(command, args, options);
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code}`);
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
