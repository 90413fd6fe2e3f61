// Loaded by VS Code as an extensionTestsPath: the per-image overhead of `pictor.generate` against the
// bare SDK call + one writeFile, alternating runs in this one extension host, per image size.
// The fake server runs in its own process (PICTOR_BENCH_FAKE_URL) with a fixed latency and
// real-size, incompressible PNGs. Prints one `pictor-bench-overhead {json}` line per size.
// PICTOR_BENCH_PROFILE=<dir> also writes a CPU profile of the Pictor runs of each size there.
const vscode = require('vscode');
const fs = require('node:fs');
const path = require('node:path');
const v8 = require('node:v8');
const vm = require('node:vm');

const KEY = 'bench-key-0123456789';
// The catalog's Pro model (it makes 1K and 4K images), read from the compiled catalog.
const { PRO_MODEL: MODEL } = require(path.join(__dirname, '..', '..', 'out', 'src', 'core', 'catalog.js'));

// Garbage collection between runs, so one run's garbage is not charged to the next.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

exports.run = async function run() {
  const url = process.env.PICTOR_BENCH_FAKE_URL;
  if (!url) throw new Error('PICTOR_BENCH_FAKE_URL is not set');
  const latencyMs = Number(process.env.PICTOR_BENCH_LATENCY_MS ?? 200);
  const extension = vscode.extensions.getExtension('pictor.pictor');
  if (!extension) throw new Error('pictor.pictor is not loaded');
  await extension.activate();
  const config = vscode.workspace.getConfiguration('pictor');
  // Like with like: opening the result in an editor is not part of either side.
  for (const [key, value] of Object.entries({ 'api.baseUrl': url, openAfterGenerate: false, requestTimeoutSeconds: 120, maxRetries: 0 })) {
    await config.update(key, value, vscode.ConfigurationTarget.Global);
  }
  await vscode.commands.executeCommand('pictor.setApiKey', { apiKey: KEY });
  const root = vscode.workspace.workspaceFolders[0].uri;
  const outDir = path.join(root.fsPath, 'bench-out');
  fs.mkdirSync(outDir, { recursive: true });

  // The bare side: the same SDK Pictor bundles, one call, one base64 decode, one writeFile.
  const { GoogleGenAI } = require(path.join(extension.extensionPath, 'dist', 'genai.js'));
  let bareCount = 0;
  let imageBytes = 0;
  const bare = async (imageSize) => {
    const ai = new GoogleGenAI({ apiKey: KEY, httpOptions: { baseUrl: url, apiVersion: 'v1beta' } });
    const response = await ai.models.generateContent({
      model: MODEL,
      contents: [{ role: 'user', parts: [{ text: 'benchmark' }] }],
      config: { responseModalities: ['IMAGE'], imageConfig: { aspectRatio: '1:1', imageSize } },
    });
    // Pro sends a draft (a thought image) first; the answer is the non-thought image.
    const part = response.candidates[0].content.parts.find((p) => p.inlineData && !p.thought);
    const bytes = Buffer.from(part.inlineData.data, 'base64');
    imageBytes = bytes.byteLength;
    await fs.promises.writeFile(path.join(outDir, `bare-${++bareCount}.png`), bytes);
  };
  let pictorCount = 0;
  const pictor = async (imageSize) => {
    const result = await vscode.commands.executeCommand('pictor.generate', {
      prompt: 'benchmark',
      model: MODEL,
      aspectRatio: '1:1',
      imageSize,
      outputFolder: 'bench-out',
      fileName: `pictor-${++pictorCount}`,
    });
    if (!result?.images?.length) throw new Error('pictor.generate saved no image');
  };

  const sizes = [
    // A 1K noise PNG is ~3 MB, the size of a real 1K answer; a real 4K PNG is 20-30 MB.
    { label: '1K', imageSize: '1K', width: 1024, height: 1024, pairs: Number(process.env.PICTOR_BENCH_PAIRS_1K ?? 80) },
    { label: '4K', imageSize: '4K', width: 3072, height: 3072, pairs: Number(process.env.PICTOR_BENCH_PAIRS_4K ?? 16) },
  ];
  for (const size of sizes) {
    await setDefault(url, { kind: 'image', delayMs: latencyMs, images: [{ noise: true, width: size.width, height: size.height }] });
    // Warm-up of both sides (SDK load, connections, the fake's encoding of this image).
    await bare(size.imageSize);
    await pictor(size.imageSize);
    const runs = { bare: [], pictor: [] };
    const profiler = process.env.PICTOR_BENCH_PROFILE ? await startProfiler() : undefined;
    for (let i = 0; i < size.pairs; i++) {
      // Alternate which side goes first, so drift in machine load falls on both.
      const order = i % 2 === 0 ? ['bare', 'pictor'] : ['pictor', 'bare'];
      for (const side of order) {
        runs[side].push(await measure(() => (side === 'bare' ? bare(size.imageSize) : pictor(size.imageSize)), profiler && side === 'pictor' ? profiler : undefined));
        // Each run's files go before the next run: dirty pages of earlier 27 MB images would otherwise
        // pile up and throttle the writes of later runs, whichever side they are.
        emptyFolder(outDir);
      }
    }
    if (profiler) await profiler.save(path.join(process.env.PICTOR_BENCH_PROFILE, `pictor-${size.label}.cpuprofile`));
    const summary = (side) => ({
      wallMs: median(runs[side].map((r) => r.wallMs)),
      cpuMs: median(runs[side].map((r) => r.cpuMs)),
      peakRssMiB: Math.max(...runs[side].map((r) => r.peakRssMiB)),
      // The highest peak depends on when the collector runs; the median peak is the typical run's.
      medianPeakRssMiB: median(runs[side].map((r) => r.peakRssMiB)),
      firstPeakRssMiB: runs[side][0].peakRssMiB,
    });
    const figures = {
      size: size.label,
      imageBytes,
      pairs: size.pairs,
      latencyMs,
      bare: summary('bare'),
      pictor: summary('pictor'),
      wallRatio: balancedRatio(runs, 'wallMs'),
      cpuRatio: balancedRatio(runs, 'cpuMs'),
      // What Pictor adds per image, in ms: the median of the pairs' differences.
      extraWallMs: median(runs.pictor.map((r, i) => r.wallMs - runs.bare[i].wallMs)),
      extraCpuMs: median(runs.pictor.map((r, i) => r.cpuMs - runs.bare[i].cpuMs)),
    };
    console.log(`pictor-bench-overhead ${JSON.stringify(figures)}`);
  }
};

