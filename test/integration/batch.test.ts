import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import { BatchService } from '../../src/batch/service';
import { BatchPoller } from '../../src/views/batch-jobs/poller';
import { BatchJobsTree } from '../../src/views/batch-jobs/tree';
import { checkJobsAtStartUp } from '../../src/views/batch-jobs/register';
import { EXPIRED_MESSAGE } from '../../src/core/batch-job';
import type { BatchJobRecord } from '../../src/batch/store';
import { specFromArgs } from '../../src/ui/generation-spec';
import { silentLogger } from '../../src/core/log';
import { DEFAULT_MODEL, LITE_MODEL, PRO_MODEL } from '../../src/core/models';
import { pricePerImageUsd } from '../../src/core/prices';
import { combineEstimates, estimateCost, formatUsd } from '../../src/core/estimate';
import { PresetRegistry } from '../../src/workspace/presets';
import { GeminiClient } from '../../src/gemini/client';
import { uriLocations, workspaceFilePort } from '../../src/workspace/file-port';
import { resolveWorkspaceFile } from '../../src/workspace/files';
import { ImageWriter } from '../../src/writer/image-writer';
import { startFakeGemini, type FakeGemini } from '../fake-gemini';
import { TEST_KEY, expectReject, fakeGeminiPerSuite, inWorkspace, listNames, readJson, removeIfExists } from './support';

interface JobInfo {
  name: string;
  displayName: string;
  model: string;
  state: string;
  count: number;
  mode: string;
  createdAt: string;
  updatedAt: string;
  estimatedCostUsd: number | null;
  downloaded: boolean;
  error?: { code: number | string; message: string };
}

interface Download {
  images: Array<{ uri: vscode.Uri; sidecar: vscode.Uri; key: string }>;
  failures: Array<{ key: string; code: string; status: string; message: string }>;
}

interface SpendSummary {
  totalUsd: number;
  images: number;
  requests: number;
  byModel: Record<string, { usd: number; images: number }>;
}

const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-5, `${what}: ${a} vs ${b}`);

const run = <T>(command: string, ...args: unknown[]) => vscode.commands.executeCommand(command, ...args) as Thenable<T>;

async function submit(args: Record<string, unknown>): Promise<JobInfo[]> {
  return (await run<{ jobs: JobInfo[] }>('pictor.batch.submit', args)).jobs;
}

/** Refreshes until the job reaches a final state, as a user pressing Refresh would. */
async function refreshUntilDone(name: string): Promise<JobInfo> {
  for (let i = 0; i < 10; i++) {
    const info = await run<JobInfo>('pictor.batch.refresh', name);
    if (!['JOB_STATE_PENDING', 'JOB_STATE_RUNNING'].includes(info.state)) return info;
  }
  assert.fail(`${name} did not finish`);
}

const prompts = (n: number, folder: string, extra: Record<string, unknown> = {}) =>
  Array.from({ length: n }, (_, i) => ({ prompt: `Batch icon number ${i + 1} in ${folder}`, outputFolder: folder, ...extra }));

