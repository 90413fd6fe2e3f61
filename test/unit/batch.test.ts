import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { forEachLine } from '../../src/batch/results-file';
import { estimateSpecs } from '../../src/core/estimate';
import { pricePerImageUsd } from '../../src/core/prices';
import { DEFAULT_MODEL, PRO_MODEL } from '../../src/core/models';
import { isActive, isFinished, pictorCodeForRpc, readOperation, toJobState } from '../../src/core/batch-job';
import { parseManifest, readManifest } from '../../src/core/batch-manifest';
import { contentFingerprint, inlineBodyBytes, requestKey, toInputFileLine, type KeyedRequest } from '../../src/core/batch-requests';
import { failureFromStatus, parseResultLine, readResult } from '../../src/core/batch-results';
import { buildRequest } from '../../src/core/request';
import type { GenerationSpec } from '../../src/core/spec';
import { batchLineJsonSchema } from '../../src/core/batch-manifest-json-schema';
import { planJobs, type LocationCodec, type SpecResolver } from '../../src/batch/submit';
import { INLINE_REQUEST_LIMIT_BYTES } from '../../src/core/models';
import { PictorError } from '../../src/core/errors';

const spec = (prompt: string, extra: Partial<GenerationSpec> = {}): GenerationSpec => ({
  prompt,
  preset: 'none',
  model: DEFAULT_MODEL,
  aspectRatio: '1:1',
  count: 1,
  inputs: [],
  ...extra,
});
const keyed = (prompts: string[]): KeyedRequest[] => prompts.map((p, i) => ({ key: requestKey(i), request: buildRequest(spec(p)) }));