function emptyFolder(dir) {
  for (const name of fs.readdirSync(dir)) fs.rmSync(path.join(dir, name), { force: true });
}

/** Wall time, CPU time of this process and peak RSS above the starting RSS (sampled every 2 ms). */
async function measure(work, profiler) {
  gc();
  const rssBefore = process.memoryUsage.rss();
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 2);
  const cpuBefore = process.cpuUsage();
  await profiler?.resume();
  const started = performance.now();
  await work();
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  await profiler?.pause();
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, peakRssMiB: (peak - rssBefore) / 2 ** 20 };
}

/** A CPU profile of only the measured Pictor runs (the inspector session of this process). */
async function startProfiler() {
  const { Session } = require('node:inspector');
  const session = new Session();
  session.connect();
  const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  const profiles = [];
  return {
    resume: () => post('Profiler.start'),
    pause: async () => profiles.push((await post('Profiler.stop')).profile),
    save: async (file) => {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      profiles.forEach((profile, i) => fs.writeFileSync(file.replace(/\.cpuprofile$/, `-${i + 1}.cpuprofile`), JSON.stringify(profile)));
      session.disconnect();
    },
  };
}

async function setDefault(url, scenario) {
  const response = await fetch(`${url.replace(/\/+$/, '')}/__fake/default`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(scenario),
  });
  if (!response.ok) throw new Error(`fake server refused the scenario: ${await response.text()}`);
}

/**
 * The median, over each two consecutive pairs (one with each side first), of Pictor's time over the bare
 * SDK's. The second run of a pair is often slower, whichever side it is (a garbage collection or a
 * stall of ~40 ms lands there more often), so a ratio per pair depends on which side went second; two
 * pairs together hold each side once in each position.
 */
function balancedRatio(runs, field) {
  const ratios = [];
  for (let i = 0; i + 1 < runs.pictor.length; i += 2) {
    ratios.push((runs.pictor[i][field] + runs.pictor[i + 1][field]) / (runs.bare[i][field] + runs.bare[i + 1][field]));
  }
  return median(ratios.length ? ratios : runs.pictor.map((r, i) => r[field] / runs.bare[i][field]));
}

function median(values) {
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
