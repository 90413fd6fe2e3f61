// Image-processing figures, each task in its own process so its peak RSS is its own:
//   difference matte of a 4K white/black pair, and an icon set (10 PNGs + favicon.ico) from a 1024² source,
// each as a ratio to a floor measured in the same run on the same files (decode + encode, nothing else).
// Usage: node bench/imaging.mjs            (after `npx tsc -p test/tsconfig.json`)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const out = (p) => path.join(root, 'out', p);
const imaging = require(out('src/core/imaging/index.js'));
const ICON_SIZES = [16, 32, 48, 64, 128, 180, 192, 256, 512, 1024];

const tasks = {
  /** Floor for the matte: decode both 4K PNGs, encode one 4K RGBA PNG. */
  'pair-floor': async (dir) => {
    const white = await imaging.decodeImage(readFileSync(path.join(dir, 'white.png')));
    await imaging.decodeImage(readFileSync(path.join(dir, 'black.png')));
    imaging.encodePng(white);
  },
  'matte-4k': async (dir) => {
    const white = await imaging.decodeImage(readFileSync(path.join(dir, 'white.png')));
    const black = await imaging.decodeImage(readFileSync(path.join(dir, 'black.png')));
    const { raster, aligned } = imaging.differenceMatte(white, black);
    if (!aligned) throw new Error('the benchmark pair should be aligned');
    imaging.encodePng(raster);
  },
  /** Floor for the icon set: decode the 1024² source, encode it once per output size. */
  'icon-floor': async (dir) => {
    const source = await imaging.decodeImage(readFileSync(path.join(dir, 'icon.png')));
    for (let i = 0; i < ICON_SIZES.length; i++) imaging.encodePng(source);
  },
  'icon-set-1024': async (dir) => {
    const source = imaging.squareCanvas(await imaging.decodeImage(readFileSync(path.join(dir, 'icon.png'))));
    const pngs = new Map(ICON_SIZES.map((s) => [s, imaging.encodePng(imaging.resizeRaster(source, s, s, 'fill'))]));
    imaging.encodeIco([16, 32, 48].map((s) => pngs.get(s)));
  },
};

const [, , task, taskDir] = process.argv;
if (task) {
  // Child: run one task, report its time and the process's peak resident set.
  const started = performance.now();
  await tasks[task](taskDir);
  const ms = performance.now() - started;
  process.stdout.write(JSON.stringify({ ms, maxRssKiB: process.resourceUsage().maxRSS }));
  process.exit(0);
}

const { defaultScene, renderScene } = require(out('test/support/scenes.js'));
const dir = mkdtempSync(path.join(os.tmpdir(), 'pictor-bench-'));
try {
  const pair = defaultScene(3840);
  writeFileSync(path.join(dir, 'white.png'), imaging.encodePng(renderScene(pair, [255, 255, 255])));
  writeFileSync(path.join(dir, 'black.png'), imaging.encodePng(renderScene(pair, [0, 0, 0])));
  writeFileSync(path.join(dir, 'icon.png'), imaging.encodePng(renderScene(defaultScene(1024), [255, 255, 255])));
  const run = (name) => {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), name, dir], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`${name} failed: ${child.stderr}`);
    return JSON.parse(child.stdout);
  };
  const row = (name, value) => console.log(`${name.padEnd(48)} ${value}`);
  for (const [label, task, floor] of [
    ['difference matte, 3840² pair', 'matte-4k', 'pair-floor'],
    ['icon set (10 PNGs + ICO) from 1024²', 'icon-set-1024', 'icon-floor'],
  ]) {
    const f = run(floor);
    const t = run(task);
    row(`${label}: time`, `${t.ms.toFixed(0)} ms = ${(t.ms / f.ms).toFixed(2)} × floor (${f.ms.toFixed(0)} ms decode+encode)`);
    row(`${label}: peak RSS`, `${(t.maxRssKiB / 1024).toFixed(0)} MiB = ${(t.maxRssKiB / f.maxRssKiB).toFixed(2)} × floor (${(f.maxRssKiB / 1024).toFixed(0)} MiB)`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
