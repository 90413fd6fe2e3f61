import * as assert from 'node:assert/strict';
import { PictorError } from '../../src/core/errors';
import { parseResponse } from '../../src/core/response';

const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a6d5e1d50000000049454e44ae426082', 'hex');
const b64 = png.toString('base64');

function fails(response: unknown, code: string, pattern: RegExp): PictorError {
  let caught: unknown;
  try {
    parseResponse(response);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof PictorError, 'expected a PictorError');
  assert.equal(caught.code, code);
  assert.match(caught.message, pattern);
  return caught;
}

describe('response parsing', () => {
  it('reads images, text, usage and model version; skips thought images', () => {
    const result = parseResponse({
      candidates: [
        {
          content: {
            role: 'model',
            parts: [
              { text: 'Planning the layout', thought: true },
              { inlineData: { mimeType: 'image/png', data: b64 }, thought: true },
              { text: 'Here is your icon.', thoughtSignature: 'sig-a' },
              { inlineData: { mimeType: 'image/png', data: b64 }, thoughtSignature: 'sig-b' },
              { inlineData: { mimeType: 'image/png', data: b64 } },
            ],
          },
          finishReason: 'STOP',
        },
      ],
      usageMetadata: { promptTokenCount: 12, candidatesTokenCount: 2240, thoughtsTokenCount: 100, totalTokenCount: 2352 },
      modelVersion: 'gemini-3-pro-image',
      responseId: 'r1',
    });
    assert.equal(result.images.length, 2);
    assert.equal(result.images[0]?.thoughtSignature, 'sig-b');
    assert.deepEqual(Buffer.from(result.images[1]!.bytes), png);
    assert.equal(result.thoughtImageCount, 1);
    assert.equal(result.text, 'Here is your icon.');
    assert.equal(result.thoughts, 'Planning the layout');
    assert.deepEqual(result.usage, { promptTokens: 12, outputTokens: 2240, totalTokens: 2352, thoughtTokens: 100 });
    assert.equal(result.modelVersion, 'gemini-3-pro-image');
  });

  it('maps a blocked prompt, safety finish reasons and other finish reasons', () => {
    fails({ promptFeedback: { blockReason: 'SAFETY' } }, 'blocked', /blocked.*SAFETY/);
    fails({ candidates: [{ content: { parts: [] }, finishReason: 'IMAGE_SAFETY' }] }, 'blocked', /IMAGE_SAFETY/);
    fails({ candidates: [{ content: { parts: [] }, finishReason: 'PROHIBITED_CONTENT' }] }, 'blocked', /PROHIBITED_CONTENT/);
    fails({ candidates: [{ finishReason: 'MAX_TOKENS' }] }, 'noImage', /MAX_TOKENS/);
  });

  it('turns a text-only answer into noImage carrying the text', () => {
    const error = fails({ candidates: [{ content: { role: 'model', parts: [{ text: 'I can only describe it.' }] }, finishReason: 'STOP' }] }, 'noImage', /text only/);
    assert.equal(error.text, 'I can only describe it.');
  });

  it('treats malformed responses as server errors', () => {
    fails(null, 'server', /could not read/);
    fails({}, 'server', /without any candidate/);
    fails({ candidates: [{ content: { parts: [{ inlineData: { mimeType: 'image/png', data: '***not base64***' } }] } }] }, 'server', /decode/);
    fails({ candidates: [{ content: { parts: [{ inlineData: { mimeType: 'text/html', data: b64 } }] } }] }, 'server', /decode/);
    // As long as clean base64 of the same size, with one character outside the alphabet.
    const junk = `${b64.slice(0, 40)}*${b64.slice(41)}`;
    fails({ candidates: [{ content: { parts: [{ inlineData: { mimeType: 'image/png', data: junk } }] } }] }, 'server', /decode/);
  });

  it('decodes base64 with line breaks or in the URL-safe alphabet to the same bytes', () => {
    const image = (data: string) => parseResponse({ candidates: [{ content: { parts: [{ inlineData: { mimeType: 'image/png', data } }] } }] }).images[0]!.bytes;
    const wrapped = b64.replace(/.{76}/g, '$&\r\n');
    assert.deepEqual(Buffer.from(image(wrapped)), png);
    assert.deepEqual(Buffer.from(image(png.toString('base64url'))), png);
  });
});
