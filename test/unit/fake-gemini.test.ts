import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { ApiError, GoogleGenAI, ServiceTier, ThinkingLevel, type Content, type GenerateContentResponse, type Part } from '@google/genai';
import { imageSize } from 'image-size';
import { PNG } from 'pngjs';
import {
  DEFAULT_IMAGE_MODEL as DEFAULT,
  FakeGeminiControl,
  LITE_IMAGE_MODEL as FLASH,
  PRO_IMAGE_MODEL as PRO,
  startFakeGemini,
  type FakeGemini,
  type RecordedRequest,
} from '../fake-gemini';

function client(fake: FakeGemini, apiKey = 'test-key'): GoogleGenAI {
  return new GoogleGenAI({ apiKey, httpOptions: { baseUrl: fake.url, apiVersion: 'v1beta' } });
}

function partsOf(response: GenerateContentResponse): Part[] {
  return response.candidates?.[0]?.content?.parts ?? [];
}

function pngSize(base64: string): { width: number; height: number } {
  const png = PNG.sync.read(Buffer.from(base64, 'base64'));
  return { width: png.width, height: png.height };
}

function finalImages(parts: Part[]): Part[] {
  return parts.filter((p) => p.inlineData && !p.thought);
}

async function apiError(promise: Promise<unknown>): Promise<{ status: number; body: any }> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ApiError, `expected ApiError, got ${String(error)}`);
    const json = error.message.slice(error.message.indexOf('{'));
    return { status: error.status, body: JSON.parse(json) };
  }
  assert.fail('expected the call to fail');
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    assert.ok(Date.now() < deadline, 'condition not met in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function tinyPng(width: number, height: number): string {
  const png = new PNG({ width, height });
  png.data.fill(200);
  return PNG.sync.write(png).toString('base64');
}

