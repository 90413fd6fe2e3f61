import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inspectImage, sha256Hex } from '../../src/core/image-info';
import { costOfUsage } from '../../src/core/estimate';
import { pricePerImageUsd } from '../../src/core/prices';
import { redact } from '../../src/core/redact';
import { retryDelayMs, parseDurationSeconds } from '../../src/core/retry';
import { PictorError } from '../../src/core/errors';
import { parseSidecar, serializeSidecar } from '../../src/core/sidecar';
import { buildSidecar } from '../../src/core/sidecar-builder';
import { sidecarJsonSchema } from '../../src/core/sidecar-json-schema';
import type { GenerationResult } from '../../src/core/response';

const root = path.resolve(__dirname, '../../..');
const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a6d5e1d50000000049454e44ae426082', 'hex');

const result: GenerationResult = {
  images: [{ bytes: png, mimeType: 'image/png' }],
  text: 'Done.',
  thoughts: null,
  thoughtImageCount: 0,
  finishReason: 'STOP',
  usage: { promptTokens: 10, outputTokens: 1290, totalTokens: 1300 },
  modelVersion: 'gemini-2.5-flash-image',
  responseId: 'abc',
  content: null,
};

describe('sidecar', () => {
  it('records prompt, effective prompt, config, image facts, usage and cost', () => {
    const sidecar = buildSidecar(
      { prompt: 'Coffee logo ', preset: 'logo', model: 'gemini-2.5-flash-image', aspectRatio: '1:1', count: 1, inputs: [], parent: null },
      result,
      { file: 'assets/generated/coffee-logo.png', mimeType: 'image/png', sha256: sha256Hex(png), bytes: png.length, width: 1, height: 1 },
      { generator: { name: 'pictor', version: '0.1.0' }, createdAt: new Date('2026-01-02T03:04:05Z'), imagesInResponse: 1 },
    );
    assert.equal(sidecar.prompt, 'Coffee logo ');
    assert.match(sidecar.effectivePrompt, /minimalist logo for Coffee logo/);
    assert.equal(sidecar.preset, 'logo');
    assert.deepEqual(sidecar.config, { aspectRatio: '1:1', imageSize: null, responseModalities: ['TEXT', 'IMAGE'] });
    assert.equal(sidecar.createdAt, '2026-01-02T03:04:05.000Z');
    // 10 input tokens at $0.30/M + 1290 image tokens at $30/M
    assert.equal(sidecar.estimatedCostUsd, 0.038703);
    const roundTrip = parseSidecar(serializeSidecar(sidecar));
    assert.deepEqual(roundTrip, sidecar);
  });

  it('rejects absolute paths and bad hashes', () => {
    const good = JSON.parse(
      serializeSidecar(
        buildSidecar(
          { prompt: 'x', preset: 'none', model: 'm', count: 1, inputs: [] },
          result,
          { file: 'a.png', mimeType: 'image/png', sha256: sha256Hex(png), bytes: 1, width: 1, height: 1 },
          { generator: { name: 'pictor', version: '0' }, createdAt: new Date(), imagesInResponse: 1 },
        ),
      ),
    );
    assert.equal(good.estimatedCostUsd, null, 'unknown model → null cost');
    assert.throws(() => parseSidecar(JSON.stringify({ ...good, image: { ...good.image, file: '/home/u/a.png' } })));
    assert.throws(() => parseSidecar(JSON.stringify({ ...good, image: { ...good.image, sha256: 'XYZ' } })));
  });

  it('ships a JSON Schema identical to the one generated from the code', () => {
    const shipped = JSON.parse(readFileSync(path.join(root, 'schemas/sidecar.schema.json'), 'utf8'));
    assert.deepEqual(shipped, sidecarJsonSchema(), 'run `node scripts/gen-schema.mjs`');
    assert.ok((shipped.required as string[]).includes('estimatedCostUsd'));
  });
});

describe('image facts, prices, redaction, retries', () => {
  it('reads the real type and size of an image from its bytes', () => {
    assert.deepEqual(inspectImage(png), { mimeType: 'image/png', width: 1, height: 1 });
    assert.equal(inspectImage(Buffer.from('<svg')), undefined);
    assert.equal(inspectImage(Buffer.from('hello world, not an image')), undefined);
  });

  it('estimates costs from the price table', () => {
    assert.equal(pricePerImageUsd('gemini-2.5-flash-image', '1K'), 0.0387);
    assert.equal(pricePerImageUsd('gemini-3-pro-image', '4K'), 0.24);
    assert.equal(costOfUsage('gemini-3-pro-image', { promptTokens: 0, outputTokens: 1120 }, 1, '1K', 'batch'), 0.0672);
    assert.equal(costOfUsage('unknown', { promptTokens: 1, outputTokens: 1 }, 0), null);
  });

  it('redacts keys, key-shaped strings and key parameters', () => {
    // Built at run time so the repository holds nothing shaped like a real key.
    const key = ['AIza', 'SyA1234567890abcdefghijklmnopqrstuv'].join('');
    assert.equal(redact(`failed with ${key}`), 'failed with [REDACTED]');
    assert.equal(redact('GET /v1beta/models?key=secret123&x=1'), 'GET /v1beta/models?key=[REDACTED]&x=1');
    assert.equal(redact('{"x-goog-api-key":"my-own-key-1"}'), '{"x-goog-api-key":"[REDACTED]"}');
    assert.equal(redact('token my-custom-secret here', ['my-custom-secret']), 'token [REDACTED] here');
  });

  it('retries quota and server errors with bounded backoff, honouring RetryInfo', () => {
    const policy = { maxRetries: 2, baseDelayMs: 1000, maxDelayMs: 30_000 };
    const server = new PictorError('server', 'x', { status: 503 });
    assert.equal(retryDelayMs(server, 1, policy), 1000);
    assert.equal(retryDelayMs(server, 2, policy), 2000);
    assert.equal(retryDelayMs(server, 3, policy), undefined);
    assert.equal(retryDelayMs(new PictorError('quota', 'x', { status: 429, retryAfterSeconds: 7 }), 1, policy), 7000);
    assert.equal(retryDelayMs(new PictorError('quota', 'x', { status: 429, retryAfterSeconds: 120 }), 1, policy), undefined);
    assert.equal(retryDelayMs(new PictorError('invalidKey', 'x', { status: 400 }), 1, policy), undefined);
    assert.equal(parseDurationSeconds('7s'), 7);
    assert.equal(parseDurationSeconds('0.5s'), 0.5);
    assert.equal(parseDurationSeconds('soon'), undefined);
  });
});
