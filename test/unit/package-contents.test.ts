import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../runners/paths';

/** What `npm run package` puts into the VSIX: `vsce ls` over the current build (run after the build). */
function shippedFiles(): string[] {
  const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const out = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: repoRoot, encoding: 'utf8' });
  return out.split('\n').map((line) => line.trim()).filter(Boolean);
}

describe('the packaged extension (vsce ls)', function () {
  this.timeout(120_000);
  let shipped: string[];
  before(() => {
    assert.ok(fs.existsSync(path.join(repoRoot, 'dist', 'extension.js')), 'build first (node scripts/build.mjs)');
    shipped = shippedFiles();
  });

  it('ships every bundle the build made, and no source maps', () => {
    const bundles = (fs.readdirSync(path.join(repoRoot, 'dist'), { recursive: true }) as string[])
      .map((file) => `dist/${String(file).split(path.sep).join('/')}`)
      .filter((file) => file.endsWith('.js'));
    for (const bundle of bundles) assert.ok(shipped.includes(bundle), `${bundle} is missing from the package`);
    assert.deepEqual(shipped.filter((file) => file.endsWith('.map')), []);
  });

  it('ships no test output: outside dist/, only files committed to the repository', () => {
    const tracked = new Set(execFileSync('git', ['ls-files'], { cwd: repoRoot, encoding: 'utf8' }).split('\n'));
    const untracked = shipped.filter((file) => !file.startsWith('dist/') && !tracked.has(file));
    assert.deepEqual(untracked, [], 'files a test run may have drawn or written');
    assert.deepEqual(shipped.filter((file) => /^(out|test|src|\.tmp|\.vscode-test|node_modules)\//.test(file)), []);
  });
});
