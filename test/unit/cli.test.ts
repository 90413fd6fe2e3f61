import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../runners/paths';
import { startFakeGemini, type FakeGemini } from '../fake-gemini';
import { PRO_MODEL } from '../../src/core/models';

const CLI = path.join(repoRoot, 'dist', 'cli.js');
const KEY = 'test-key-0123456789';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/cli.js …` in `cwd` with only the given environment (plus PATH). */
function pictor(args: string[], cwd: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('the CLI (node dist/cli.js) against the fake Gemini server', function () {
  this.timeout(60_000);
  let fake: FakeGemini;
  let root: string;
  let env: Record<string, string>;

  before(async () => {
    assert.ok(existsSync(CLI), 'build first (node scripts/build.mjs)');
    fake = await startFakeGemini();
  });
  after(async () => {
    await fake.close();
  });
  beforeEach(async () => {
    fake.reset();
    root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'pictor-cli-')));
    env = { GEMINI_API_KEY: KEY, GOOGLE_GEMINI_BASE_URL: fake.url };
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('generates with --json: the image and its sidecar, paths relative to the root, exit 0', async () => {
    const run = await pictor(['generate', '--prompt', 'a red fox icon', '--aspect-ratio', '16:9', '--json'], root, env);
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout) as { images: Array<{ path: string; sidecar: string }> };
    assert.deepEqual(result, { images: [{ path: 'assets/generated/a-red-fox-icon.png', sidecar: 'assets/generated/a-red-fox-icon.png.json' }] });
    const bytes = await fs.readFile(path.join(root, 'assets', 'generated', 'a-red-fox-icon.png'));
    assert.deepEqual([...bytes.subarray(1, 4)], [...Buffer.from('PNG')]);
    const sidecar = JSON.parse(await fs.readFile(path.join(root, result.images[0]!.sidecar), 'utf8')) as { prompt: string; config: { aspectRatio: string }; image: { file: string } };
    assert.equal(sidecar.prompt, 'a red fox icon');
    assert.equal(sidecar.config.aspectRatio, '16:9');
    assert.equal(sidecar.image.file, 'assets/generated/a-red-fox-icon.png');
    const generated = fake.requests.filter((r) => r.action === 'generateContent');
    assert.equal(generated.length, 1);
    assert.equal(generated[0]!.apiKey, KEY);
  });

  it('never overwrites: the same --file-name twice gives a second name, the first file unchanged', async () => {
    const first = await pictor(['generate', '-p', 'a fox', '--file-name', 'hero', '--out', 'img', '--json'], root, env);
    assert.equal(first.code, 0, first.stderr);
    const before = await fs.readFile(path.join(root, 'img', 'hero.png'));
    const second = await pictor(['generate', '-p', 'a fox', '--file-name', 'hero', '--out', 'img', '--json'], root, env);
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(JSON.parse(second.stdout), { images: [{ path: 'img/hero-2.png', sidecar: 'img/hero-2.png.json' }] });
    assert.deepEqual(await fs.readFile(path.join(root, 'img', 'hero.png')), before);
    assert.deepEqual((await fs.readdir(path.join(root, 'img'))).sort(), ['hero-2.png', 'hero-2.png.json', 'hero.png', 'hero.png.json']);
  });

  it('never overwrites when several runs save the same name at the same time', async () => {
    const runs = await Promise.all([1, 2, 3].map(() => pictor(['generate', '-p', 'a fox', '--file-name', 'same', '--json'], root, env)));
    for (const run of runs) assert.equal(run.code, 0, run.stderr);
    const paths = runs.map((run) => (JSON.parse(run.stdout) as { images: Array<{ path: string }> }).images[0]!.path).sort();
    assert.deepEqual(paths, ['assets/generated/same-2.png', 'assets/generated/same-3.png', 'assets/generated/same.png']);
    const files = (await fs.readdir(path.join(root, 'assets', 'generated'))).sort();
    assert.deepEqual(files, ['same-2.png', 'same-2.png.json', 'same-3.png', 'same-3.png.json', 'same.png', 'same.png.json'], 'no temporary file left');
  });

  it('prints each path on its own line without --json', async () => {
    const run = await pictor(['generate', '-p', 'a fox', '-n', '2', '-f', 'fox'], root, env);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.stdout.trim().split('\n').sort(), ['assets/generated/fox-2.png', 'assets/generated/fox.png']);
  });

  it('refuses bad input with an error object and exit 2, before any request', async () => {
    const cases = [
      ['generate', '--prompt', 'a fox', '--aspect-ratio', '7:3', '--json'],
      ['generate', '--prompt', 'a fox', '--out', '../elsewhere', '--json'],
      ['generate', '--prompt', 'a fox', '--reference', 'missing.png', '--json'],
      ['generate', '--prompt', 'a fox', '--count', 'many', '--json'],
      ['generate', '--json'],
      ['generate', '--prompt', 'a fox', '--no-such-option', '--json'],
      ['edit', 'missing.png', '--prompt', 'blue', '--json'],
    ];
    for (const args of cases) {
      const run = await pictor(args, root, env);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stdout}${run.stderr}`);
      const { error } = JSON.parse(run.stdout) as { error: { code: string; message: string } };
      assert.equal(error.code, 'badInput', args.join(' '));
      assert.ok(error.message.length > 10, error.message);
    }
    assert.deepEqual(fake.requests, [], 'nothing was sent');
    assert.deepEqual(await fs.readdir(root), [], 'nothing was written');
  });

  it('names GEMINI_API_KEY when no key is set (exit 3), and sends nothing', async () => {
    const run = await pictor(['generate', '--prompt', 'a fox', '--json'], root, { GOOGLE_GEMINI_BASE_URL: fake.url });
    assert.equal(run.code, 3);
    const { error } = JSON.parse(run.stdout) as { error: { code: string; message: string } };
    assert.equal(error.code, 'missingKey');
    assert.match(error.message, /GEMINI_API_KEY/);
    const plain = await pictor(['generate', '--prompt', 'a fox'], root, { GOOGLE_GEMINI_BASE_URL: fake.url });
    assert.equal(plain.code, 3);
    assert.match(plain.stderr, /^pictor: missingKey: .*GEMINI_API_KEY/m);
    assert.deepEqual(fake.requests, []);
  });

  it('refuses a run past PICTOR_BUDGET_MONTHLY_USD with budget (exit 9) before any request, and records what it spends in PICTOR_LEDGER_DIR', async () => {
    const ledger = path.join(root, '..', `${path.basename(root)}-ledger`);
    try {
      const over = await pictor(['generate', '-p', 'a fox', '--json'], root, { ...env, PICTOR_BUDGET_MONTHLY_USD: '0.001', PICTOR_LEDGER_DIR: ledger });
      assert.equal(over.code, 9, over.stdout + over.stderr);
      const { error } = JSON.parse(over.stdout) as { error: { code: string; message: string } };
      assert.equal(error.code, 'budget');
      assert.match(error.message, /PICTOR_BUDGET_MONTHLY_USD/);
      assert.deepEqual(fake.requests, []);
      const within = await pictor(['generate', '-p', 'a fox', '--json'], root, { ...env, PICTOR_BUDGET_MONTHLY_USD: '5', PICTOR_LEDGER_DIR: ledger });
      assert.equal(within.code, 0, within.stderr);
      const [month] = await fs.readdir(ledger);
      assert.match(month!, /^spend-\d{4}-\d{2}\.jsonl$/);
      assert.equal((await fs.readFile(path.join(ledger, month!), 'utf8')).trim().split('\n').length, 1, 'one paid call recorded');
      // The folder alone (as the extension hands it to the MCP server it starts): recorded, no limit.
      const recorded = await pictor(['generate', '-p', 'a fox', '--json'], root, { ...env, PICTOR_LEDGER_DIR: ledger });
      assert.equal(recorded.code, 0, recorded.stderr);
      assert.equal((await fs.readFile(path.join(ledger, month!), 'utf8')).trim().split('\n').length, 2);
    } finally {
      await fs.rm(ledger, { recursive: true, force: true });
    }
  });

  it('takes an exact size, a thinking level and the flex tier, and refuses a size it cannot read before any request', async () => {
    const run = await pictor(['generate', '-p', 'a banner', '--size', '1200x630', '--thinking-level', 'HIGH', '--service-tier', 'flex', '--json'], root, env);
    assert.equal(run.code, 0, run.stderr);
    const [sent] = fake.requests.filter((r) => r.action === 'generateContent');
    assert.deepEqual(sent!.body.generationConfig.thinkingConfig, { thinkingLevel: 'HIGH' });
    assert.equal(sent!.serviceTier, 'flex');
    const sidecar = JSON.parse(await fs.readFile(path.join(root, 'assets', 'generated', 'a-banner.png.json'), 'utf8')) as { image: { width: number; height: number }; thinkingLevel: string; serviceTier: string };
    assert.deepEqual([sidecar.image.width, sidecar.image.height], [1200, 630], 'scaled and cropped to the exact size');
    assert.equal(sidecar.thinkingLevel, 'high');
    assert.equal(sidecar.serviceTier, 'flex');

    const edited = await pictor(['edit', 'assets/generated/a-banner.png', '-p', 'warmer colours', '--service-tier', 'flex', '--thinking-level', 'minimal', '--json'], root, env);
    assert.equal(edited.code, 0, edited.stderr);
    const edit = fake.requests.filter((r) => r.action === 'generateContent').at(-1)!;
    assert.equal(edit.serviceTier, 'flex');
    assert.deepEqual(edit.body.generationConfig.thinkingConfig, { thinkingLevel: 'MINIMAL' });

    // The nearest ratio the model makes: Pro has no 1:8, so a 100×800 image is asked for at 9:16 and cropped.
    fake.reset();
    const tall = await pictor(['generate', '-p', 'a banner', '--size', '100x800', '-m', PRO_MODEL, '-f', 'tall', '--json'], root, env);
    assert.equal(tall.code, 0, tall.stdout + tall.stderr);
    assert.equal(fake.requests.find((r) => r.action === 'generateContent')!.body.generationConfig.imageConfig.aspectRatio, '9:16');
    const tallSidecar = JSON.parse(await fs.readFile(path.join(root, 'assets', 'generated', 'tall.png.json'), 'utf8')) as { image: { width: number; height: number } };
    assert.deepEqual([tallSidecar.image.width, tallSidecar.image.height], [100, 800]);

    fake.reset();
    for (const [option, value, message] of [
      ['--size', 'big', /--size takes WIDTHxHEIGHT in pixels, such as 512x512 \(got "big"\)/],
      ['--size', '0x630', /size/],
      ['--service-tier', 'cheap', /serviceTier/],
      ['--thinking-level', 'deep', /thinkingLevel must be one of/],
    ] as const) {
      const refused = await pictor(['generate', '-p', 'a banner', option, value, '--json'], root, env);
      assert.equal(refused.code, 2, `${option} ${value}: ${refused.stderr}`);
      assert.match(JSON.parse(refused.stdout).error.message, message);
    }
    assert.equal(fake.requests.length, 0, 'nothing is sent for bad options');
  });

  it('edits an image beside it and regenerates from a sidecar', async () => {
    const made = await pictor(['generate', '-p', 'a fox', '-f', 'fox', '--out', 'art', '--json'], root, env);
    assert.equal(made.code, 0, made.stderr);
    const edited = await pictor(['edit', 'art/fox.png', '--prompt', 'make it blue', '--json'], root, env);
    assert.equal(edited.code, 0, edited.stderr);
    assert.deepEqual(JSON.parse(edited.stdout).images, [{ path: 'art/fox.edit-1.png', sidecar: 'art/fox.edit-1.png.json' }]);
    const editSidecar = JSON.parse(await fs.readFile(path.join(root, 'art', 'fox.edit-1.png.json'), 'utf8')) as { parent: { path: string } };
    assert.equal(editSidecar.parent.path, 'art/fox.png');
    const again = await pictor(['regenerate', 'art/fox.png.json', '--json'], root, env);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(JSON.parse(again.stdout).images, [{ path: 'art/a-fox.png', sidecar: 'art/a-fox.png.json' }]);
    const sidecar = JSON.parse(await fs.readFile(path.join(root, 'art', 'a-fox.png.json'), 'utf8')) as { prompt: string };
    assert.equal(sidecar.prompt, 'a fox');
  });

  it('refuses a reference that is a symbolic link out of the root', async () => {
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'pictor-cli-outside-'));
    try {
      await fs.writeFile(path.join(outside, 'secret.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
      await fs.symlink(path.join(outside, 'secret.png'), path.join(root, 'ref.png'));
      const run = await pictor(['generate', '-p', 'a fox', '-r', 'ref.png', '--json'], root, env);
      assert.equal(run.code, 2);
      assert.match(JSON.parse(run.stdout).error.message, /symbolic link/);
      assert.deepEqual(fake.requests, []);
    } finally {
      await fs.rm(outside, { recursive: true, force: true });
    }
  });

  it('takes the root from --root, and has help for each command', async () => {
    const elsewhere = await fs.mkdtemp(path.join(os.tmpdir(), 'pictor-cli-cwd-'));
    try {
      const run = await pictor(['generate', '-p', 'a fox', '--root', root, '--json'], elsewhere, env);
      assert.equal(run.code, 0, run.stderr);
      assert.ok(existsSync(path.join(root, JSON.parse(run.stdout).images[0].path)));
      assert.deepEqual(await fs.readdir(elsewhere), []);
    } finally {
      await fs.rm(elsewhere, { recursive: true, force: true });
    }
    for (const command of ['generate', 'edit', 'regenerate', 'batch']) {
      const help = await pictor([command, '--help'], root, {});
      assert.equal(help.code, 0);
      assert.match(help.stdout, new RegExp(`Usage: pictor ${command}`));
      assert.match(help.stdout, /Exit codes: 0 success/);
    }
  });

  it('submits a manifest as a batch job, reports its state and downloads its images', async () => {
    fake.setBatchOptions({ pollsToComplete: 1 });
    await fs.writeFile(path.join(root, 'icons.pictor-batch.jsonl'), `${JSON.stringify({ prompt: 'a fox', fileName: 'fox', outputFolder: 'batch' })}\n${JSON.stringify({ prompt: 'a cat', outputFolder: 'batch' })}\n`);
    const submitted = await pictor(['batch', 'submit', 'icons.pictor-batch.jsonl', '--json'], root, env);
    assert.equal(submitted.code, 0, submitted.stderr);
    const [job] = (JSON.parse(submitted.stdout) as { jobs: Array<{ name: string; count: number }> }).jobs;
    assert.equal(job!.count, 2);
    let state = '';
    for (let i = 0; i < 20 && state !== 'JOB_STATE_SUCCEEDED'; i++) {
      const status = await pictor(['batch', 'status', job!.name, '--json'], root, env);
      assert.equal(status.code, 0, status.stderr);
      state = (JSON.parse(status.stdout) as { state: string }).state;
    }
    assert.equal(state, 'JOB_STATE_SUCCEEDED');
    const downloaded = await pictor(['batch', 'download', job!.name, '--json'], root, env);
    assert.equal(downloaded.code, 0, downloaded.stderr);
    const paths = (JSON.parse(downloaded.stdout) as { images: Array<{ path: string }> }).images.map((i) => i.path).sort();
    assert.deepEqual(paths, ['batch/a-cat.png', 'batch/fox.png']);
    for (const p of paths) assert.ok(existsSync(path.join(root, `${p}.json`)));
  });
});
