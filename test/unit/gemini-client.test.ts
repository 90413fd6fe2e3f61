import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Logger } from '../../src/core/log';
import { buildRequest } from '../../src/core/request';
import { parseResponse } from '../../src/core/response';
import type { GenerationSpec } from '../../src/core/spec';
import { GeminiClient } from '../../src/gemini/client';
import { startFakeGemini, type FakeGemini } from '../fake-gemini';
import { failure } from '../support/rejection';

const KEY = 'unit-key-1234567890';
const spec: GenerationSpec = { prompt: 'a teapot', preset: 'none', model: 'gemini-3.1-flash-lite-image', aspectRatio: '3:2', count: 1, inputs: [] };

class MemoryLog implements Logger {
  lines: string[] = [];
  trace(m: string) { this.lines.push(m); }
  debug(m: string) { this.lines.push(m); }
  info(m: string) { this.lines.push(m); }
  warn(m: string) { this.lines.push(m); }
  error(m: string) { this.lines.push(m); }
}


describe('GeminiClient against the fake server (real SDK over HTTP)', function () {
  this.timeout(20_000);
  let fake: FakeGemini;
  let log: MemoryLog;
  const client = (options: Partial<ConstructorParameters<typeof GeminiClient>[0]> = {}) =>
    new GeminiClient({ apiKey: KEY, baseUrl: fake.url, timeoutSeconds: 10, retry: { maxRetries: 2, baseDelayMs: 50, maxDelayMs: 2000 }, log, ...options });

  before(async () => {
    fake = await startFakeGemini();
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.reset();
    log = new MemoryLog();
  });

  it('sends v1beta generateContent with the key header and the image config, and parses the image', async () => {
    const result = parseResponse(await client().generateContent(buildRequest(spec)));
    assert.equal(result.images.length, 1);
    const [request] = fake.requests;
    assert.equal(request?.path, '/v1beta/models/gemini-3.1-flash-lite-image:generateContent');
    assert.equal(request?.apiKey, KEY);
    assert.deepEqual(request?.body.generationConfig, { responseModalities: ['TEXT', 'IMAGE'], imageConfig: { aspectRatio: '3:2' } });
    assert.equal(request?.body.store, false, 'store: false travels at the top level of the body');
    assert.equal(request?.store, false);
    assert.equal(request?.body.serviceTier, undefined, 'the standard tier is not sent');
    assert.ok(log.lines.some((l) => /ok in \d+ ms/.test(l)));
  });

  it('puts thinkingLevel under generationConfig and serviceTier and store at the top level (SDK 3.3.0 on the wire)', async () => {
    const options = { ...spec, model: 'gemini-nano-banana-2.1', aspectRatio: '8:1' as const, imageSize: '2K' as const, thinkingLevel: 'medium' as const, serviceTier: 'flex' as const, store: true };
    const result = parseResponse(await client().generateContent(buildRequest(options)));
    assert.equal(result.images.length, 1);
    const [request] = fake.requests;
    assert.deepEqual(request?.body.generationConfig, {
      responseModalities: ['TEXT', 'IMAGE'],
      imageConfig: { aspectRatio: '8:1', imageSize: '2K' },
      thinkingConfig: { thinkingLevel: 'MEDIUM' },
    });
    assert.equal(request?.body.serviceTier, 'flex');
    assert.equal(request?.serviceTier, 'flex');
    assert.equal(request?.store, true);
  });

  it('lists the key\'s models (every page) and counts tokens without generating', async () => {
    const models = await client().listModels();
    assert.ok(models.some((m) => m.id === 'gemini-nano-banana-2.1' && m.methods?.includes('generateContent')));
    assert.ok(models.some((m) => m.id === 'gemini-4-flash-image-preview' && m.displayName === 'Nano Banana 4 (preview)'));
    assert.ok(((await client().countTokens('gemini-nano-banana-2.1')) ?? 0) > 0);
    assert.deepEqual(fake.requests.map((r) => r.action), ['models.list', 'countTokens']);
  });

  it('gets the service\'s 404 for a retired model id and its 400 for a thinking level the model lacks', async () => {
    const retired = await failure(client().generateContent(buildRequest({ ...spec, model: 'gemini-3-pro-image-preview' })));
    assert.equal(retired.status, 404);
    assert.equal(retired.message, 'gemini-3-pro-image-preview was shut down on 2026-06-25; its replacement is gemini-3-pro-image.');
    assert.equal(retired.replacement, 'gemini-3-pro-image');
    const badLevel = await failure(client().generateContent(buildRequest({ ...spec, model: 'gemini-3-pro-image', thinkingLevel: 'low' })));
    assert.equal(badLevel.code, 'badInput');
    assert.match(badLevel.message + (badLevel.detail ?? ''), /[Tt]hinking level/);
  });

  it('verifies a key with one cheap models.get call and reports an invalid one', async () => {
    await client().verifyKey('gemini-3.1-flash-lite-image');
    assert.deepEqual(fake.requests.map((r) => r.action), ['models.get']);
    const error = await failure(client({ apiKey: 'invalid-key-000' }).verifyKey('gemini-3.1-flash-lite-image'));
    assert.equal(error.code, 'invalidKey');
  });

  it('retries 503 then 429 (honouring RetryInfo) and succeeds', async () => {
    fake.enqueue({ kind: 'error', status: 503 }, { kind: 'error', status: 429, retryDelay: '0.2s' });
    const retries: number[] = [];
    const started = Date.now();
    await client().generateContent(buildRequest(spec), { onRetry: (_attempt, delay) => retries.push(delay) });
    assert.deepEqual(retries, [50, 200]);
    assert.ok(Date.now() - started >= 250);
    assert.equal(fake.requests.length, 3);
  });

  it('does not retry a 429 whose retry delay exceeds the limit, and keeps the delay for the user', async () => {
    fake.enqueue({ kind: 'error', status: 429, retryDelay: '45s' });
    const error = await failure(client().generateContent(buildRequest(spec)));
    assert.equal(error.code, 'quota');
    assert.equal(error.retryAfterSeconds, 45);
    assert.equal(fake.requests.length, 1);
  });

  it('cancels an in-flight request: the server sees the abort', async () => {
    fake.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const pending = client().generateContent(buildRequest(spec), { signal: controller.signal });
    await fake.waitForRequests(1);
    controller.abort();
    const error = await failure(pending);
    assert.equal(error.code, 'cancelled');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(fake.requests[0]?.aborted, true);
  });

  it('times out a hanging request as a network error naming the timeout', async () => {
    fake.enqueue({ kind: 'hang' });
    const error = await failure(client({ timeoutSeconds: 1 }).generateContent(buildRequest(spec)));
    assert.equal(error.code, 'network');
    assert.match(error.message, /within 1 s/);
  });

  it('maps an unreachable host to network and never puts the key into errors or the log', async () => {
    const error = await failure(client({ baseUrl: 'http://127.0.0.1:9' }).generateContent(buildRequest(spec)));
    assert.equal(error.code, 'network');
    fake.enqueue({ kind: 'error', status: 400, message: `bad key ${KEY}` });
    const bad = await failure(client().generateContent(buildRequest(spec)));
    assert.equal(bad.code, 'badInput');
    assert.ok(log.lines.length > 0);
    assert.ok(log.lines.every((l) => !l.includes(KEY)), log.lines.join('\n'));
  });

  it('uploads an input image through the Files API and returns its URI', async () => {
    const bytes = new Uint8Array(3 * 1024 * 1024).fill(7);
    const uploaded = await client().uploadImage(bytes, 'image/png', 'big.png');
    assert.match(uploaded.fileUri, /files\//);
    assert.ok(fake.requests.some((r) => r.action === 'files.uploadStart'));
  });
});

describe('the SDK version', () => {
  it('is @google/genai 3.3.0 exactly: in package.json, in the lock file and installed', () => {
    const root = path.resolve(__dirname, '..', '..', '..');
    const read = (file: string) => JSON.parse(readFileSync(path.join(root, file), 'utf8'));
    assert.equal(read('package.json').dependencies['@google/genai'], '3.3.0', 'pinned, without a range');
    assert.equal(read('package-lock.json').packages['node_modules/@google/genai'].version, '3.3.0');
    assert.equal(read('node_modules/@google/genai/package.json').version, '3.3.0');
  });
});
