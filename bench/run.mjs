// Benchmarks (not part of npm test): prints figures for bundle size, activation in a real
// extension host, SDK load, the request → parse path against the fake server, the gallery index, and
// the per-image overhead of pictor.generate against the bare SDK (bench/overhead.mjs).
//   npm run bench            (after `npm test` or `node scripts/build.mjs && npx tsc -p test/tsconfig.json`)
import { createRequire } from 'node:module';
import { statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const out = (p) => path.join(root, 'out', p);
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const rows = [];
const row = (name, value) => {
  rows.push([name, value]);
  console.log(`${name.padEnd(48)} ${value}`);
};

for (const file of ['dist/extension.js', 'dist/genai.js', 'dist/webview/chat.js', 'pictor.vsix']) {
  const full = path.join(root, file);
  // A VSIX older than the bundles would report a stale size.
  const stale = file.endsWith('.vsix') && existsSync(full) && statSync(full).mtimeMs < statSync(path.join(root, 'dist/extension.js')).mtimeMs;
  if (existsSync(full)) row(`size ${file}`, stale ? 'stale: run npm run package first' : kib(statSync(full).size));
}

// Request → parse against the fake server (its own process, so its PNG encoding doesn't skew our
// figures), through the real SDK over HTTP.
import { spawn } from 'node:child_process';
const { FakeGeminiControl } = require(out('test/fake-gemini/index.js'));
const { GeminiClient } = require(out('src/gemini/client.js'));
const { parseResponse } = require(out('src/core/response.js'));
const { buildRequest } = require(out('src/core/request.js'));
const { silentLogger } = require(out('src/core/log.js'));
const { DEFAULT_MODEL, PRO_MODEL } = require(out('src/core/catalog.js'));

const server = spawn(process.execPath, [out('test/fake-gemini/cli.js'), '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve, reject) => {
  server.stdout.on('data', (chunk) => {
    const match = /FAKE_GEMINI_URL=(\S+)/.exec(String(chunk));
    if (match) resolve(match[1]);
  });
  server.on('exit', (code) => reject(new Error(`fake server exited with ${code}`)));
});
const fake = new FakeGeminiControl(url);
const client = new GeminiClient({ apiKey: 'bench-key', baseUrl: url, timeoutSeconds: 120, log: silentLogger });
const percentile = (values, p) => values.slice().sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];

async function measure(label, spec, n, scenario) {
  await fake.reset();
  if (scenario) await fake.setDefault(scenario);
  const request = buildRequest(spec);
  await client.generateContent(request); // warm-up (SDK load, connection)
  const times = [];
  const rssBefore = process.memoryUsage().rss;
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const result = parseResponse(await client.generateContent(request));
    times.push(performance.now() - t);
    bytes += result.images.reduce((s, img) => s + img.bytes.byteLength, 0);
  }
  row(`${label}: p50 / p95 latency`, `${percentile(times, 50).toFixed(1)} ms / ${percentile(times, 95).toFixed(1)} ms`);
  row(`${label}: image bytes per response`, kib(bytes / n));
  row(`${label}: RSS growth over ${n} requests`, kib(process.memoryUsage().rss - rssBefore));
}

const base = { prompt: 'benchmark', preset: 'none', count: 1, inputs: [] };
await measure(`${DEFAULT_MODEL} 1K (fake)`, { ...base, model: DEFAULT_MODEL, aspectRatio: '1:1' }, 30);
await measure(`${PRO_MODEL} 4K noise PNG (fake)`, { ...base, model: PRO_MODEL, aspectRatio: '1:1', imageSize: '4K' }, 5, {
  kind: 'image',
  images: [{ noise: true, width: 4096, height: 4096 }],
});
server.kill();

// Local image processing (matte, icon set): time and peak RSS against a decode+encode floor.
{
  const { spawnSync } = await import('node:child_process');
  const child = spawnSync(process.execPath, [path.join(root, 'bench', 'imaging.mjs')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  process.stdout.write(child.stdout);
  if (child.status !== 0) row('image processing', `not measured (exit ${child.status})`);
}
// Gallery: index 10,000 generated sidecars and query them, against reading + parsing the same files.
const { benchGallery } = await import('./gallery.mjs');
await benchGallery(row);

// Activation in a real extension host (code-server), if installed.
if (!process.argv.includes('--no-activation')) {
  try {
    const { runIntegration } = require(out('test/runners/run-integration.js'));
    const lines = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = (chunk, ...rest) => {
      const text = String(chunk);
      if (text.startsWith('pictor-bench ')) lines.push(JSON.parse(text.slice('pictor-bench '.length)));
      return text.startsWith('pictor-bench ') ? true : write(chunk, ...rest);
    };
    const { code } = await runIntegration({ testsPath: path.join(root, 'bench', 'activation'), timeoutMs: 180_000 });
    process.stdout.write = write;
    const figures = lines[0];
    if (code === 0 && figures) {
      row('extension bundle load (require)', `${figures.moduleLoadMs.toFixed(1)} ms`);
      row('activation (extension.activate(), bundle already loaded)', `${figures.activationMs.toFixed(1)} ms`);
      row('first SDK load (on first request)', `${figures.sdkFirstLoadMs.toFixed(1)} ms`);
    } else {
      row('activation', `not measured (exit ${code})`);
    }
  } catch (error) {
    row('activation', `not measured: ${error.message}`);
  }
}

// Per-image overhead against the bare SDK call + writeFile, alternating runs in one extension host.
if (!process.argv.includes('--no-overhead')) {
  const { benchOverhead } = await import('./overhead.mjs');
  try {
    await benchOverhead(row);
  } catch (error) {
    row('overhead per image', `not measured: ${error.message}`);
  }
}
