import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { normalizeBaseUrl } from '../../src/core/base-url';
import { DEFAULT_MODEL } from '../../src/core/models';
import type { Logger } from '../../src/core/log';
import { buildRequest } from '../../src/core/request';
import { parseResponse } from '../../src/core/response';
import type { GenerationSpec } from '../../src/core/spec';
import { GeminiClient } from '../../src/gemini/client';
import { originGuardedFetch } from '../../src/gemini/origin-guard';
import { startFakeGemini, type FakeGemini } from '../fake-gemini';
import { failure } from '../support/rejection';

const KEY = 'unit-key-faults-0123456789';
const spec: GenerationSpec = { prompt: 'a lighthouse', preset: 'none', model: DEFAULT_MODEL, aspectRatio: '1:1', count: 1, inputs: [] };
const silent: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** Runs `check` against a local web server (not the API) that answers every request with `status` and an HTML page. */
async function withHtmlServer(status: number, page: string, check: (url: string) => Promise<void>): Promise<void> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(status, { 'content-type': 'text/html' }).end(page));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await check(`http://127.0.0.1:${(server.address() as { port: number }).port}`);
  } finally {
    server.close();
  }
}


describe('GeminiClient: the key stays on the configured origin (real SDK over HTTP)', function () {
  this.timeout(20_000);
  let fake: FakeGemini;
  /** A second server on another port, standing for the host a redirect points at; it answers like Gemini would. */
  let elsewhere: FakeGemini;
  const client = (baseUrl = fake.url) =>
    new GeminiClient({ apiKey: KEY, baseUrl, timeoutSeconds: 10, retry: { maxRetries: 2, baseDelayMs: 20, maxDelayMs: 2000 }, log: silent });

  before(async () => {
    fake = await startFakeGemini();
    elsewhere = await startFakeGemini();
  });
  after(async () => {
    await fake.close();
    await elsewhere.close();
  });
  beforeEach(() => {
    fake.reset();
    elsewhere.reset();
  });

  for (const status of [301, 302, 307, 308] as const) {
    it(`refuses a ${status} from generateContent to another port: network error naming both origins, nothing reaches the other origin`, async () => {
      fake.enqueue({ kind: 'redirect', status, location: `${elsewhere.url}/v1beta/models/${DEFAULT_MODEL}:generateContent` });
      const error = await failure(client().generateContent(buildRequest(spec)));
      assert.equal(error.code, 'network');
      assert.ok(error.message.includes(fake.url) && error.message.includes(elsewhere.url), error.message);
      assert.match(error.message, new RegExp(`redirect.*HTTP ${status}`));
      assert.equal(error.setting, 'pictor.api.baseUrl');
      assert.equal(elsewhere.requests.length, 0, 'the other origin received no request');
      assert.equal(fake.requests.length, 1, 'a redirect is not retried');
    });
  }

  it('refuses a redirect to another host name on the same port as well (localhost vs 127.0.0.1)', async () => {
    const otherHost = elsewhere.url.replace('127.0.0.1', 'localhost');
    fake.enqueue({ kind: 'redirect', location: `${otherHost}/v1beta/models/x:generateContent` });
    const error = await failure(client().generateContent(buildRequest(spec)));
    assert.equal(error.code, 'network');
    assert.ok(error.message.includes(otherHost), error.message);
    assert.equal(elsewhere.requests.length, 0);
  });

  for (const action of ['files.uploadStart', 'files.uploadChunk'] as const) {
    it(`refuses a redirect of the Files API (${action}): no upload request reaches the other origin`, async () => {
      fake.setRedirect({ actions: [action], status: 307, location: `${elsewhere.url}/upload/v1beta/files?upload_id=stolen` });
      const bytes = new Uint8Array(64 * 1024).fill(3);
      const error = await failure(client().uploadImage(bytes, 'image/png', 'pictor-test'));
      assert.equal(error.code, 'network');
      assert.ok(error.message.includes(elsewhere.url), error.message);
      assert.equal(elsewhere.requests.length, 0);
    });
  }

  const otherEndpoints: Array<[string, (c: GeminiClient, dir: string) => Promise<unknown>]> = [
    ['models.list', (c) => c.listModels()],
    ['countTokens', (c) => c.countTokens(DEFAULT_MODEL)],
    ['batchGenerateContent', (c) => c.createBatch(DEFAULT_MODEL, { inlinedRequests: [] }, 'redirected')],
    ['batches.get', (c) => c.getBatchOperation('batches/abc')],
    ['batches.list', (c) => c.listBatches()],
    ['batches.cancel', (c) => c.cancelBatch('batches/abc')],
    ['batches.delete', (c) => c.deleteBatch('batches/abc')],
    ['files.download', (c, dir) => c.downloadFile('files/abc', path.join(dir, 'results.jsonl'))],
  ];
  for (const [action, call] of otherEndpoints) {
    it(`refuses a 303 redirect of ${action} as well: nothing reaches the other origin`, async () => {
      fake.setRedirect({ actions: [action], status: 303, location: `${elsewhere.url}/v1beta/elsewhere` });
      const dir = mkdtempSync(path.join(os.tmpdir(), 'pictor-redirect-'));
      try {
        const error = await failure(call(client(), dir));
        assert.equal(error.code, 'network', `${action}: ${error.message}`);
        assert.match(error.message, /redirected the request \(HTTP 303\)/);
        assert.equal(elsewhere.requests.length, 0);
        assert.ok(fake.requests.some((r) => r.action === action), `the ${action} request reached the configured origin first`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('refuses a redirect of the key check (models.get)', async () => {
    fake.setRedirect({ actions: ['models.get'], location: `${elsewhere.url}/v1beta/models/${DEFAULT_MODEL}` });
    const error = await failure(client().verifyKey(DEFAULT_MODEL));
    assert.equal(error.code, 'network');
    assert.equal(elsewhere.requests.length, 0);
  });

  it('the guarded fetch sends nothing to a URL on another origin (e.g. an upload URL the server hands out)', async () => {
    const guarded = originGuardedFetch(fake.url);
    const error = await failure(guarded(`${elsewhere.url}/upload/v1beta/files?upload_id=1`, { method: 'POST', headers: { 'x-goog-api-key': KEY } }));
    assert.equal(error.code, 'network');
    assert.equal(elsewhere.requests.length, 0);
  });

  it('says how far a batch input upload got, chunk by chunk, on the configured origin only', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pictor-upload-'));
    const file = path.join(dir, 'input.jsonl');
    // Just over one 8 MiB chunk: two chunk requests, the second after 8 MiB were sent.
    writeFileSync(file, `${'{"key":"k","request":{}}\n'.repeat(Math.ceil((9 * 1024 * 1024) / 25))}`);
    try {
      const offsets: number[] = [];
      const name = await client().uploadBatchInput(file, 'pictor-progress', { onUploadOffset: (sent) => offsets.push(sent) });
      assert.match(name, /^files\//);
      assert.deepEqual(offsets, [0, 8 * 1024 * 1024]);
      assert.equal(elsewhere.requests.length, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('still works normally on the configured origin (uploads included)', async () => {
    const result = parseResponse(await client().generateContent(buildRequest(spec)));
    assert.equal(result.images.length, 1);
    const uploaded = await client().uploadImage(new Uint8Array(32 * 1024).fill(1), 'image/png', 'pictor-ok');
    assert.match(uploaded.fileUri, /files\//);
    assert.ok(fake.requests.every((r) => r.apiKey === KEY));
  });
});

describe('GeminiClient: errors that tell the truth (real SDK over HTTP)', function () {
  this.timeout(20_000);
  let fake: FakeGemini;
  const client = (baseUrl = fake.url) =>
    new GeminiClient({ apiKey: KEY, baseUrl, timeoutSeconds: 10, retry: { maxRetries: 2, baseDelayMs: 20, maxDelayMs: 2000 }, log: silent });

  before(async () => {
    fake = await startFakeGemini();
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());

  it('does not retry a 429 whose limit is 0, and says why in the service\'s words', async () => {
    const serviceMessage =
      'You exceeded your current quota, please check your plan and billing details. Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 0, model: gemini-3-pro-image';
    fake.enqueue({ kind: 'error', status: 429, retryDelay: '2s', quotaValue: '0', message: serviceMessage });
    const retries: number[] = [];
    const error = await failure(client().generateContent(buildRequest(spec), { onRetry: (n) => retries.push(n) }));
    assert.equal(error.code, 'quota');
    assert.equal(error.retryable, false);
    assert.deepEqual(retries, []);
    assert.equal(fake.requests.length, 1);
    assert.match(error.message, /no quota for this model/);
    assert.match(error.message, /limit: 0/);
    assert.doesNotMatch(error.message, /Try again in/);
  });

  it('does not retry a 429 for a spent daily quota, nor a billing 429 without a retry delay', async () => {
    fake.enqueue({ kind: 'error', status: 429, retryDelay: '3s', quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier' });
    const daily = await failure(client().generateContent(buildRequest(spec)));
    assert.equal(daily.retryable, false);
    assert.match(daily.message, /daily quota/);
    fake.enqueue({ kind: 'error', status: 429 });
    const billing = await failure(client().generateContent(buildRequest(spec)));
    assert.equal(billing.retryable, false);
    assert.match(billing.message, /check your plan and billing/);
    assert.equal(fake.requests.length, 2);
  });

  it('does not retry a 429 whose message alone names a per-day limit, even with a short retry delay', async () => {
    const serviceMessage =
      'You exceeded your current quota, please check your plan and billing details. Quota exceeded for metric: generativelanguage.googleapis.com/generate_requests_per_model_per_day, limit: 100, model: gemini-3-pro-image';
    fake.enqueue({ kind: 'error', status: 429, retryDelay: '1s', message: serviceMessage });
    const error = await failure(client().generateContent(buildRequest(spec)));
    assert.equal(error.code, 'quota');
    assert.equal(error.retryable, false);
    assert.equal(fake.requests.length, 1, 'not retried');
    assert.match(error.message, /daily quota for this model is used up/);
    assert.match(error.message, /per_model_per_day, limit: 100/);
    assert.doesNotMatch(error.message, /Try again in/);
  });

  it("gives a 5xx's own reason after the retries, and leaves a proxy's HTML page out", async () => {
    fake.enqueue({ kind: 'error', status: 503, message: 'The model is overloaded. Please try again later.', times: 3 });
    const overloaded = await failure(client().generateContent(buildRequest(spec)));
    assert.equal(overloaded.code, 'server');
    assert.equal(fake.requests.length, 3, 'retried twice');
    assert.match(overloaded.message, /HTTP 503.*Gemini said: "The model is overloaded\. Please try again later\."/);

    // A proxy in front of the API answering with its own error page.
    await withHtmlServer(502, '<html><body><h1>502 Bad Gateway</h1></body></html>', async (url) => {
      const badGateway = await failure(client(url).generateContent(buildRequest(spec)));
      assert.equal(badGateway.code, 'server');
      assert.equal(badGateway.message, 'Gemini had a server error (HTTP 502). Try again in a moment.');
    });
  });

  it('still retries a per-minute 429 that asks for a short wait', async () => {
    fake.enqueue({ kind: 'error', status: 429, retryDelay: '0.1s' });
    await client().generateContent(buildRequest(spec));
    assert.equal(fake.requests.length, 2);
  });

  it('reports a body labelled gzip that is not gzip as a server error (the server answered), not network', async () => {
    fake.enqueue({ kind: 'badGzip' });
    const error = await failure(client().generateContent(buildRequest(spec)));
    assert.equal(error.code, 'server');
    assert.match(error.message, /answered, but its response could not be read/);
  });

  it('keeps a refused connection a network error', async () => {
    const error = await failure(client('http://127.0.0.1:9').generateContent(buildRequest(spec)));
    assert.equal(error.code, 'network');
  });

  for (const suffix of ['/v1beta', '/v1beta/', '/v1', '/v1alpha//', '/v1beta/models/']) {
    it(`drops a trailing API version from the base URL (${suffix}): requests go to /v1beta/models/…`, async () => {
      await client(`${fake.url}${suffix}`).generateContent(buildRequest(spec));
      assert.equal(fake.requests[0]?.path, `/v1beta/models/${DEFAULT_MODEL}:generateContent`);
    });
  }

  for (const [what, base] of [
    ['a user name and password (fetch will not send them)', (url: string) => url.replace('http://', 'http://user:secret@')],
    ['a query (the SDK would append its path after it)', (url: string) => `${url}/?key=AIzaFromTheQuery`],
    ['a fragment', (url: string) => `${url}/#models`],
  ] as const) {
    it(`refuses a base URL with ${what}: badInput about the base URL, nothing sent, never Google instead`, async () => {
      const error = await failure(client(base(fake.url)).generateContent(buildRequest(spec)));
      assert.equal(error.code, 'badInput');
      assert.match(error.message, /pictor\.api\.baseUrl is not an http\(s\) URL Pictor can use/);
      assert.match(error.message, /without a user name, password, query or fragment/);
      assert.doesNotMatch(error.message, /secret|AIzaFromTheQuery|model/);
      assert.equal(fake.requests.length, 0);
    });
  }

  it("a 404 from an address that is not the Gemini API (a web page) is about the base URL, never 'this model is not available'", async () => {
    await withHtmlServer(404, '<html><body>Not Found</body></html>', async (url) => {
      const error = await failure(client(`${url}/some/app`).generateContent(buildRequest(spec)));
      assert.equal(error.code, 'badInput');
      assert.equal(error.setting, 'pictor.api.baseUrl');
      assert.match(error.message, /does not point at the Gemini API/);
      assert.doesNotMatch(error.message, /not available to this key|Current models/);
    });
    // Gemini's own 404 (a JSON error with a canonical status) is still about the model.
    fake.enqueue({ kind: 'error', status: 404, message: 'models/x is not found for API version v1beta' });
    const model = await failure(client().generateContent(buildRequest(spec)));
    assert.match(model.message, /not available to this key's project/);
  });

  it('normalizes base URLs without touching other paths, and refuses non-http ones', () => {
    assert.equal(normalizeBaseUrl(' https://proxy.example/gemini/v1beta/ '), 'https://proxy.example/gemini');
    assert.equal(normalizeBaseUrl('https://proxy.example/v1beta-mirror/'), 'https://proxy.example/v1beta-mirror');
    assert.equal(normalizeBaseUrl('https://proxy.example'), 'https://proxy.example');
    assert.equal(normalizeBaseUrl('ftp://proxy.example'), undefined);
    assert.equal(normalizeBaseUrl('https://generativelanguage.googleapis.com/v1beta/models/'), 'https://generativelanguage.googleapis.com');
    assert.equal(normalizeBaseUrl('https://proxy.example/models'), 'https://proxy.example/models', 'models alone is a path of the proxy');
    assert.equal(normalizeBaseUrl('https://proxy.example/?key=abc'), undefined);
    assert.equal(normalizeBaseUrl('https://u:p@proxy.example'), undefined);
    assert.equal(normalizeBaseUrl('https://proxy.example/#x'), undefined);
    assert.equal(normalizeBaseUrl('not a url'), undefined);
    assert.equal(normalizeBaseUrl(''), undefined);
  });
});

describe('GeminiClient: a responses file that stops part-way (real SDK over HTTP)', function () {
  this.timeout(20_000);
  // The fake answers whole files; these faults happen inside one answer: a connection dropped after part
  // of the body, and a body that stalls until the user cancels.
  let server: http.Server;
  let url: string;
  let dir: string;
  const served: string[] = [];
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pictor-download-'));
    server = http.createServer((req, res) => {
      served.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/jsonl', 'content-length': String(10 * 1024 * 1024) });
      res.write('{"key":"pictor-0001","response":{}}\n'.repeat(1000));
      if (req.url?.includes('dropped')) setTimeout(() => req.socket.destroy(), 100);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });
  const client = () => new GeminiClient({ apiKey: KEY, baseUrl: url, timeoutSeconds: 10, retry: { maxRetries: 0, baseDelayMs: 20, maxDelayMs: 20 }, log: silent });

  it('rejects when the connection drops mid-file, instead of an uncaught stream error and a promise that never settles', async () => {
    const error = await failure(client().downloadFile('files/dropped', path.join(dir, 'dropped.jsonl')));
    assert.equal(error.code, 'server');
    assert.match(error.message, /answered, but its response could not be read/);
    assert.ok(served.some((u) => u.includes('files/dropped:download')));
  });

  it('rejects with cancelled when the user cancels a download that stalls', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const error = await failure(client().downloadFile('files/stalled', path.join(dir, 'stalled.jsonl'), { signal: controller.signal }));
    assert.equal(error.code, 'cancelled');
  });
});
