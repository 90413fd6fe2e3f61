// Per-image overhead of `pictor.generate` against the bare SDK call + one writeFile, in a real
// extension host (code-server), alternating runs in one process, per image size.
//   node bench/overhead.mjs        (after `node scripts/build.mjs && npx tsc -p test/tsconfig.json`)
// PICTOR_BENCH_LATENCY_MS (200), PICTOR_BENCH_PAIRS_1K (80), PICTOR_BENCH_PAIRS_4K (16) and
// PICTOR_BENCH_PROFILE=<dir> (CPU profiles of the Pictor runs) tune it.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const out = (p) => path.join(root, 'out', p);
const PREFIX = 'pictor-bench-overhead ';

/** Runs the comparison and reports each size's figures through `row(name, value)`. */
export async function benchOverhead(row) {
  const server = spawn(process.execPath, [out('test/fake-gemini/cli.js'), '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise((resolve, reject) => {
      server.stdout.on('data', (chunk) => {
        const match = /FAKE_GEMINI_URL=(\S+)/.exec(String(chunk));
        if (match) resolve(match[1]);
      });
      server.on('exit', (code) => reject(new Error(`fake server exited with ${code}`)));
    });
    const { runIntegration } = require(out('test/runners/run-integration.js'));
    const lines = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = (chunk, ...rest) => {
      const text = String(chunk);
      if (text.startsWith(PREFIX)) lines.push(JSON.parse(text.slice(PREFIX.length)));
      return text.startsWith(PREFIX) ? true : write(chunk, ...rest);
    };
    let code;
    try {
      ({ code } = await runIntegration({
        testsPath: path.join(root, 'bench', 'overhead'),
        timeoutMs: 15 * 60_000,
        // code-server's extension host looks for new listening ports every few seconds by spawning
        // processes, which stalls its event loop for milliseconds at random moments of either side's run;
        // a desktop window on local files does not, so it is turned off to compare like with like.
        userSettings: { 'remote.autoForwardPorts': false, 'remote.autoForwardPortsSource': 'output' },
        env: {
          PICTOR_BENCH_FAKE_URL: url,
          ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('PICTOR_BENCH_'))),
        },
      }));
    } finally {
      process.stdout.write = write;
    }
    if (code !== 0 || !lines.length) row('overhead per image', `not measured (exit ${code})`);
    const ms = (n) => `${n.toFixed(0)} ms`;
    const signed = (n) => (n < 0 ? `−${ms(-n)}` : `+${ms(n)}`);
    for (const f of lines) {
      const name = `overhead ${f.size} (${(f.imageBytes / 2 ** 20).toFixed(1)} MiB PNG, ${f.latencyMs} ms latency, ${f.pairs} pairs)`;
      row(`${name}: median wall ratio, position-balanced (target ≤ 1.05)`, `${f.wallRatio.toFixed(3)}× (medians: pictor ${ms(f.pictor.wallMs)} / bare SDK ${ms(f.bare.wallMs)}; ${signed(f.extraWallMs)} per pair)`);
      row(`${name}: median CPU ratio, position-balanced`, `${f.cpuRatio.toFixed(3)}× (medians: pictor ${ms(f.pictor.cpuMs)} / bare SDK ${ms(f.bare.cpuMs)}; ${signed(f.extraCpuMs)} per pair)`);
      row(
        `${name}: peak RSS growth`,
        `highest pictor ${f.pictor.peakRssMiB.toFixed(1)} MiB / bare SDK ${f.bare.peakRssMiB.toFixed(1)} MiB; median ${f.pictor.medianPeakRssMiB.toFixed(1)} / ${f.bare.medianPeakRssMiB.toFixed(1)}; first call ${f.pictor.firstPeakRssMiB.toFixed(1)} / ${f.bare.firstPeakRssMiB.toFixed(1)}`,
      );
    }
  } finally {
    server.kill();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await benchOverhead((name, value) => console.log(`${name.padEnd(72)} ${value}`));
}