describe('pictor.batch', function () {
  this.timeout(120_000);
  // Jobs left pending are polled by the extension at growing intervals, against whatever base URL a later
  // suite configures: they are deleted while this suite's server still answers (this hook runs before the
  // server's own teardown), so no request of this suite reaches another suite's server.
  after(async () => {
    for (const job of await run<JobInfo[]>('pictor.batch.list')) await run('pictor.batch.delete', job.name).then(undefined, () => undefined);
  });
  const suite = fakeGeminiPerSuite();
  let fake: FakeGemini;
  beforeEach(() => {
    fake = suite.fake;
  });
  const creates = () => fake.requests.filter((r) => r.action === 'batchGenerateContent');
  /** Requests other than the extension's own background polls of jobs left by earlier tests. */
  const sent = () => fake.requests.filter((r) => r.action !== 'batches.get' && r.action !== 'batches.list');

  it('submits 12 specs as one inline job, and its results become 12 images with sidecars', async () => {
    await removeIfExists(inWorkspace('assets', 'batch-twelve'));
    const [job, ...others] = await submit({ specs: prompts(12, 'assets/batch-twelve'), displayName: 'Twelve icons' });
    assert.equal(others.length, 0);
    assert.ok(job);
    assert.match(job.name, /^batches\//);
    assert.equal(job.displayName, 'Twelve icons');
    assert.equal(job.model, DEFAULT_MODEL);
    assert.equal(job.count, 12);
    assert.equal(job.mode, 'inline');
    assert.equal(job.state, 'JOB_STATE_PENDING');
    assert.equal(job.downloaded, false);
    assert.ok(!Number.isNaN(Date.parse(job.createdAt)));
    // 12 images at the catalog's batch price per image, plus the short prompts' input tokens.
    const perImage = pricePerImageUsd(DEFAULT_MODEL, '1K', 'batch')!;
    assert.ok(job.estimatedCostUsd !== null && job.estimatedCostUsd >= 12 * perImage && job.estimatedCostUsd < 12 * perImage * 1.01, String(job.estimatedCostUsd));

    const [create] = creates();
    assert.equal(create?.model, DEFAULT_MODEL);
    assert.equal(create?.apiKey, TEST_KEY);
    const requests = create?.body.batch.inputConfig.requests.requests as Array<{ request: any; metadata: { key: string } }>;
    assert.equal(requests.length, 12);
    assert.equal(new Set(requests.map((r) => r.metadata.key)).size, 12, 'every request has its own key');
    assert.deepEqual(requests[0]!.request.generationConfig.responseModalities, ['TEXT', 'IMAGE']);

    const done = await refreshUntilDone(job.name);
    assert.equal(done.state, 'JOB_STATE_SUCCEEDED');
    const result = await run<Download>('pictor.batch.download', job.name);
    assert.equal(result.images.length, 12);
    assert.deepEqual(result.failures, []);
    const names = await listNames(inWorkspace('assets', 'batch-twelve'));
    assert.equal(names.filter((n) => n.endsWith('.png')).length, 12);
    assert.equal(names.filter((n) => n.endsWith('.png.json')).length, 12);
    const first = result.images[0]!;
    const sidecar = await readJson(first.sidecar);
    assert.deepEqual(sidecar.batch, { job: job.name, key: first.key });
    assert.equal(sidecar.model, DEFAULT_MODEL);
    assert.match(sidecar.image.file, /^assets\/batch-twelve\/batch-icon-number-\d+/);
    assert.ok(sidecar.estimatedCostUsd > 0.8 * perImage && sidecar.estimatedCostUsd < 1.25 * perImage, `batch price ≈ ${perImage}: ${sidecar.estimatedCostUsd}`);

    const listed = (await run<JobInfo[]>('pictor.batch.list')).find((j) => j.name === job.name);
    assert.equal(listed?.downloaded, true);

    // A second download writes nothing new and returns the same images.
    const again = await run<Download>('pictor.batch.download', job.name);
    assert.deepEqual(await listNames(inWorkspace('assets', 'batch-twelve')), names);
    assert.deepEqual(
      again.images.map((i) => [i.key, i.uri.toString()]).sort(),
      result.images.map((i) => [i.key, i.uri.toString()]).sort(),
    );
  });

  it('refuses a manifest with a bad line 7, naming the line, and sends nothing', async () => {
    const lines = [
      '{"prompt": "one"}',
      '{"prompt": "two"}',
      '',
      '{"prompt": "three", "aspectRatio": "16:9"}',
      '{"prompt": "four"}',
      '{"prompt": "five"}',
      '{"prompt": "six", "count": 9}',
      '{"prompt": "seven"}',
    ];
    const manifest = inWorkspace('bad-line.pictor-batch.jsonl');
    await vscode.workspace.fs.writeFile(manifest, new TextEncoder().encode(lines.join('\n')));
    const error = await expectReject('pictor.batch.submit', { manifest: 'bad-line.pictor-batch.jsonl' });
    assert.equal(error.code, 'badInput');
    assert.match(error.message, /\bline 7\b/i);
    assert.match(error.message, /count/);
    assert.equal(fake.requests.length, 0, 'nothing reached the service');
  });

  it('names a bad spec by its index and sends nothing', async () => {
    const error = await expectReject('pictor.batch.submit', { specs: [{ prompt: 'fine' }, { prompt: 'bad', aspectRatio: '7:3' }] });
    assert.equal(error.code, 'badInput');
    assert.match(error.message, /specs\[1\]/);
    assert.equal(fake.requests.length, 0);
  });

  it('submits a manifest whose specs use two models as two jobs', async () => {
    const manifest = inWorkspace('two-models.pictor-batch.jsonl');
    const lines = [
      { prompt: 'flash one', outputFolder: 'assets/batch-mixed' },
      { prompt: 'pro one', model: PRO_MODEL, outputFolder: 'assets/batch-mixed' },
      { prompt: 'flash two', count: 2, outputFolder: 'assets/batch-mixed' },
    ];
    await vscode.workspace.fs.writeFile(manifest, new TextEncoder().encode(lines.map((l) => JSON.stringify(l)).join('\n')));
    const jobs = await submit({ manifest });
    assert.deepEqual(jobs.map((j) => [j.model, j.count]).sort(), [[DEFAULT_MODEL, 3], [PRO_MODEL, 1]].sort());
    assert.deepEqual(creates().map((r) => r.model).sort(), [DEFAULT_MODEL, PRO_MODEL].sort());
    assert.ok(jobs.every((j) => j.displayName.startsWith('two-models')));
  });

  it('uploads a JSONL file in file mode and reads the results from the responses file', async () => {
    await removeIfExists(inWorkspace('assets', 'batch-file'));
    const [job] = await submit({ specs: prompts(3, 'assets/batch-file'), mode: 'file' });
    assert.equal(job?.mode, 'file');
    assert.ok(fake.requests.some((r) => r.action === 'files.uploadStart'), 'the input file was uploaded');
    const fileName = creates()[0]?.body.batch.inputConfig.fileName;
    assert.match(String(fileName), /^files\//);
    await refreshUntilDone(job!.name);
    const result = await run<Download>('pictor.batch.download', job!.name);
    assert.ok(fake.requests.some((r) => r.action === 'files.download'), 'the responses file was downloaded');
    assert.equal(result.images.length, 3);
    assert.equal((await listNames(inWorkspace('assets', 'batch-file'))).filter((n) => n.endsWith('.png')).length, 3);
  });

  it('lists the requests that failed by key, with Pictor code and service status', async () => {
    await removeIfExists(inWorkspace('assets', 'batch-failures'));
    fake.setBatchOptions({
      scenarios: {
        'pictor-0002': { kind: 'error', status: 429 },
        'pictor-0004': { kind: 'blocked', blockReason: 'SAFETY' },
      },
    });
    const [job] = await submit({ specs: prompts(4, 'assets/batch-failures'), mode: 'file' });
    await refreshUntilDone(job!.name);
    const result = await run<Download>('pictor.batch.download', job!.name);
    assert.deepEqual(result.images.map((i) => i.key).sort(), ['pictor-0001', 'pictor-0003']);
    const byKey = Object.fromEntries(result.failures.map((f) => [f.key, f]));
    assert.equal(byKey['pictor-0002']?.code, 'quota');
    assert.equal(byKey['pictor-0002']?.status, 'RESOURCE_EXHAUSTED');
    assert.equal(byKey['pictor-0004']?.code, 'blocked');
    assert.equal(byKey['pictor-0004']?.status, 'SAFETY', 'the block reason, not a bare OK');

    // Downloading again returns the same images and failures without fetching the responses file again.
    const fetched = () => fake.requests.filter((r) => r.action === 'files.download').length;
    const before = fetched();
    const again = await run<Download>('pictor.batch.download', job!.name);
    assert.equal(fetched(), before, 'the responses file is not fetched again');
    assert.deepEqual(again.failures, result.failures);
    assert.deepEqual(again.images.map((i) => [i.key, i.uri.toString(), i.sidecar.toString()]), result.images.map((i) => [i.key, i.uri.toString(), i.sidecar.toString()]));
    assert.match(byKey['pictor-0004']!.message, /SAFETY/);
  });

  it('cancels a running job', async () => {
    fake.setBatchOptions({ pollsToComplete: 100 });
    const [job] = await submit({ specs: prompts(2, 'assets/batch-cancel') });
    const running = await run<JobInfo>('pictor.batch.refresh', job!.name);
    assert.equal(running.state, 'JOB_STATE_RUNNING');
    const cancelled = await run<JobInfo>('pictor.batch.cancel', job!.name);
    assert.equal(cancelled.state, 'JOB_STATE_CANCELLED');
    assert.ok(fake.requests.some((r) => r.action === 'batches.cancel'));
    const error = await expectReject('pictor.batch.download', job!.name);
    assert.equal(error.code, 'badInput');
    assert.match(error.message, /cancelled/);
  });

  it('deletes a job on the service and from the list', async () => {
    const [job] = await submit({ specs: prompts(1, 'assets/batch-delete') });
    await run('pictor.batch.delete', job!.name);
    assert.ok(fake.requests.some((r) => r.action === 'batches.delete' && r.path.endsWith(job!.name)));
    assert.ok(!(await run<JobInfo[]>('pictor.batch.list')).some((j) => j.name === job!.name));
    const error = await expectReject('pictor.batch.refresh', job!.name);
    assert.equal(error.code, 'badInput');
  });

  it('explains expired and failed jobs with the reason the service gives', async () => {
    fake.setBatchOptions({ finalState: 'EXPIRED' });
    const [expired] = await submit({ specs: prompts(1, 'assets/batch-expired') });
    const e = await refreshUntilDone(expired!.name);
    assert.equal(e.state, 'JOB_STATE_EXPIRED');
    assert.match(e.error!.message, /48 hours/);

    fake.setBatchOptions({ finalState: 'FAILED', failure: { status: 400, message: 'The input file holds no valid request.' } });
    const [failed] = await submit({ specs: prompts(1, 'assets/batch-failed') });
    const f = await refreshUntilDone(failed!.name);
    assert.equal(f.state, 'JOB_STATE_FAILED');
    assert.deepEqual(f.error, { code: 3, message: 'The input file holds no valid request.' });
    const error = await expectReject('pictor.batch.download', failed!.name);
    assert.match(error.message, /The input file holds no valid request/);
  });

  it('asks before submitting the same content again (scripts: badInput unless allowDuplicate)', async () => {
    const specs = prompts(2, 'assets/batch-dupe');
    const [first] = await submit({ specs, displayName: 'first' });
    const error = await expectReject('pictor.batch.submit', { specs: [...specs].reverse(), displayName: 'second' });
    assert.equal(error.code, 'badInput');
    assert.ok(error.message.includes(first!.name), error.message);
    assert.equal(creates().length, 1);
    const [again] = await submit({ specs, allowDuplicate: true });
    assert.notEqual(again?.name, first?.name);
  });

  it('never follows a redirect on batch and file calls, so the key stays on the configured origin', async () => {
    const elsewhere = await startFakeGemini();
    try {
      fake.setRedirect({ actions: ['files.uploadStart'], status: 307, location: `${elsewhere.url}/upload/v1beta/files` });
      const upload = await expectReject('pictor.batch.submit', { specs: prompts(1, 'assets/batch-redirect'), mode: 'file' });
      assert.equal(upload.code, 'network');
      assert.ok(!creates().length, 'no job was created');
      assert.ok(!(await run<JobInfo[]>('pictor.batch.list')).some((j) => j.displayName.includes('redirect')), 'no record left behind');

      fake.setRedirect(undefined);
      const [job] = await submit({ specs: prompts(1, 'assets/batch-redirect') });
      fake.setRedirect({ actions: ['batches.get', 'files.download'], location: `${elsewhere.url}/v1beta/${job!.name}` });
      const refresh = await expectReject('pictor.batch.refresh', job!.name);
      assert.equal(refresh.code, 'network');
      assert.equal(elsewhere.requests.length, 0, 'nothing reached the other origin');
    } finally {
      await elsewhere.close();
    }
  });

  it('says an unknown job name is bad input', async () => {
    for (const command of ['pictor.batch.refresh', 'pictor.batch.cancel', 'pictor.batch.delete', 'pictor.batch.download']) {
      const error = await expectReject(command, 'batches/does-not-exist');
      assert.equal(error.code, 'badInput', command);
    }
  });

  it('counts a job in pictor.spend.summary at its estimate until it is downloaded, then by its sidecars, never twice', async () => {
    // Only this test's job in the list, so the summary's changes are its own.
    for (const job of await run<JobInfo[]>('pictor.batch.list')) await run('pictor.batch.delete', job.name);
    await removeIfExists(inWorkspace('assets', 'batch-spend'));
    const before = await run<SpendSummary>('pictor.spend.summary');
    const [job] = await submit({ specs: prompts(3, 'assets/batch-spend'), displayName: 'Spend' });
    assert.ok(job && job.estimatedCostUsd !== null && job.estimatedCostUsd > 0);
    const submitted = await run<SpendSummary>('pictor.spend.summary');
    assert.equal(submitted.images, before.images + 3);
    assert.equal(submitted.requests, before.requests + 3);
    close(submitted.totalUsd, before.totalUsd + job.estimatedCostUsd, 'a submitted job counts at its estimate');
    close(submitted.byModel[DEFAULT_MODEL]!.usd, (before.byModel[DEFAULT_MODEL]?.usd ?? 0) + job.estimatedCostUsd, 'by model');

    assert.equal((await refreshUntilDone(job.name)).state, 'JOB_STATE_SUCCEEDED');
    const succeeded = await run<SpendSummary>('pictor.spend.summary');
    close(succeeded.totalUsd, submitted.totalUsd, 'a finished job not yet downloaded still counts at its estimate');

    const result = await run<Download>('pictor.batch.download', job.name);
    assert.equal(result.images.length, 3);
    const sidecars = await Promise.all(result.images.map((image) => readJson(image.sidecar)));
    const recorded = sidecars.reduce((sum, s) => sum + (s.estimatedCostUsd as number), 0);
    const downloaded = await run<SpendSummary>('pictor.spend.summary');
    assert.equal(downloaded.images, before.images + 3, 'three images, not six');
    close(downloaded.totalUsd, before.totalUsd + recorded, 'downloaded images count by their sidecars, once');
    // A second download writes nothing, and the total stays.
    await run<Download>('pictor.batch.download', job.name);
    close((await run<SpendSummary>('pictor.spend.summary')).totalUsd, downloaded.totalUsd, 'after a second download');
  });

  /** A batch service of its own on a fresh storage folder, talking to this suite's fake server. */
  async function ownService(presets: PresetRegistry) {
    const storageDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pictor-batch-store-'));
    return {
      storageDir,
      log: silentLogger,
      generator: { name: 'pictor', version: 'test' },
      client: async () => new GeminiClient({ apiKey: TEST_KEY, baseUrl: fake.url, timeoutSeconds: 30, log: silentLogger }),
      resolveSpec: (args: Parameters<typeof specFromArgs>[0]) => specFromArgs(args, presets),
      writer: new ImageWriter(workspaceFilePort, silentLogger),
      locations: uriLocations,
      locate: resolveWorkspaceFile,
    };
  }

  it('refuses hostile submissions with a clear badInput before anything is sent or recorded', async () => {
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'pictor-outside-'));
    const outsideManifest = path.join(outside, 'elsewhere.pictor-batch.jsonl');
    await fs.writeFile(outsideManifest, '{"prompt": "from outside"}\n');
    const retired = ['{"prompt": "fine"}', '', '{"prompt": "old", "model": "gemini-2.5-flash-image-preview"}'];
    await vscode.workspace.fs.writeFile(inWorkspace('retired.pictor-batch.jsonl'), new TextEncoder().encode(retired.join('\n')));
    const listedBefore = await run<JobInfo[]>('pictor.batch.list');
    const cases: Array<[string, unknown, RegExp]> = [
      ['no arguments at all', {}, /give either specs or manifest/],
      ['empty specs', { specs: [] }, /specs: must be at least 1 items/],
      ['both specs and manifest', { specs: [{ prompt: 'a' }], manifest: 'retired.pictor-batch.jsonl' }, /give either specs or manifest/],
      ['an absolute path outside the workspace', { manifest: outsideManifest }, /outside the workspace/],
      ['a Uri outside the workspace', { manifest: vscode.Uri.file(outsideManifest) }, /outside the workspace/],
      ['a relative path leaving the workspace', { manifest: '../elsewhere.pictor-batch.jsonl' }, /outside the workspace/],
      ['a manifest that does not exist', { manifest: 'no-such.pictor-batch.jsonl' }, /does not exist/],
      ['a retired model on line 3', { manifest: 'retired.pictor-batch.jsonl' }, /^line 3 of retired\.pictor-batch\.jsonl: gemini-2\.5-flash-image-preview was shut down .*replacement is /],
      ['a huge prompt', { specs: [{ prompt: 'x'.repeat(20_001) }] }, /^specs\[0\]: prompt: must be at most 20000 characters/],
      ['an unknown field in a spec', { specs: [{ prompt: 'a' }, { prompt: 'b', colour: 'red' }] }, /^specs\[1\]: unknown field\(s\) colour/],
      ['an unknown argument', { specs: [{ prompt: 'a' }], priority: 'high' }, /unknown field\(s\) priority/],
      ['an unknown mode', { specs: [{ prompt: 'a' }], mode: 'fast' }, /mode: must be one of "auto", "inline", "file"/],
      ['a transparent background', { specs: [{ prompt: 'a', background: 'transparent' }] }, /^specs\[0\]: background "transparent" .*not available in a batch job/],
      ['an output folder leaving the workspace', { specs: [{ prompt: 'a' }, { prompt: 'b', outputFolder: '../elsewhere' }] }, /^specs\[1\]: .*outside the workspace/],
      ['a reference outside the workspace', { specs: [{ prompt: 'a', references: [outsideManifest] }] }, /^specs\[0\]: .*outside the workspace/],
      ['specs that are not a list', { specs: 'a fox' }, /specs: expected array/],
    ];
    try {
      for (const [what, args, message] of cases) {
        const error = await expectReject('pictor.batch.submit', args);
        assert.equal(error.code, 'badInput', what);
        assert.match(error.message, message, what);
      }
      assert.deepEqual(sent(), [], 'nothing reached the service');
      assert.deepEqual(await run<JobInfo[]>('pictor.batch.list'), listedBefore, 'no job was recorded');
    } finally {
      await fs.rm(outside, { recursive: true, force: true });
    }
  });

  it('takes a manifest as an absolute path and returns exactly the BatchJobInfo fields', async () => {
    const manifest = inWorkspace('absolute.pictor-batch.jsonl');
    await vscode.workspace.fs.writeFile(manifest, new TextEncoder().encode('{"prompt": "absolute one", "count": 3, "outputFolder": "assets/batch-absolute"}\n\n'));
    const [job, ...more] = await submit({ manifest: manifest.fsPath });
    assert.equal(more.length, 0);
    assert.deepEqual(Object.keys(job!).sort(), ['count', 'createdAt', 'displayName', 'downloaded', 'estimatedCostUsd', 'mode', 'model', 'name', 'state', 'updatedAt']);
    assert.equal(job!.displayName, 'absolute', "the manifest's name without .pictor-batch.jsonl");
    assert.equal(job!.model, DEFAULT_MODEL, 'a bare model id');
    assert.equal(job!.count, 3, "the spec's count expands into three requests");
    assert.equal(creates()[0]?.body.batch.inputConfig.requests.requests.length, 3);
    assert.equal(job!.createdAt, new Date(job!.createdAt).toISOString(), 'ISO 8601');
    assert.equal(job!.updatedAt, new Date(job!.updatedAt).toISOString(), 'ISO 8601');
    assert.equal(job!.downloaded, false);
    // The view's Open Manifest (it passes the tree node) opens the manifest the job came from.
    await run('pictor.batch.openManifest', { job });
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), manifest.toString());
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    // refresh() without a name: every job, as the service reports them.
    const all = await run<JobInfo[]>('pictor.batch.refresh');
    assert.ok(Array.isArray(all) && all.some((j) => j.name === job!.name));
    await run('pictor.batch.delete', job!.name);
  });

  it('treats a succeeded job with the same requests as a duplicate, and a cancelled one as not', async () => {
    const specs = prompts(2, 'assets/batch-dupe-done');
    const [first] = await submit({ specs, displayName: 'done once' });
    assert.equal((await refreshUntilDone(first!.name)).state, 'JOB_STATE_SUCCEEDED');
    const error = await expectReject('pictor.batch.submit', { specs: [specs[1], specs[0]], displayName: 'another name' });
    assert.equal(error.code, 'badInput');
    assert.ok(error.message.includes(first!.name) && /succeeded/.test(error.message), error.message);

    fake.setBatchOptions({ pollsToComplete: 100 });
    const once = prompts(1, 'assets/batch-dupe-cancelled');
    const [cancelled] = await submit({ specs: once });
    await run('pictor.batch.cancel', cancelled!.name);
    const [again] = await submit({ specs: once });
    assert.notEqual(again!.name, cancelled!.name);
    assert.equal(creates().length, 3);
  });

  it('checks a manifest while it is edited: diagnostics name the line, the CodeLens shows count and both prices', async () => {
    const bad = inWorkspace('diagnosed.pictor-batch.jsonl');
    const lines = [
      '{"prompt": "fine"}',
      '',
      '{"prompt": "too many", "count": 9}',
      '{"prompt": "old", "model": "gemini-2.5-flash-image-preview"}',
      `{"prompt": "tall", "model": "${PRO_MODEL}", "aspectRatio": "1:8"}`,
    ];
    await vscode.workspace.fs.writeFile(bad, new TextEncoder().encode(lines.join('\n')));
    await vscode.workspace.openTextDocument(bad);
    const deadline = Date.now() + 10_000;
    while (vscode.languages.getDiagnostics(bad).length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const diagnostics = vscode.languages.getDiagnostics(bad).sort((a, b) => a.range.start.line - b.range.start.line);
    assert.deepEqual(diagnostics.map((d) => d.range.start.line), [2, 3, 4], 'editor lines 3, 4 and 5 (blank line 2 counted)');
    assert.match(diagnostics[0]!.message, /^Line 3: count: must be at most 4/);
    assert.match(diagnostics[1]!.message, /^Line 4: gemini-2\.5-flash-image-preview was shut down/);
    assert.match(diagnostics[2]!.message, new RegExp(`^Line 5: .*\\(${PRO_MODEL}\\) does not take aspect ratio 1:8`), 'the same catalog check as submitting');
    const [warning] = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', bad);
    assert.match(warning?.command?.title ?? '', /Fix 3 line\(s\)/);

    const good = inWorkspace('lensed.pictor-batch.jsonl');
    await vscode.workspace.fs.writeFile(good, new TextEncoder().encode('{"prompt": "a gear", "count": 2}\n{"prompt": "a cloud"}\n'));
    await vscode.workspace.openTextDocument(good);
    const [lens, ...others] = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', good);
    assert.equal(others.length, 0);
    assert.equal(lens?.range.start.line, 0, 'on the first line');
    const price = (tier: 'batch' | 'standard') =>
      formatUsd(combineEstimates([{ prompt: 'a gear', count: 2 }, { prompt: 'a cloud', count: 1 }].map((r) => estimateCost({ model: DEFAULT_MODEL, imageSize: '1K', tier, ...r }))).usd);
    assert.equal(lens?.command?.title, `$(cloud-upload) Submit Batch: 3 images · ${price('batch')} at batch price (interactive ${price('standard')})`);
    assert.equal(lens?.command?.command, 'pictor.batch.submitManifest');
    assert.deepEqual(sent(), [], 'editing sends nothing');
  });

  it("counts a line's workspace preset defaults in its diagnostics and price, as submitting does", async () => {
    const presetsFile = inWorkspace('.pictor', 'presets.json');
    await vscode.workspace.fs.writeFile(
      presetsFile,
      new TextEncoder().encode(
        JSON.stringify({
          presets: [
            { id: 'pro-poster', label: 'Pro poster', template: 'A poster of {{prompt}}.', defaults: { model: PRO_MODEL, imageSize: '2K' } },
            { id: 'lite-icon', label: 'Lite icon', template: 'An icon of {{prompt}}.', defaults: { model: LITE_MODEL } },
          ],
        }),
      ),
    );
    try {
      const manifest = inWorkspace('preset-defaults.pictor-batch.jsonl');
      await vscode.workspace.fs.writeFile(
        manifest,
        new TextEncoder().encode('{"prompt": "a launch", "preset": "pro-poster"}\n{"prompt": "a gear", "preset": "lite-icon", "imageSize": "4K"}\n{"prompt": "a typo", "preset": "lite-icn"}\n'),
      );
      await vscode.workspace.openTextDocument(manifest);
      // The presets file reaches the registry through a file watcher: the diagnostics settle once it has.
      const lines = () => vscode.languages.getDiagnostics(manifest).sort((a, b) => a.range.start.line - b.range.start.line);
      const deadline = Date.now() + 10_000;
      while (lines().map((d) => d.range.start.line).join() !== '1,2' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const [diagnostic, typo, ...more] = lines();
      assert.equal(more.length, 0);
      assert.match(diagnostic?.message ?? '', new RegExp(`^Line 2: .*\\(${LITE_MODEL}\\).*4K`), "the preset's model does not make 4K");
      assert.equal(diagnostic?.range.start.line, 1);
      assert.match(typo?.message ?? '', /^Line 3: Unknown preset "lite-icn"\. Presets: .*pro-poster, lite-icon/, 'a preset that is nowhere, named with the ones there are');

      await vscode.workspace.fs.writeFile(manifest, new TextEncoder().encode('{"prompt": "a launch", "preset": "pro-poster"}\n{"prompt": "a gear", "preset": "lite-icon"}\n'));
      const document = await vscode.workspace.openTextDocument(manifest);
      const price = (tier: 'batch' | 'standard') =>
        formatUsd(
          combineEstimates([
            estimateCost({ model: PRO_MODEL, imageSize: '2K', tier, prompt: 'a launch', count: 1 }),
            estimateCost({ model: LITE_MODEL, imageSize: '1K', tier, prompt: 'a gear', count: 1 }),
          ]).usd,
        );
      const expected = `$(cloud-upload) Submit Batch: 2 images · ${price('batch')} at batch price (interactive ${price('standard')})`;
      let title = '';
      for (const end = Date.now() + 10_000; Date.now() < end && title !== expected; await new Promise((r) => setTimeout(r, 100))) {
        title = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri))[0]?.command?.title ?? '';
      }
      assert.equal(title, expected, 'Pro at 2K and Lite at 1K, as the presets say');
      assert.deepEqual(sent(), [], 'editing sends nothing');
    } finally {
      await vscode.workspace.fs.delete(presetsFile);
    }
  });

  it("marks a line whose preset fields its preset does not take, as submitting refuses it", async () => {
    const manifest = inWorkspace('preset-fields.pictor-batch.jsonl');
    await vscode.workspace.fs.writeFile(
      manifest,
      new TextEncoder().encode(
        [
          '{"prompt": "a badge", "preset": "logo", "presetFields": {"name": "Acme"}}',
          '{"prompt": "a gear", "preset": "app-icon", "presetFields": {"colour": "red"}}',
          '{"prompt": "a login page", "preset": "ui-mockup", "presetFields": {"screen": "watch"}}',
        ].join('\n'),
      ),
    );
    await vscode.workspace.openTextDocument(manifest);
    const lines = () => vscode.languages.getDiagnostics(manifest).sort((a, b) => a.range.start.line - b.range.start.line);
    const deadline = Date.now() + 10_000;
    while (lines().length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const [unknownField, badValue, ...more] = lines();
    assert.equal(more.length, 0, 'the logo line is fine');
    assert.equal(unknownField?.range.start.line, 1);
    assert.match(unknownField?.message ?? '', /^Line 2: Unknown field "colour" for preset "app-icon"; its fields are .*color/);
    assert.equal(badValue?.range.start.line, 2);
    assert.match(badValue?.message ?? '', /^Line 3: Field "screen" of preset "ui-mockup" must be/);
    const [lens] = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', manifest);
    assert.match(lens?.command?.title ?? '', /Fix 2 line\(s\)/, 'no Submit Batch for lines that submitting refuses');

    const error = await expectReject('pictor.batch.submit', { manifest: 'preset-fields.pictor-batch.jsonl' });
    assert.equal(error.code, 'badInput');
    assert.match(error.message, /Unknown field "colour" for preset "app-icon"/, 'the same check as submitting');
    assert.deepEqual(sent(), [], 'nothing is sent');
  });

  it('reports upload progress in file mode, and leaves no record when it stops before the create call', async () => {
    const presets = new PresetRegistry(silentLogger);
    const deps = await ownService(presets);
    const service = new BatchService(deps);
    try {
      const messages: string[] = [];
      // About 8.8 MB of requests: the SDK uploads them in two 8 MiB chunks.
      const specs = Array.from({ length: 120 }, (_, i) => ({ prompt: `${i} ${'x'.repeat(19_000)}`, count: 4, outputFolder: 'assets/batch-progress' }));
      const { jobs } = await service.submit({ specs, mode: 'file' }, { progress: { report: (m) => messages.push(m) } });
      assert.equal(jobs[0]?.mode, 'file');
      assert.equal(jobs[0]?.count, 480);
      const said = messages.join(' | ');
      assert.match(said, /^Uploading 480 requests \((8\.[1-9]) MB\)… \| Uploading 480 requests: 8\.0 of \1 MB… \| Uploaded \1 MB \| /, said);

      const controller = new AbortController();
      controller.abort();
      await assert.rejects(service.submit({ specs: prompts(1, 'assets/batch-stopped'), mode: 'file' }, { signal: controller.signal }), (e: Error & { code?: string }) => e.code === 'cancelled');
      assert.deepEqual((await service.list()).map((j) => j.name), jobs.map((j) => j.name), 'no unconfirmed record for a job that was never created');
      assert.deepEqual(await fs.readdir(path.join(deps.storageDir, 'inputs')), [], 'no input file left in storage');
      assert.equal(creates().length, 1);
    } finally {
      service.dispose();
      presets.dispose();
      await fs.rm(deps.storageDir, { recursive: true, force: true });
    }
  });

  it('resumes an interrupted download: only the missing results are written, and all are returned', async () => {
    const folder = inWorkspace('assets', 'batch-resume');
    await removeIfExists(folder);
    const presets = new PresetRegistry(silentLogger);
    const deps = await ownService(presets);
    const service = new BatchService(deps);
    try {
      const { jobs } = await service.submit({ specs: prompts(12, 'assets/batch-resume'), mode: 'file' });
      const name = jobs[0]!.name;
      let state = jobs[0]!.state;
      for (let i = 0; i < 10 && state !== 'JOB_STATE_SUCCEEDED'; i++) state = (await service.refresh(name)).state;
      assert.equal(state, 'JOB_STATE_SUCCEEDED');
      // Stopped by the user once ten results are through.
      const controller = new AbortController();
      const stopAtTen = { report: (message: string) => void (/^10 of 12/.test(message) && controller.abort()) };
      await assert.rejects(service.download(name, stopAtTen, controller.signal), (e: Error & { code?: string }) => e.code === 'cancelled');
      const pngs = async () => (await listNames(folder)).filter((n) => n.endsWith('.png'));
      assert.equal((await pngs()).length, 10);
      assert.equal((await service.list())[0]?.downloaded, false);

      const resumed = await service.download(name);
      assert.equal(resumed.images.length, 12);
      assert.equal(new Set(resumed.images.map((i) => i.key)).size, 12);
      assert.equal((await pngs()).length, 12, 'the ten already written are not written again');
      assert.equal((await service.list())[0]?.downloaded, true);

      // Once every result is through, another download is answered from the ledger: no request at all.
      const requests = fake.requests.length;
      const third = await service.download(name);
      assert.equal(fake.requests.length, requests);
      assert.deepEqual(third.images.map((i) => [i.key, i.uri.toString()]), resumed.images.map((i) => [i.key, i.uri.toString()]));
      assert.equal((await pngs()).length, 12);
    } finally {
      service.dispose();
      presets.dispose();
      await fs.rm(deps.storageDir, { recursive: true, force: true });
    }
  });

  it('at the next start explains an interrupted submission, refreshes unfinished jobs and offers finished ones for download', async () => {
    const presets = new PresetRegistry(silentLogger);
    const deps = await ownService(presets);
    const before = new BatchService(deps);
    let after: BatchService<vscode.Uri> | undefined;
    try {
      const [done] = (await before.submit({ specs: prompts(2, 'assets/batch-startup-done'), displayName: 'ready at start' })).jobs;
      let state = done!.state;
      for (let i = 0; i < 10 && state !== 'JOB_STATE_SUCCEEDED'; i++) state = (await before.refresh(done!.name)).state;
      assert.equal(state, 'JOB_STATE_SUCCEEDED');
      fake.setBatchOptions({ pollsToComplete: 100 });
      const [running] = (await before.submit({ specs: prompts(1, 'assets/batch-startup-running') })).jobs;
      // The window closed while a third submission waited for the create call's answer.
      const [record] = await before.store.all();
      await before.store.put({ ...record!, id: 'cut-short', name: undefined, state: 'JOB_STATE_UNSPECIFIED', submitting: true, displayName: 'cut short', fingerprint: 'cut-short' });
      before.dispose();

      after = new BatchService(deps);
      const shown: string[] = [];
      const ran: string[] = [];
      const ui = {
        warn: async (message: string) => void shown.push(message),
        inform: async (message: string, ...actions: string[]) => {
          shown.push(`${message} [${actions.join(' | ')}]`);
          return 'Download';
        },
        execute: async (command: string, ...args: unknown[]) => void ran.push(`${command} ${(args[0] as { job: JobInfo }).job.name}`),
      };
      let pollerUpdates = 0;
      const from = fake.requests.length;
      await checkJobsAtStartUp({ log: silentLogger, hasKey: async () => true }, after, { update: async () => void pollerUpdates++ }, ui);
      assert.match(shown[0]!, /^Pictor: 1 batch submission\(s\) were interrupted before the service confirmed them; they may or may not exist there/);
      assert.equal(shown[1], 'Pictor: 1 batch job(s) finished and can be downloaded: "ready at start". [Download | Show Batch Jobs]');
      assert.deepEqual(ran, [`pictor.batch.download ${done!.name}`], 'Download downloads the finished job');
      const asked = fake.requests.slice(from);
      assert.ok(asked.some((r) => r.action === 'batches.get' && r.path.endsWith(running!.name)), 'the unfinished job was refreshed');
      assert.ok(!asked.some((r) => r.action === 'batches.get' && r.path.endsWith(done!.name)), 'a finished job is not asked about again');
      assert.ok(asked.some((r) => r.action === 'batches.list'), 'the interrupted submission was looked for among the service\'s jobs');
      assert.equal(pollerUpdates, 1, 'the poller and status bar learn what runs');
      assert.equal((await after.list()).find((j) => j.name === 'local/cut-short')?.error?.code, 'unconfirmed');
    } finally {
      after?.dispose();
      presets.dispose();
      await fs.rm(deps.storageDir, { recursive: true, force: true });
    }
  });

  it('keeps the job list across a reload and explains a submission a crash interrupted', async () => {
    const presets = new PresetRegistry(silentLogger);
    const deps = await ownService(presets);
    const storageDir = deps.storageDir;
    const before = new BatchService(deps);
    const { jobs } = await before.submit({ specs: prompts(2, 'assets/batch-reload') });
    // A crash between writing the record and the create call's answer leaves a record like this one.
    const records = await before.store.all();
    await before.store.put({ ...records[0]!, id: 'crashed', name: undefined, submitting: true, displayName: 'interrupted' });
    before.dispose();

    const after = new BatchService(deps);
    const listed = await after.list();
    assert.deepEqual(listed.find((j) => j.name === jobs[0]!.name), jobs[0]);
    const interrupted = await after.recoverInterrupted();
    assert.equal(interrupted.length, 1);
    assert.equal(interrupted[0]!.name, 'local/crashed');
    assert.equal(interrupted[0]!.error?.code, 'unconfirmed');
    assert.match(interrupted[0]!.error!.message, /may or may not exist/);
    assert.equal((await after.refresh(jobs[0]!.name)).state, 'JOB_STATE_RUNNING');
    // Still unconfirmed while the service has no such job; adopted once it lists one.
    assert.deepEqual(await after.reconcileUnconfirmed(), []);
    const client = await deps.client();
    const created = await client.createBatch(DEFAULT_MODEL, { inlinedRequests: [{ contents: [{ role: 'user', parts: [{ text: 'x' }] }], metadata: { key: 'pictor-0001' } }] }, 'interrupted');
    const [adopted, ...more] = await after.reconcileUnconfirmed();
    assert.equal(more.length, 0);
    assert.equal(adopted?.name, created.name);
    assert.equal(adopted?.error, undefined);
    assert.equal((await after.list()).filter((j) => j.name.startsWith('local/')).length, 0);
    after.dispose();
    presets.dispose();
    await fs.rm(storageDir, { recursive: true, force: true });
  });
});