describe('batch core', () => {
  describe('job states', () => {
    it('maps the wire BATCH_STATE_* and the SDK JOB_STATE_* to one set', () => {
      assert.equal(toJobState('BATCH_STATE_RUNNING'), 'JOB_STATE_RUNNING');
      assert.equal(toJobState('JOB_STATE_SUCCEEDED'), 'JOB_STATE_SUCCEEDED');
      assert.equal(toJobState('BATCH_STATE_EXPIRED'), 'JOB_STATE_EXPIRED');
      assert.equal(toJobState('SOMETHING_NEW'), 'JOB_STATE_UNSPECIFIED');
      assert.equal(toJobState(undefined), 'JOB_STATE_UNSPECIFIED');
      assert.ok(isActive('JOB_STATE_PENDING') && !isActive('JOB_STATE_SUCCEEDED'));
      assert.ok(isFinished('JOB_STATE_CANCELLED') && !isFinished('JOB_STATE_RUNNING'));
    });

    it('reads the operation error, batch stats and results where the service puts them', () => {
      const failed = readOperation({
        name: 'batches/1',
        done: true,
        metadata: { state: 'BATCH_STATE_FAILED', model: 'models/gemini-2.5-flash-image', batchStats: { requestCount: '3', failedRequestCount: '3' } },
        error: { code: 3, message: 'Bad input file.' },
      });
      assert.equal(failed.state, 'JOB_STATE_FAILED');
      assert.equal(failed.model, 'gemini-2.5-flash-image');
      assert.deepEqual(failed.error, { code: 3, message: 'Bad input file.' });
      assert.deepEqual(failed.stats, { total: 3, succeeded: undefined, failed: 3, pending: undefined });

      const expired = readOperation({ name: 'batches/2', metadata: { state: 'BATCH_STATE_EXPIRED' } });
      assert.match(expired.error!.message, /48 hours/);

      const inline = readOperation({
        name: 'batches/3',
        metadata: { state: 'BATCH_STATE_SUCCEEDED' },
        response: { inlinedResponses: { inlinedResponses: [{ response: {}, metadata: { key: 'a' } }] } },
      });
      assert.equal(inline.inlinedResponses?.length, 1);
      const file = readOperation({ name: 'batches/4', metadata: { state: 'BATCH_STATE_SUCCEEDED', output: { responsesFile: 'files/r' } } });
      assert.equal(file.responsesFile, 'files/r');
    });

    it('maps per-request statuses to Pictor codes', () => {
      assert.equal(pictorCodeForRpc(8), 'quota');
      assert.equal(pictorCodeForRpc(3), 'badInput');
      assert.equal(pictorCodeForRpc(14), 'network');
      assert.equal(pictorCodeForRpc(13), 'server');
      assert.deepEqual(failureFromStatus('k', { code: 8, message: 'Slow down' }), { key: 'k', code: 'quota', status: 'RESOURCE_EXHAUSTED', message: 'Slow down' });
    });
  });

  describe('requests', () => {
    it('fingerprints the model and requests in any order, ignoring keys', () => {
      const a = contentFingerprint('m', keyed(['one', 'two', 'three']));
      const b = contentFingerprint('m', keyed(['three', 'one', 'two']));
      assert.equal(a, b);
      assert.notEqual(a, contentFingerprint('other-model', keyed(['one', 'two', 'three'])));
      assert.notEqual(a, contentFingerprint('m', keyed(['one', 'two', 'four'])));
      assert.notEqual(a, contentFingerprint('m', keyed(['one', 'two', 'three', 'three'])));
    });

    it('writes an input-file line as {"key","request"} with a REST generationConfig', () => {
      const line = toInputFileLine(keyed(['a fox'])[0]!);
      assert.ok(line.endsWith('\n'));
      const parsed = JSON.parse(line);
      assert.equal(parsed.key, 'pictor-0001');
      assert.equal(parsed.request.contents[0].parts[0].text, 'a fox');
      assert.deepEqual(parsed.request.generationConfig.responseModalities, ['TEXT', 'IMAGE']);
      // As the SDK sends them: store (and a tier) beside generationConfig, not inside it.
      assert.equal(parsed.request.store, false);
      assert.equal('store' in parsed.request.generationConfig, false);
      const flex = JSON.parse(toInputFileLine({ key: 'k', request: buildRequest(spec('a fox', { serviceTier: 'flex' })) }));
      assert.equal(flex.request.serviceTier, 'flex');
      assert.equal('serviceTier' in flex.request.generationConfig, false);
      assert.ok(inlineBodyBytes(keyed(['a fox'])) > line.length);
    });

    it('estimates the batch price through the one estimator, at the catalog\'s batch prices', () => {
      const specs = [spec('a', { count: 2 }), spec('b', { model: PRO_MODEL, imageSize: '4K' })];
      const batch = estimateSpecs(specs, 'batch');
      const interactive = estimateSpecs(specs, 'standard');
      assert.equal(batch.images, 3);
      assert.equal(batch.tier, 'batch');
      // The images alone, at the catalog's per-image batch price; the prompt adds a little on top.
      const imagesOnly = 2 * pricePerImageUsd(specs[0]!.model, '1K', 'batch')! + pricePerImageUsd(PRO_MODEL, '4K', 'batch')!;
      assert.ok(batch.usd! >= imagesOnly && batch.usd! < imagesOnly * 1.01, `${batch.usd} vs ${imagesOnly}`);
      assert.ok(Math.abs(batch.usd! - interactive.usd! / 2) < 1e-5, `batch ${batch.usd} is half of ${interactive.usd}`);
      assert.equal(estimateSpecs([spec('c', { model: 'custom-model' })], 'batch').usd, null);
    });
  });

  describe('manifests', () => {
    it('counts blank lines, so the bad line is named as the editor numbers it', () => {
      const text = ['{"prompt":"a"}', '', '{"prompt":"b","count":7}', 'not json', '{"prompt":"c"}'].join('\n');
      const { entries, problems } = readManifest(text);
      assert.deepEqual(entries.map((e) => e.line), [1, 5]);
      assert.deepEqual(problems.map((p) => p.line), [3, 4]);
      assert.throws(() => parseManifest(text, 'x.pictor-batch.jsonl'), (e: Error & { code?: string }) => e.code === 'badInput' && /Line 3 of x\.pictor-batch\.jsonl/.test(e.message));
      assert.throws(() => parseManifest('\n\n'), /no specs/);
    });

    it('names a line asking for what only an interactive run makes (transparent background, exact size)', () => {
      const text = ['{"prompt":"a","background":"opaque"}', '', '{"prompt":"b","background":"transparent"}', '{"prompt":"c","size":{"width":64,"height":64}}'].join('\n');
      const { entries, problems } = readManifest(text);
      assert.deepEqual(entries.map((e) => e.line), [1]);
      assert.deepEqual(problems.map((p) => p.line), [3, 4]);
      assert.match(problems[0]!.message, /transparent.*not available in a batch job/);
      assert.match(problems[1]!.message, /size.*not available in a batch job/);
    });
  });

  describe('results', () => {
    it('reads file lines and inline results by key', () => {
      assert.deepEqual(parseResultLine('{"key":"k1","response":{"candidates":[]}}'), { key: 'k1', response: { candidates: [] } });
      assert.equal(parseResultLine('{"key":"k2","error":{"code":8,"message":"x"}}').error?.code, 8);
      assert.equal(readResult({ response: {}, metadata: { key: 'k3' } }).key, 'k3');
      assert.equal(parseResultLine('{oops').key, undefined);
    });

    it('streams a file line by line, waiting for each line to be handled', async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'pictor-lines-'));
      const file = path.join(dir, 'r.jsonl');
      const long = 'x'.repeat(3 * 1024 * 1024);
      writeFileSync(file, `{"a":1}\r\n\n"${long}"\n{"b":2}`);
      const seen: number[] = [];
      let busy = false;
      await forEachLine(file, async (line) => {
        assert.ok(!busy, 'one line at a time');
        busy = true;
        await new Promise((r) => setTimeout(r, 5));
        seen.push(line.length);
        busy = false;
      });
      assert.deepEqual(seen, [7, long.length + 2, 7]);
      rmSync(dir, { recursive: true, force: true });
    });
  });
});