function post(fake: FakeGemini, route: string, body: string, headers: Record<string, string> = { 'x-goog-api-key': 'test-key' }) {
  return fetch(`${fake.url}/v1beta/${route}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}

describe('fake Gemini server', function () {
  this.timeout(10000);
  let fake: FakeGemini;
  let ai: GoogleGenAI;

  before(async () => {
    fake = await startFakeGemini();
    ai = client(fake);
  });

  after(async () => {
    await fake.close();
  });

  beforeEach(() => fake.reset());

  describe('default answers', () => {
    it('gives Flash (Lite) an image sized from the aspect ratio, a caption and usage', async () => {
      const response = await ai.models.generateContent({
        model: FLASH,
        contents: 'a lighthouse at dusk',
        config: { responseModalities: ['TEXT', 'IMAGE'], imageConfig: { aspectRatio: '16:9' } },
      });
      const parts = partsOf(response);
      assert.equal(response.candidates?.[0]?.content?.role, 'model');
      assert.equal(response.candidates?.[0]?.finishReason, 'STOP');
      assert.match(parts[0].text ?? '', /lighthouse/);
      const images = finalImages(parts);
      assert.equal(images.length, 1);
      assert.equal(images[0].inlineData?.mimeType, 'image/png');
      assert.deepEqual(pngSize(images[0].inlineData!.data!), { width: 1360, height: 768 });
      assert.equal(response.usageMetadata?.candidatesTokenCount, 1120);
      assert.equal(
        response.usageMetadata?.totalTokenCount,
        response.usageMetadata!.promptTokenCount! + 1120,
      );
      assert.equal(response.modelVersion, FLASH);
      assert.ok(response.responseId);
      assert.ok(parts.every((p) => p.thoughtSignature === undefined && !p.thought));
    });

    it('defaults to 1:1, or to the aspect ratio nearest the input image', async () => {
      const square = await ai.models.generateContent({ model: FLASH, contents: 'a cat' });
      assert.deepEqual(pngSize(finalImages(partsOf(square))[0].inlineData!.data!), { width: 1024, height: 1024 });
      const edited = await ai.models.generateContent({
        model: FLASH,
        contents: [{ role: 'user', parts: [{ text: 'make it red' }, { inlineData: { mimeType: 'image/png', data: tinyPng(300, 200) } }] }],
      });
      assert.deepEqual(pngSize(finalImages(partsOf(edited))[0].inlineData!.data!), { width: 1248, height: 832 });
    });

    it('gives Pro thought parts first and signatures on the final text and image', async () => {
      const response = await ai.models.generateContent({
        model: PRO,
        contents: 'an infographic about bees',
        config: { imageConfig: { aspectRatio: '16:9', imageSize: '2K' } },
      });
      const parts = partsOf(response);
      assert.equal(parts.length, 4);
      assert.equal(parts[0].thought, true);
      assert.ok(parts[0].text);
      assert.equal(parts[1].thought, true);
      const draft = pngSize(parts[1].inlineData!.data!);
      assert.ok(draft.width <= 512 && draft.height <= 512);
      assert.equal(parts[0].thoughtSignature, undefined);
      assert.equal(parts[1].thoughtSignature, undefined);
      assert.ok(parts[2].text && parts[2].thoughtSignature);
      assert.ok(parts[3].inlineData && parts[3].thoughtSignature);
      assert.notEqual(parts[2].thoughtSignature, parts[3].thoughtSignature);
      assert.deepEqual(pngSize(parts[3].inlineData!.data!), { width: 2752, height: 1536 });
      assert.equal(response.usageMetadata?.candidatesTokenCount, 1120);
      assert.ok((response.usageMetadata?.thoughtsTokenCount ?? 0) > 0);
    });

    it('bills 2000 tokens for a 4K Pro image and follows the 4K table', async () => {
      fake.enqueue({ kind: 'image', images: [{ width: 64, height: 64 }] });
      const response = await ai.models.generateContent({ model: PRO, contents: 'x', config: { imageConfig: { imageSize: '4K' } } });
      assert.equal(response.usageMetadata?.candidatesTokenCount, 2000);
      assert.deepEqual(pngSize(finalImages(partsOf(response))[0].inlineData!.data!), { width: 64, height: 64 });
    });

    it('draws different pictures for different prompts and the same for the same prompt', async () => {
      const draw = async (prompt: string) =>
        finalImages(partsOf(await ai.models.generateContent({ model: FLASH, contents: prompt })))[0].inlineData!.data!;
      const [a, b, a2] = [await draw('red fox'), await draw('blue whale'), await draw('red fox')];
      assert.notEqual(a, b);
      assert.equal(a, a2);
    });

    it('honours responseModalities without TEXT', async () => {
      const response = await ai.models.generateContent({ model: FLASH, contents: 'x', config: { responseModalities: ['IMAGE'] } });
      assert.deepEqual(partsOf(response).map((p) => Boolean(p.inlineData)), [true]);
    });

    it('adds grounding metadata when Pro is asked to search', async () => {
      const response = await ai.models.generateContent({ model: PRO, contents: 'weather in Paris', config: { tools: [{ googleSearch: {} }] } });
      assert.equal(response.candidates?.[0]?.groundingMetadata?.groundingChunks?.length, 3);
    });
  });

  describe('scenarios', () => {
    it('serves JPEG and WebP images whose headers give their dimensions', async () => {
      fake.enqueue({ kind: 'image', images: [{ mimeType: 'image/jpeg' }, { mimeType: 'image/webp', width: 300, height: 200 }] });
      const images = finalImages(partsOf(await ai.models.generateContent({ model: FLASH, contents: 'x' })));
      assert.deepEqual(images.map((p) => p.inlineData?.mimeType), ['image/jpeg', 'image/webp']);
      const jpeg = imageSize(Buffer.from(images[0].inlineData!.data!, 'base64'));
      const webp = imageSize(Buffer.from(images[1].inlineData!.data!, 'base64'));
      assert.deepEqual([jpeg.type, jpeg.width, jpeg.height], ['jpg', 1024, 1024]);
      assert.deepEqual([webp.type, webp.width, webp.height], ['webp', 300, 200]);
    });

    it('makes noise images that do not compress', async () => {
      fake.enqueue({ kind: 'image', images: [{ noise: true, width: 512, height: 512 }] });
      const data = finalImages(partsOf(await ai.models.generateContent({ model: FLASH, contents: 'x' })))[0].inlineData!.data!;
      assert.ok(Buffer.from(data, 'base64').length > 512 * 512 * 3);
      assert.deepEqual(pngSize(data), { width: 512, height: 512 });
    });

    it('answers text only', async () => {
      fake.enqueue({ kind: 'text', text: 'I can only describe it.' });
      const response = await ai.models.generateContent({ model: FLASH, contents: 'x' });
      assert.equal(response.text, 'I can only describe it.');
      assert.equal(response.candidates?.[0]?.finishReason, 'STOP');
      assert.equal(finalImages(partsOf(response)).length, 0);
    });

    it('blocks a prompt with HTTP 200 and promptFeedback', async () => {
      fake.enqueue({ kind: 'blocked', blockReason: 'PROHIBITED_CONTENT' });
      const response = await ai.models.generateContent({ model: FLASH, contents: 'x' });
      assert.equal(response.promptFeedback?.blockReason, 'PROHIBITED_CONTENT');
      assert.equal(response.candidates, undefined);
    });

    it('ends candidates with other finish reasons and no image', async () => {
      const reasons = ['SAFETY', 'IMAGE_SAFETY', 'PROHIBITED_CONTENT', 'RECITATION', 'OTHER'];
      fake.enqueue(...reasons.map((finishReason) => ({ kind: 'finish' as const, finishReason })));
      for (const reason of reasons) {
        const response = await ai.models.generateContent({ model: FLASH, contents: 'x' });
        assert.equal(response.candidates?.[0]?.finishReason, reason);
        assert.equal(finalImages(partsOf(response)).length, 0);
      }
    });

    it('turns error scenarios into ApiErrors with canonical statuses', async () => {
      const expected: Record<number, string> = {
        400: 'INVALID_ARGUMENT',
        403: 'PERMISSION_DENIED',
        429: 'RESOURCE_EXHAUSTED',
        500: 'INTERNAL',
        503: 'UNAVAILABLE',
      };
      for (const [status, name] of Object.entries(expected)) {
        fake.enqueue({ kind: 'error', status: Number(status) });
        const error = await apiError(ai.models.generateContent({ model: FLASH, contents: 'x' }));
        assert.equal(error.status, Number(status));
        assert.equal(error.body.error.code, Number(status));
        assert.equal(error.body.error.status, name);
      }
    });

    it('adds RetryInfo and ErrorInfo details when asked', async () => {
      fake.enqueue({ kind: 'error', status: 429, retryDelay: '7s', reason: 'RATE_LIMIT_EXCEEDED', message: 'slow down' });
      const error = await apiError(ai.models.generateContent({ model: FLASH, contents: 'x' }));
      const details: any[] = error.body.error.details;
      assert.equal(error.body.error.message, 'slow down');
      assert.equal(details.find((d) => d['@type'] === 'type.googleapis.com/google.rpc.RetryInfo')?.retryDelay, '7s');
      assert.equal(details.find((d) => d['@type'] === 'type.googleapis.com/google.rpc.ErrorInfo')?.reason, 'RATE_LIMIT_EXCEEDED');
    });

    it('repeats a scenario `times` times, then falls back to the default', async () => {
      fake.enqueue({ kind: 'error', status: 503, times: 2 });
      fake.setDefault({ kind: 'text', text: 'default now' });
      assert.equal((await apiError(ai.models.generateContent({ model: FLASH, contents: 'x' }))).status, 503);
      assert.equal((await apiError(ai.models.generateContent({ model: FLASH, contents: 'x' }))).status, 503);
      assert.equal((await ai.models.generateContent({ model: FLASH, contents: 'x' })).text, 'default now');
      fake.setDefault(undefined);
      assert.equal(finalImages(partsOf(await ai.models.generateContent({ model: FLASH, contents: 'x' }))).length, 1);
    });

    it('injects latency', async () => {
      fake.enqueue({ kind: 'text', text: 'late', delayMs: 300 });
      const started = Date.now();
      await ai.models.generateContent({ model: FLASH, contents: 'x' });
      assert.ok(Date.now() - started >= 290);
    });

    it('hangs until the client aborts, and records the abort', async () => {
      fake.enqueue({ kind: 'hang' });
      const controller = new AbortController();
      const call = ai.models.generateContent({ model: FLASH, contents: 'x', config: { abortSignal: controller.signal } });
      await fake.waitForRequests(1);
      assert.equal(fake.requests[0].aborted, false);
      controller.abort();
      await assert.rejects(call, (error: Error) => !(error instanceof ApiError) && /abort/i.test(`${error.name} ${error.message}`));
      await until(() => fake.requests[0].aborted, 2000);
    });

    it('sends malformed JSON, empty answers and connection resets', async () => {
      fake.enqueue({ kind: 'malformed' }, { kind: 'empty' }, { kind: 'reset' });
      await assert.rejects(ai.models.generateContent({ model: FLASH, contents: 'x' }), (e: Error) => !(e instanceof ApiError));
      const empty = await ai.models.generateContent({ model: FLASH, contents: 'x' });
      assert.equal(empty.candidates, undefined);
      assert.equal(empty.promptFeedback, undefined);
      await assert.rejects(ai.models.generateContent({ model: FLASH, contents: 'x' }), (e: Error) => !(e instanceof ApiError));
      assert.equal(fake.requests[2].aborted, false);
    });
  });

  describe('streaming', () => {
    it('streams Pro parts as separate chunks with running usage', async () => {
      const chunks: GenerateContentResponse[] = [];
      for await (const chunk of await ai.models.generateContentStream({ model: PRO, contents: 'a robot', config: { imageConfig: { aspectRatio: '1:1' } } })) {
        chunks.push(chunk);
      }
      assert.equal(chunks.length, 4);
      const parts = chunks.flatMap(partsOf);
      assert.deepEqual(parts.map((p) => Boolean(p.thought)), [true, true, false, false]);
      assert.ok(parts[3].thoughtSignature);
      assert.deepEqual(pngSize(parts[3].inlineData!.data!), { width: 1024, height: 1024 });
      assert.deepEqual(chunks.map((c) => c.candidates?.[0]?.finishReason), [undefined, undefined, undefined, 'STOP']);
      const totals = chunks.map((c) => c.usageMetadata?.totalTokenCount ?? 0);
      assert.deepEqual([...totals].sort((a, b) => a - b), totals);
      assert.equal(chunks[3].usageMetadata?.candidatesTokenCount, 1120);
      assert.equal(fake.requests[0].action, 'streamGenerateContent');
      assert.equal(fake.requests[0].query.alt, 'sse');
    });

    it('fails a stream with an HTTP status, or with an error event', async () => {
      fake.enqueue({ kind: 'error', status: 429 }, { kind: 'error', status: 503, inStream: true });
      const consume = async () => {
        for await (const chunk of await ai.models.generateContentStream({ model: FLASH, contents: 'x' })) {
          void chunk;
        }
      };
      assert.equal((await apiError(consume())).status, 429);
      assert.equal((await apiError(consume())).status, 503);
    });
  });

  describe('keys and validation', () => {
    it('rejects an invalid key with API_KEY_INVALID and never echoes it', async () => {
      const error = await apiError(client(fake, 'invalid-key-123').models.generateContent({ model: FLASH, contents: 'x' }));
      assert.equal(error.status, 400);
      assert.equal(error.body.error.message, 'API key not valid. Please pass a valid API key.');
      assert.equal(error.body.error.details[0].reason, 'API_KEY_INVALID');
      assert.ok(!JSON.stringify(error.body).includes('invalid-key-123'));
      assert.equal(fake.requests[0].apiKey, 'invalid-key-123');
      assert.equal(fake.requests[0].headers['x-goog-api-key'], '<redacted>');
    });

    it('answers a missing key with 403 PERMISSION_DENIED', async () => {
      const response = await post(fake, `models/${FLASH}:generateContent`, '{"contents":[{"parts":[{"text":"x"}]}]}', {});
      assert.equal(response.status, 403);
      assert.equal(((await response.json()) as any).error.status, 'PERMISSION_DENIED');
    });

    it('accepts only the configured keys when given', async () => {
      const strict = await startFakeGemini({ validKeys: ['good-key'] });
      try {
        await client(strict, 'good-key').models.generateContent({ model: FLASH, contents: 'x' });
        assert.equal((await apiError(client(strict, 'other-key').models.generateContent({ model: FLASH, contents: 'x' }))).status, 400);
      } finally {
        await strict.close();
      }
    });

    it('refuses what the service refuses', async () => {
      const cases: Array<[string, () => Promise<unknown>, number, RegExp]> = [
        ['imageSize on Flash', () => ai.models.generateContent({ model: FLASH, contents: 'x', config: { imageConfig: { imageSize: '2K' } } }), 400, /not supported/],
        ['lower-case size', () => ai.models.generateContent({ model: PRO, contents: 'x', config: { imageConfig: { imageSize: '4k' } } }), 400, /image size/],
        ['odd ratio', () => ai.models.generateContent({ model: FLASH, contents: 'x', config: { imageConfig: { aspectRatio: '5:3' } } }), 400, /aspect ratio/],
        ['unknown model', () => ai.models.generateContent({ model: 'imagen-3.0', contents: 'x' }), 404, /not found/],
        ['search on Flash', () => ai.models.generateContent({ model: FLASH, contents: 'x', config: { tools: [{ googleSearch: {} }] } }), 400, /not supported/],
        ['retired model', () => ai.models.generateContent({ model: 'gemini-3-pro-image-preview', contents: 'x' }), 404, /not found/],
        ['legacy model, new project', () => ai.models.generateContent({ model: 'gemini-2.5-flash-image', contents: 'x' }), 404, /not found/],
        ['1:8 on Pro', () => ai.models.generateContent({ model: PRO, contents: 'x', config: { imageConfig: { aspectRatio: '1:8' } } }), 400, /not supported by models\/gemini-3-pro-image/],
        ['512 on Lite', () => ai.models.generateContent({ model: FLASH, contents: 'x', config: { imageConfig: { imageSize: '512' } } }), 400, /Image size 512 is not supported/],
        ['512 on Nano Banana 2.1', () => ai.models.generateContent({ model: DEFAULT, contents: 'x', config: { imageConfig: { imageSize: '512' } } }), 400, /Image size 512 is not supported by models\/gemini-nano-banana-2\.1/],
        ['thinking level on Pro', () => ai.models.generateContent({ model: PRO, contents: 'x', config: { thinkingConfig: { thinkingLevel: ThinkingLevel.HIGH } } }), 400, /Thinking level is not supported/],
        ['LOW on Lite', () => ai.models.generateContent({ model: FLASH, contents: 'x', config: { thinkingConfig: { thinkingLevel: ThinkingLevel.LOW } } }), 400, /Invalid thinking level LOW/],
        [
          'SVG input',
          () => ai.models.generateContent({ model: FLASH, contents: [{ role: 'user', parts: [{ text: 'x' }, { inlineData: { mimeType: 'image/svg+xml', data: 'PHN2Zy8+' } }] }] }),
          400,
          /Unsupported MIME type/,
        ],
        [
          '15 reference images',
          () => ai.models.generateContent({
            model: PRO,
            contents: [{ role: 'user', parts: [{ text: 'x' }, ...Array.from({ length: 15 }, () => ({ inlineData: { mimeType: 'image/png', data: tinyPng(2, 2) } }))] }],
          }),
          400,
          /Too many input images/,
        ],
        [
          'missing file',
          () => ai.models.generateContent({ model: FLASH, contents: [{ role: 'user', parts: [{ fileData: { fileUri: `${fake.url}/v1beta/files/nosuch`, mimeType: 'image/png' } }] }] }),
          403,
          /may not exist/,
        ],
      ];
      for (const [name, call, status, message] of cases) {
        const error = await apiError(call());
        assert.equal(error.status, status, name);
        assert.match(error.body.error.message, message, name);
      }
      // Legacy models answer models.get, and generate for a project that used them before.
      assert.equal((await ai.models.get({ model: 'gemini-2.5-flash-image' })).name, 'models/gemini-2.5-flash-image');
      fake.setLegacyModelsOpen(true);
      await ai.models.generateContent({ model: 'gemini-2.5-flash-image', contents: 'x', config: { serviceTier: ServiceTier.STANDARD, store: false } });
      const noFlex = await apiError(ai.models.generateContent({ model: 'gemini-2.5-flash-image', contents: 'x', config: { serviceTier: ServiceTier.FLEX } }));
      assert.equal(noFlex.status, 400);
      assert.match(noFlex.body.error.message, /Flex service tier is not supported/);
      const liteFlex = await apiError(ai.models.generateContent({ model: FLASH, contents: 'x', config: { serviceTier: ServiceTier.FLEX } }));
      assert.equal(liteFlex.status, 400, 'Lite has no flex tier');
      const flex = await ai.models.generateContent({ model: DEFAULT, contents: 'x', config: { serviceTier: ServiceTier.FLEX, store: false, thinkingConfig: { thinkingLevel: ThinkingLevel.MEDIUM } } });
      assert.ok(flex.candidates?.length);
      const last = fake.requests[fake.requests.length - 1];
      assert.deepEqual([last.serviceTier, last.store], ['flex', false], 'store and serviceTier are recorded');
      // 14 images is within the limit.
      await ai.models.generateContent({
        model: PRO,
        contents: [{ role: 'user', parts: [{ text: 'x' }, ...Array.from({ length: 14 }, () => ({ inlineData: { mimeType: 'image/png', data: tinyPng(2, 2) } }))] }],
      });
    });

    it('rejects bodies that are not JSON, or name unknown fields', async () => {
      const bad = await post(fake, `models/${FLASH}:generateContent`, '{"contents": [');
      assert.equal(bad.status, 400);
      assert.match(((await bad.json()) as any).error.message, /Invalid JSON payload/);
      const unknown = await post(fake, `models/${FLASH}:generateContent`, '{"contents":[{"parts":[{"text":"x"}]}],"generation_config":{"image_config":{"aspect_ratio":"1:1","output_mime_type":"image/png"}}}');
      assert.equal(unknown.status, 400);
      assert.match(((await unknown.json()) as any).error.message, /Unknown name "output_mime_type"/);
      const snake = await post(fake, `models/${FLASH}:generateContent`, '{"contents":[{"parts":[{"text":"x"}]}],"generation_config":{"image_config":{"aspect_ratio":"9:16"}}}');
      assert.equal(snake.status, 200);
    });

    it('serves /v1/ as well as /v1beta/', async () => {
      const v1 = new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: fake.url, apiVersion: 'v1' } });
      await v1.models.generateContent({ model: FLASH, contents: 'x' });
      assert.equal(fake.requests[0].path, `/v1/models/${FLASH}:generateContent`);
    });
  });

  describe('chats', () => {
    it('keeps Pro signatures across turns, and refuses a history that lost one', async () => {
      const chat = ai.chats.create({ model: PRO, config: { responseModalities: ['TEXT', 'IMAGE'] } });
      await chat.sendMessage({ message: 'a paper fox' });
      const second = await chat.sendMessage({ message: 'make it blue' });
      assert.equal(finalImages(partsOf(second)).length, 1);
      const sent: Content[] = fake.requests[1].body.contents;
      assert.deepEqual(sent.map((c) => c.role), ['user', 'model', 'user']);
      assert.equal(sent[1].parts?.filter((p) => p.thoughtSignature).length, 2);

      const history = structuredClone(chat.getHistory());
      const image = history[1].parts!.find((p) => p.inlineData && !p.thought)!;
      const signature = image.thoughtSignature!;
      delete image.thoughtSignature;
      const stripped = await apiError(ai.chats.create({ model: PRO, history }).sendMessage({ message: 'again' }));
      assert.equal(stripped.status, 400);
      assert.match(stripped.body.error.message, /thought_signature/);

      image.thoughtSignature = `${signature.slice(0, -8)}AAAAAAA=`;
      const mangled = await apiError(ai.chats.create({ model: PRO, history }).sendMessage({ message: 'again' }));
      assert.match(mangled.body.error.message, /not valid/);

      image.thoughtSignature = signature;
      await ai.chats.create({ model: PRO, history }).sendMessage({ message: 'again' });
    });
  });

  describe('files', () => {
    it('uploads in resumable chunks, then gets, references and deletes the file', async () => {
      const bytes = Buffer.alloc(9 * 1024 * 1024, 7);
      const file = await ai.files.upload({ file: new Blob([bytes]), config: { mimeType: 'image/png', displayName: 'reference' } });
      assert.match(file.name ?? '', /^files\/[a-z0-9]+$/);
      assert.equal(file.sizeBytes, String(bytes.length));
      assert.equal(file.state, 'ACTIVE');
      assert.equal(file.displayName, 'reference');
      const hex = createHash('sha256').update(bytes).digest('hex');
      assert.equal(Buffer.from(file.sha256Hash!, 'base64').toString(), hex);
      const chunks = fake.requests.filter((r) => r.action === 'files.uploadChunk');
      assert.deepEqual(chunks.map((r) => r.headers['x-goog-upload-command']), ['upload', 'upload, finalize']);
      assert.deepEqual(chunks.map((r) => r.bodyBytes), [8 * 1024 * 1024, 1024 * 1024]);

      const got = await ai.files.get({ name: file.name! });
      assert.equal(got.uri, file.uri);
      await ai.models.generateContent({ model: FLASH, contents: [{ role: 'user', parts: [{ text: 'x' }, { fileData: { fileUri: file.uri!, mimeType: 'image/png' } }] }] });

      await ai.files.delete({ name: file.name! });
      assert.equal((await apiError(ai.files.get({ name: file.name! }))).status, 403);
    });
  });

  describe('batches', () => {
    it('runs an inline batch: pending, running, then inlined responses', async () => {
      fake.setBatchOptions({ scenarios: { k3: { kind: 'error', status: 429 } } });
      const job = await ai.batches.create({
        model: FLASH,
        src: [
          { contents: [{ role: 'user', parts: [{ text: 'one' }] }], metadata: { key: 'k1' } },
          { contents: [{ role: 'user', parts: [{ text: 'two' }] }], config: { imageConfig: { aspectRatio: '16:9' } }, metadata: { key: 'k2' } },
          { contents: [{ role: 'user', parts: [{ text: 'three' }] }], metadata: { key: 'k3' } },
        ],
        config: { displayName: 'inline job' },
      });
      assert.equal(job.state, 'JOB_STATE_PENDING');
      assert.equal(job.displayName, 'inline job');
      assert.equal((await ai.batches.get({ name: job.name! })).state, 'JOB_STATE_RUNNING');
      const done = await ai.batches.get({ name: job.name! });
      assert.equal(done.state, 'JOB_STATE_SUCCEEDED');
      const responses = done.dest?.inlinedResponses ?? [];
      assert.deepEqual(responses.map((r) => r.metadata?.key), ['k1', 'k2', 'k3']);
      assert.deepEqual(pngSize(finalImages(partsOf(responses[0].response!))[0].inlineData!.data!), { width: 1024, height: 1024 });
      assert.deepEqual(pngSize(finalImages(partsOf(responses[1].response!))[0].inlineData!.data!), { width: 1360, height: 768 });
      assert.equal(responses[2].response, undefined);
      assert.equal(responses[2].error?.code, 8);
      assert.equal(fake.requests[0].action, 'batchGenerateContent');
      assert.equal(fake.requests[0].body.batch.inputConfig.requests.requests.length, 3);
    });

    it('runs a batch from an uploaded JSONL file into a downloadable responses file', async () => {
      const lines = [
        { key: 'a', request: { contents: [{ parts: [{ text: 'red square' }] }], generationConfig: { imageConfig: { aspectRatio: '4:3' } } } },
        { key: 'b', request: { contents: [{ parts: [{ text: 'too big' }] }], generationConfig: { imageConfig: { imageSize: '2K' } } } },
      ];
      const input = await ai.files.upload({
        file: new Blob([lines.map((l) => JSON.stringify(l)).join('\n')]),
        config: { mimeType: 'application/jsonl', displayName: 'requests' },
      });
      fake.setBatchOptions({ pollsToComplete: 1 });
      const job = await ai.batches.create({ model: FLASH, src: input.name! });
      const done = await ai.batches.get({ name: job.name! });
      assert.equal(done.state, 'JOB_STATE_SUCCEEDED');
      assert.match(done.dest?.fileName ?? '', /^files\//);

      const dir = await mkdtemp(path.join(tmpdir(), 'fake-gemini-'));
      try {
        const target = path.join(dir, 'responses.jsonl');
        await ai.files.download({ file: done.dest!.fileName!, downloadPath: target });
        const results = (await readFile(target, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
        assert.deepEqual(results.map((r) => r.key), ['a', 'b']);
        const image = results[0].response.candidates[0].content.parts.find((p: Part) => p.inlineData).inlineData.data;
        assert.deepEqual(pngSize(image), { width: 1184, height: 880 });
        assert.equal(results[1].error.code, 3);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      assert.ok(fake.requests.some((r) => r.action === 'files.download'));
    });

    it('lists in pages, cancels and deletes', async () => {
      const make = () => ai.batches.create({ model: FLASH, src: [{ contents: [{ role: 'user', parts: [{ text: 'x' }] }] }] });
      const first = await make();
      const second = await make();
      const names: string[] = [];
      for await (const job of await ai.batches.list({ config: { pageSize: 1 } })) {
        names.push(job.name!);
      }
      assert.deepEqual(names, [second.name, first.name]);
      assert.ok(fake.requests.some((r) => r.action === 'batches.list' && r.query.pageToken));

      await ai.batches.cancel({ name: first.name! });
      assert.equal((await ai.batches.get({ name: first.name! })).state, 'JOB_STATE_CANCELLED');
      await ai.batches.delete({ name: second.name! });
      assert.equal((await apiError(ai.batches.get({ name: second.name! }))).status, 404);
    });
  });

  describe('control API', () => {
    it('scripts the fake from another process', async () => {
      const control = new FakeGeminiControl(`${fake.url}/`);
      await control.enqueue({ kind: 'text', text: 'scripted' });
      await control.setDefault({ kind: 'blocked', blockReason: 'OTHER' });
      const waiting = control.waitForRequests(2, 3000);
      const first = await ai.models.generateContent({
        model: FLASH,
        contents: [{ role: 'user', parts: [{ text: 'x' }, { inlineData: { mimeType: 'image/png', data: tinyPng(4, 4) } }] }],
      });
      assert.equal(first.text, 'scripted');
      const second = await ai.models.generateContent({ model: FLASH, contents: 'y' });
      assert.equal(second.promptFeedback?.blockReason, 'OTHER');
      const arrived = await waiting;
      assert.equal(arrived.length, 2);

      const requests: RecordedRequest[] = await control.requests();
      const inline = requests[0].body.contents[0].parts[1].inlineData;
      assert.match(inline.data, /^<\d+ bytes>$/);
      assert.equal(inline.data, `<${Buffer.from(tinyPng(4, 4), 'base64').length} bytes>`);
      assert.ok(fake.requests[0].body.contents[0].parts[1].inlineData.data.length > 20);

      await control.setBatchOptions({ pollsToComplete: 1 });
      const job = await ai.batches.create({ model: FLASH, src: [{ contents: [{ role: 'user', parts: [{ text: 'x' }] }] }] });
      assert.equal((await ai.batches.get({ name: job.name! })).state, 'JOB_STATE_SUCCEEDED');

      await control.reset();
      assert.deepEqual(await control.requests(), []);
      await assert.rejects(control.enqueue({ kind: 'nonsense' } as never), /Unknown scenario kind/);
    });

    it('runs from the command line and stops on SIGTERM', async () => {
      const cli = path.join(__dirname, '..', 'fake-gemini', 'cli.js');
      const child = spawn(process.execPath, [cli, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
      try {
        const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
        const url = /^FAKE_GEMINI_URL=(http:\/\/127\.0\.0\.1:\d+)$/.exec(line)?.[1];
        assert.ok(url, line);
        const health = await fetch(`${url}/__fake/health`);
        assert.equal(health.status, 200);
      } finally {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        assert.equal(await exited, 0);
      }
    });

    it('answers CORS preflights for browser-hosted clients', async () => {
      const response = await fetch(`${fake.url}/v1beta/models/${FLASH}:generateContent`, { method: 'OPTIONS' });
      assert.equal(response.status, 204);
      assert.equal(response.headers.get('access-control-allow-origin'), '*');
      assert.equal(fake.requests.length, 0);
    });

    it('closes with hanging requests still open', async () => {
      const other = await startFakeGemini();
      other.setDefault({ kind: 'hang' });
      const pending = post(other as FakeGemini, `models/${FLASH}:generateContent`, '{"contents":[{"parts":[{"text":"x"}]}]}');
      await other.waitForRequests(1);
      await other.close();
      await assert.rejects(pending);
    });
  });
});
