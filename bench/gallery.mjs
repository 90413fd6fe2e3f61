// Gallery benchmark: index 10,000 sidecars from a generated fixture (in a temporary folder) and query
// them, against a floor measured in the same process: reading and JSON.parse-ing the same files with
// the same concurrency. Targets: index ≤ 1.5 × the floor, a query ≤ 50 ms.
//   node --expose-gc bench/gallery.mjs     (after `npx tsc -p test/tsconfig.json`; gc for the heap figure)
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const { GalleryIndex } = require(path.join(root, 'out/src/gallery/gallery-index.js'));
const pLimit = require('p-limit').default;
const { DEFAULT_MODEL, PRO_MODEL } = require(path.join(root, 'out/src/core/catalog.js'));

const COUNT = Number(process.env.PICTOR_BENCH_GALLERY_COUNT ?? 10_000);
const FOLDERS = 100;
const ROUNDS = 5;
const PNG_1X1 = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a6d5e1d50000000049454e44ae426082',
  'hex',
);
const MODELS = [DEFAULT_MODEL, PRO_MODEL];
const PRESETS = ['app-icon', 'logo', 'diagram', 'ui-mockup', 'illustration', 'blank'];
const WORDS = ['fox', 'owl', 'rocket', 'teapot', 'castle', 'robot', 'garden', 'bridge', 'lantern', 'whale'];

/** A realistic sidecar (the fields Pictor writes), about 1.2 KB. */
function sidecar(i, file) {
  const words = `${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]} number ${i}`;
  return `${JSON.stringify(
    {
      version: 1,
      generator: { name: 'pictor', version: '0.1.0' },
      createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
      prompt: `a ${words}`,
      effectivePrompt: `A clean, modern illustration of a ${words}, in a flat vector style with bold shapes and a harmonious palette, on a plain white background.`,
      preset: PRESETS[i % PRESETS.length],
      model: MODELS[i % MODELS.length],
      modelVersion: MODELS[i % MODELS.length],
      config: { aspectRatio: '1:1', imageSize: null, responseModalities: ['TEXT', 'IMAGE'] },
      inputs: [],
      parent: i % 5 === 0 && i > 0 ? { path: `f${(i - 1) % FOLDERS}/img-${i - 1}.png`, sha256: 'a'.repeat(64) } : null,
      image: { file, mimeType: 'image/png', sha256: 'b'.repeat(64), bytes: 1234567, width: 1024, height: 1024 },
      responseText: null,
      finishReason: 'STOP',
      usage: { promptTokens: 12, outputTokens: 1290, totalTokens: 1302 },
      estimatedCostUsd: 0.039,
      responseId: `resp-${i}`,
    },
    null,
    2,
  )}\n`;
}

function makeFixture() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pictor-gallery-bench-'));
  for (let f = 0; f < FOLDERS; f++) mkdirSync(path.join(dir, `f${f}`));
  for (let i = 0; i < COUNT; i++) {
    const rel = `f${i % FOLDERS}/img-${i}.png`;
    writeFileSync(path.join(dir, rel), PNG_1X1);
    writeFileSync(path.join(dir, `${rel}.json`), sidecar(i, rel));
  }
  return dir;
}

/** The gallery's file-system port over Node's fs (what a CLI or MCP host would use). */
function nodeFileSystem(dir) {
  return {
    async listFiles(under) {
      const found = [];
      // Folders in parallel: Node's own recursive readdir reads them one at a time.
      const walk = async (folder) => {
        const entries = await readdir(folder, { withFileTypes: true });
        await Promise.all(
          entries.map((e) =>
            e.isDirectory() ? walk(path.join(folder, e.name)) : /\.(png|jpe?g|webp|gif)(\.json)?$/i.test(e.name) && found.push(path.join(folder, e.name)),
          ),
        );
      };
      await walk(under ?? dir);
      return found;
    },
    readText: (key) => readFile(key, 'utf8'),
    exists: (key) => stat(key).then(() => true, () => false),
    relativePath: (key) => key.slice(dir.length + 1).split(path.sep).join('/'),
  };
}

