// Batch results benchmark: 1,000 results in a responses file (each a real-size 1K PNG, ~1.4 MB, as
// base64 in a GenerateContentResponse line), read the way `pictor.batch.download` reads it: streamed
// line by line, each line parsed and its image decoded and written before the next is read. Figures:
// peak RSS (target ≤ 300 MB) and throughput, against the floor of the same file through the same line
// splitter with a consumer that discards. Each pass runs in its own process so peak RSS is its own.
//   node bench/batch-results.mjs            (after `node scripts/build.mjs && npx tsc -p test/tsconfig.json`)
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { writeFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const out = (p) => path.join(root, 'out', p);
const RESULTS = Number(process.env.PICTOR_BENCH_RESULTS ?? 1000);

if (process.argv[2] === '--pass') {
  // One measured pass, in a child process.
  const [, , , mode, file, dir] = process.argv;
  const { forEachLine } = require(out('src/batch/results-file.js'));
  const { parseResultLine } = require(out('src/core/batch-results.js'));
  const { parseResponse } = require(out('src/core/response.js'));
  const started = performance.now();
  let images = 0;
  await forEachLine(file, async (line) => {
    if (mode === 'discard') return;
    const item = parseResultLine(line);
    const result = parseResponse(item.response);
    if (mode === 'parse') return void (images += result.images.length);
    for (const image of result.images) await writeFile(path.join(dir, `${item.key}-${images++}.png`), image.bytes, { flag: 'wx' });
  });
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(JSON.stringify({ seconds, images, maxRssKiB: process.resourceUsage().maxRSS }));
  process.exit(0);
}

const { PNG } = require('pngjs');
/** A 1024×1024 PNG of about the size a 1K image from the service has: smooth areas and noisy ones. */
function realSizePng() {
  const png = new PNG({ width: 1024, height: 1024 });
  for (let i = 0; i < png.data.length; i += 4) {
    const y = Math.floor(i / 4 / 1024);
    const noisy = y % 3 === 0;
    png.data[i] = noisy ? Math.random() * 256 : y / 4;
    png.data[i + 1] = noisy ? Math.random() * 256 : (i / 4) % 256;
    png.data[i + 2] = noisy ? Math.random() * 256 : 128;
    png.data[i + 3] = 255;
  }
  return PNG.sync.write(png);
}

const work = mkdtempSync(path.join(os.tmpdir(), 'pictor-bench-batch-'));
try {
  const image = realSizePng();
  const file = path.join(work, 'responses.jsonl');
  const stream = createWriteStream(file);
  const data = image.toString('base64');
  for (let i = 0; i < RESULTS; i++) {
    const line = {
      key: `pictor-${String(i + 1).padStart(4, '0')}`,
      response: {
        candidates: [{ content: { role: 'model', parts: [{ text: 'Here is the image.' }, { inlineData: { mimeType: 'image/png', data } }] }, finishReason: 'STOP' }],
        usageMetadata: { promptTokenCount: 12, candidatesTokenCount: 1290, totalTokenCount: 1302 },
        modelVersion: 'gemini-2.5-flash-image',
      },
    };
    if (!stream.write(`${JSON.stringify(line)}\n`)) await new Promise((resolve) => stream.once('drain', resolve));
  }
  stream.end();
  await finished(stream);
  const size = statSync(file).size;
  const mb = size / 1024 / 1024;
  console.log(`batch results: ${RESULTS} results, image ${(image.length / 1024 / 1024).toFixed(2)} MB, file ${mb.toFixed(0)} MB`);

  const pass = (mode) => {
    const dir = path.join(work, mode);
    spawnSync('mkdir', ['-p', dir]);
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--pass', mode, file, dir], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (child.status !== 0) throw new Error(`${mode} pass failed: ${child.stderr}`);
    rmSync(dir, { recursive: true, force: true });
    return JSON.parse(child.stdout);
  };
  await mkdir(work, { recursive: true });
  const floor = pass('discard');
  const parsed = pass('parse');
  const full = pass('parse-and-write');
  const row = (name, value) => console.log(`${name.padEnd(48)} ${value}`);
  row('batch results: line splitter, discard (floor)', `${(mb / floor.seconds).toFixed(0)} MB/s, peak RSS ${(floor.maxRssKiB / 1024).toFixed(0)} MB`);
  row('batch results: parse + decode, no write', `${(mb / parsed.seconds).toFixed(0)} MB/s, peak RSS ${(parsed.maxRssKiB / 1024).toFixed(0)} MB`);
  row('batch results: parse + decode + write each image', `${(mb / full.seconds).toFixed(0)} MB/s (${(full.images / full.seconds).toFixed(0)} images/s), peak RSS ${(full.maxRssKiB / 1024).toFixed(0)} MB`);
  row('batch results: throughput vs floor', `${((floor.seconds / full.seconds) * 100).toFixed(0)} %`);
  if (full.images !== RESULTS) throw new Error(`expected ${RESULTS} images, wrote ${full.images}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