describe('Batch Jobs polling', function () {
  this.timeout(20_000);

  it('checks active jobs with a wait that doubles from 15 s to 10 min, starts over when a job changes, and stops when none runs', async () => {
    const job = (updatedAt: string, state = 'JOB_STATE_RUNNING'): JobInfo => ({
      name: 'batches/polled', displayName: 'polled', model: DEFAULT_MODEL, state, count: 1, mode: 'inline',
      createdAt: '2026-01-01T00:00:00.000Z', updatedAt, estimatedCostUsd: null, downloaded: false,
    });
    let current = [job('2026-01-01T00:00:00.000Z')];
    let reported: JobInfo[] | undefined;
    const listeners = new Set<() => void>();
    const batches = {
      list: async () => current,
      // Like the service: each refresh rewrites the records (firing changes) before it returns.
      refreshAll: async () => {
        if (reported) [current, reported] = [reported, undefined];
        listeners.forEach((listener) => listener());
        await new Promise((resolve) => setTimeout(resolve, 5));
        return current;
      },
      onDidChange: (listener: () => void) => {
        listeners.add(listener);
        return { dispose: () => void listeners.delete(listener) };
      },
    };
    const waits: Array<{ ms: number; run: () => void }> = [];
    const poller = new BatchPoller(batches as never, silentLogger, {
      set: (run, ms) => waits.push({ ms, run }),
      clear: () => undefined,
    });
    /** Lets the last wait run out and waits for the check it starts to finish. */
    const elapse = async () => {
      const before = waits.length;
      waits.at(-1)!.run();
      for (let i = 0; i < 200 && waits.length === before; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    };
    try {
      await poller.update();
      assert.match((poller as unknown as { status: vscode.StatusBarItem }).status.text, /1 batch job$/);
      for (let i = 0; i < 6; i++) await elapse();
      assert.deepEqual(waits.map((w) => w.ms / 1000), [15, 30, 60, 120, 240, 480, 600], 'one wait per check, doubling up to 10 min');
      reported = [job('2026-01-01T01:00:00.000Z')];
      await elapse();
      assert.equal(waits.at(-1)!.ms, 15_000, 'a change starts over');
      reported = [job('2026-01-01T02:00:00.000Z', 'JOB_STATE_SUCCEEDED')];
      const count = waits.length;
      await elapse();
      assert.equal(waits.length, count, 'no job runs: no more checks');
    } finally {
      poller.dispose();
    }
  });
});

describe('Batch Jobs tree', () => {
  it('shows each job with its state icon, name, model, done / failed / total and time, newest first, and says why it ended', async () => {
    const record = (id: string, extra: Partial<BatchJobRecord>): BatchJobRecord => ({
      id, name: `batches/${id}`, displayName: id, model: DEFAULT_MODEL, state: 'JOB_STATE_SUCCEEDED', count: 12, mode: 'inline',
      createdAt: '2026-03-01T10:00:00.000Z', updatedAt: '2026-03-01T11:00:00.000Z', estimatedCostUsd: 0.3, downloaded: false,
      fingerprint: id, requests: [], ...extra,
    });
    const records = [
      record('running', { state: 'JOB_STATE_RUNNING', createdAt: '2026-03-02T10:00:00.000Z', stats: { total: 12, succeeded: 5, failed: 1, pending: 6 } }),
      record('failed', { state: 'JOB_STATE_FAILED', error: { code: 3, message: 'The input file holds no valid request.' } }),
      record('expired', { state: 'JOB_STATE_EXPIRED', error: { code: 'expired', message: EXPIRED_MESSAGE } }),
      record('cancelled', { state: 'JOB_STATE_CANCELLED', createdAt: '2026-02-01T10:00:00.000Z' }),
    ];
    const tree = new BatchJobsTree({ store: { all: async () => records }, onDidChange: () => ({ dispose() {} }) } as never);
    try {
      const nodes = await tree.getChildren();
      assert.deepEqual(nodes.map((n) => n.job.displayName), ['running', 'failed', 'expired', 'cancelled'], 'newest first');
      const items = Object.fromEntries(nodes.map((node) => [node.job.displayName, tree.getTreeItem(node)]));
      const icon = (name: string) => (items[name]!.iconPath as vscode.ThemeIcon).id;
      // The tooltip is Markdown made with appendText: read it back as the text a user sees.
      const tooltip = (name: string) => (items[name]!.tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
      assert.deepEqual(['running', 'failed', 'expired', 'cancelled'].map(icon), ['sync~spin', 'error', 'watch', 'circle-slash']);
      assert.equal(items.running!.label, 'running');
      const time = new Date('2026-03-01T11:00:00.000Z').toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
      assert.equal(items.running!.description, `${DEFAULT_MODEL} · 5 done / 1 failed / 12 · running · ${time}`);
      assert.match(items.failed!.description as string, new RegExp(`^${DEFAULT_MODEL} · 12 requests · failed · `));
      assert.match(tooltip('running'), /Created .* · updated /);
      assert.match(tooltip('failed'), /Why: The input file holds no valid request\. \(code 3\)/);
      assert.match(tooltip('expired'), /Why: The job was pending or running for more than 48 hours/);
      assert.match(tooltip('cancelled'), /Cancelled: the job was cancelled before it finished/);
      assert.match(items.running!.contextValue!, /\bactive\b/);
      assert.match(items.cancelled!.contextValue!, /\bremote\b/);
      assert.doesNotMatch(items.cancelled!.contextValue!, /\b(active|succeeded)\b/, 'no Cancel or Download for a cancelled job');
    } finally {
      tree.dispose();
    }
  });
});