describe('batch job planning', () => {
  /** The resolver pictor.generate uses, reduced to what planning reads: model, count, prompt. */
  const resolve: SpecResolver<string> = async (args) => ({
    spec: spec(args.prompt, {
      model: args.model ?? DEFAULT_MODEL,
      count: args.count ?? 1,
      ...(args.aspectRatio ? { aspectRatio: args.aspectRatio } : {}),
      ...(args.imageSize ? { imageSize: args.imageSize } : {}),
    }),
    plan: { dir: args.outputFolder ?? 'out', baseName: 'image' },
  });
  const locations: LocationCodec<string> = { store: (l) => l, parse: (s) => s };
  const labelled = (specs: unknown[]) => specs.map((value, i) => ({ label: `specs[${i}]`, value }));
  /** Specs whose inline create request is about `mb` MB: 4 copies of a 19,000-character prompt each. */
  /** `n` requests of one spec, as specs of at most 4 images each. */
  const times = (n: number, value: Record<string, unknown>) => Array.from({ length: Math.ceil(n / 4) }, (_, i) => ({ ...value, count: Math.min(4, n - i * 4) }));
  const bulky = (mb: number) => Array.from({ length: Math.ceil((mb * 1024 * 1024) / (4 * 19_100)) }, (_, i) => ({ prompt: `${i} ${'x'.repeat(19_000)}`, count: 4 }));

  it("expands a spec's count into that many keyed requests and makes one job per model", async () => {
    const jobs = await planJobs(labelled([{ prompt: 'a', count: 3 }, { prompt: 'b', model: PRO_MODEL }, { prompt: 'c' }]), resolve, locations, undefined);
    assert.deepEqual(jobs.map((j) => [j.model, j.items.length]), [[DEFAULT_MODEL, 4], [PRO_MODEL, 1]]);
    assert.deepEqual(jobs[0]!.items.map((i) => i.key), ['pictor-0001', 'pictor-0002', 'pictor-0003', 'pictor-0004']);
    assert.deepEqual(jobs[0]!.stored.map((r) => r.key), jobs[0]!.items.map((i) => i.key));
    assert.ok(jobs.every((j) => j.mode === 'inline'));
  });

  it('sends inline under 20 MB and as an uploaded file from 20 MB in auto mode; inline over 20 MB is badInput', async () => {
    const small = await planJobs(labelled(times(12, { prompt: 'x'.repeat(19_000) })), resolve, locations, 'auto');
    assert.ok(inlineBodyBytes(small[0]!.items) < INLINE_REQUEST_LIMIT_BYTES);
    assert.equal(small[0]!.mode, 'inline');
    const big = await planJobs(labelled(bulky(21)), resolve, locations, undefined);
    assert.ok(inlineBodyBytes(big[0]!.items) >= INLINE_REQUEST_LIMIT_BYTES);
    assert.equal(big[0]!.mode, 'file');
    assert.equal((await planJobs(labelled([{ prompt: 'a' }]), resolve, locations, 'file'))[0]!.mode, 'file');
    await assert.rejects(planJobs(labelled(bulky(21)), resolve, locations, 'inline'), (e: PictorError) => e.code === 'badInput' && /over the 20 MB/.test(e.message));
  });

  it('uploads a file in auto mode when the answers would not fit in the status response an inline job returns them in', async () => {
    const fewLarge = await planJobs(labelled(times(2, { prompt: 'poster', model: PRO_MODEL, imageSize: '4K' })), resolve, locations, 'auto');
    assert.equal(fewLarge[0]!.mode, 'inline');
    const manyLarge = await planJobs(labelled(times(12, { prompt: 'poster', model: PRO_MODEL, imageSize: '4K' })), resolve, locations, 'auto');
    assert.ok(inlineBodyBytes(manyLarge[0]!.items) < INLINE_REQUEST_LIMIT_BYTES, 'a small create request');
    assert.equal(manyLarge[0]!.mode, 'file');
    assert.equal((await planJobs(labelled(times(30, { prompt: 'icon' })), resolve, locations, 'auto'))[0]!.mode, 'inline');
    assert.equal((await planJobs(labelled(times(60, { prompt: 'icon' })), resolve, locations, 'auto'))[0]!.mode, 'file');
    await assert.rejects(
      planJobs(labelled(times(12, { prompt: 'poster', model: PRO_MODEL, imageSize: '4K' })), resolve, locations, 'inline'),
      (e: PictorError) => e.code === 'badInput' && /would come back inline as about \d+ MB/.test(e.message) && /mode "file"/.test(e.message),
    );
  });

  it('names the first bad spec by its 0-based index, whatever is wrong with it', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ prompt: 'a', colour: 'red' }, /specs\[1\]: unknown field\(s\) colour/],
      [{ prompt: 'x'.repeat(20_001) }, /specs\[1\]: prompt: must be at most 20000 characters/],
      [{ prompt: '   ' }, /specs\[1\]: prompt/],
      ['a fox', /specs\[1\]: arguments: expected object/],
      [{ prompt: 'a', background: 'transparent' }, /specs\[1\]: background "transparent" .*not available in a batch job/],
      [{ prompt: 'a', size: { width: 64, height: 64 } }, /specs\[1\]: size .*not available in a batch job/],
      [{ prompt: 'a', model: 'gemini-2.5-flash-image-preview' }, /specs\[1\]: gemini-2\.5-flash-image-preview was shut down .*replacement/],
    ];
    for (const [bad, message] of cases) {
      await assert.rejects(planJobs(labelled([{ prompt: 'fine' }, bad, { prompt: 'also bad', count: 9 }]), resolve, locations, undefined), (e: PictorError) => {
        assert.equal(e.code, 'badInput');
        assert.match(e.message, message);
        assert.match(e.message, /Nothing was submitted\./);
        return true;
      });
    }
  });
});

describe('batch manifest schema', () => {
  it('ships the JSON Schema of a line made from the pictor.generate argument schema', () => {
    const shipped = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'schemas', 'pictor-batch-line.schema.json'), 'utf8'));
    assert.deepEqual(shipped, batchLineJsonSchema());
    assert.deepEqual(shipped.required, ['prompt']);
    assert.equal(shipped.additionalProperties, false);
    // What a batch job cannot make is not offered to a manifest line either.
    const properties = shipped.properties as Record<string, { enum?: string[] } | undefined>;
    assert.deepEqual(properties.background?.enum, ['opaque']);
    assert.equal(properties.size, undefined);
  });
});