/** Runs `work` while sampling RSS; returns its duration and how far RSS rose above where it started. */
async function measure(work) {
  const start = process.memoryUsage.rss();
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 2);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const value = await work();
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage.rss());
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, peak: peak - start, value };
}

const median = (values) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

export async function benchGallery(row) {
  const dir = makeFixture();
  try {
    const fs = nodeFileSystem(dir);
    const sidecars = (await fs.listFiles()).filter((f) => f.endsWith('.json'));
    const floor = async () => {
      const limit = pLimit(32);
      const parsed = await Promise.all(sidecars.map((f) => limit(async () => JSON.parse(await readFile(f, 'utf8')))));
      return parsed.length;
    };
    await floor(); // warm the page cache, so neither side pays for the first read from disk
    const floors = [];
    const indexes = [];
    let index;
    for (let round = 0; round < ROUNDS; round++) {
      global.gc?.();
      floors.push(await measure(floor));
      global.gc?.();
      indexes.push(
        await measure(async () => {
          index = new GalleryIndex(fs);
          await index.ensureBuilt();
          return (await index.all()).length;
        }),
      );
    }
    if (indexes[0].value !== COUNT) throw new Error(`indexed ${indexes[0].value} of ${COUNT}`);
    const heapBefore = (global.gc?.(), process.memoryUsage().heapUsed);
    const held = new GalleryIndex(fs);
    await held.ensureBuilt();
    global.gc?.();
    const heldBytes = process.memoryUsage().heapUsed - heapBefore;
    const floorMs = median(floors.map((m) => m.ms));
    const indexMs = median(indexes.map((m) => m.ms));
    const cpu = (list) => median(list.map((m) => m.cpuMs));
    row(`gallery: floor (read + JSON.parse ${COUNT} sidecars)`, `${floorMs.toFixed(0)} ms (CPU ${cpu(floors).toFixed(0)} ms), peak RSS +${mib(Math.max(...floors.map((m) => m.peak)))}`);
    row(`gallery: index ${COUNT} sidecars (list + read + check)`, `${indexMs.toFixed(0)} ms (CPU ${cpu(indexes).toFixed(0)} ms), peak RSS +${mib(Math.max(...indexes.map((m) => m.peak)))}`);
    row('gallery: index / floor in CPU time (steadier on a busy machine)', `${(cpu(indexes) / cpu(floors)).toFixed(2)}×`);
    // Each round's index against the floor just before it: the machine's load drifts between rounds.
    const ratios = indexes.map((m, i) => m.ms / floors[i].ms);
    row('gallery: index / floor, median of rounds (target ≤ 1.5)', `${median(ratios).toFixed(2)}× (rounds ${ratios.map((r) => r.toFixed(2)).join(', ')})`);
    if (global.gc) row(`gallery: heap held by an index of ${COUNT}`, mib(heldBytes));

    const queries = {
      'all, newest first': {},
      'text "fox rocket"': { text: 'fox rocket' },
      'model + preset': { model: PRO_MODEL, preset: 'logo' },
      'folder, oldest, page 3': { folder: 'f42', sort: 'oldest', offset: 40, limit: 20 },
    };
    const times = [];
    for (const q of Object.values(queries)) {
      for (let i = 0; i < 20; i++) {
        // A change before each query, as a watcher event would make, so the sorted order is rebuilt too.
        if (i % 2 === 0) await index.indexSaved(sidecars[i].slice(0, -'.json'.length));
        const started = performance.now();
        await index.query(q);
        times.push(performance.now() - started);
      }
    }
    const sorted = times.sort((a, b) => a - b);
    row('gallery: query p50 / p95 / max (target ≤ 50 ms)', `${sorted[Math.floor(sorted.length / 2)].toFixed(1)} / ${sorted[Math.floor(sorted.length * 0.95)].toFixed(1)} / ${sorted.at(-1).toFixed(1)} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await benchGallery((name, value) => console.log(`${name.padEnd(56)} ${value}`));
}
