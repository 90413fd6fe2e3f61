import * as assert from 'node:assert/strict';
import { parseChatResponse } from '../../src/core/conversation-response';
import { groundingOf } from '../../src/core/grounding';
import { PictorError } from '../../src/core/errors';

const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a6d5e1d50000000049454e44ae426082', 'hex');
const b64 = png.toString('base64');

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof PictorError ? error.code : 'other';
  }
  return undefined;
}

describe('chat response parsing', () => {
  it('keeps the model turn exactly as returned', () => {
    const content = {
      role: 'model',
      parts: [
        { text: 'thinking', thought: true },
        { text: 'Here it is.', thoughtSignature: 'c2ln' },
        { inlineData: { mimeType: 'image/png', data: b64 }, thoughtSignature: 'c2lnMg==' },
      ],
    };
    const answer = parseChatResponse({ candidates: [{ content, finishReason: 'STOP' }], modelVersion: 'm', responseId: 'r' });
    assert.deepEqual(answer.content, content);
    assert.equal(answer.result.images.length, 1);
    assert.equal(answer.result.text, 'Here it is.');
    assert.equal(answer.grounding, null);
  });

  it('accepts an answer in words only as a turn', () => {
    const answer = parseChatResponse({
      candidates: [{ content: { role: 'model', parts: [{ text: 'Which colour do you prefer?', thoughtSignature: 'eA==' }] }, finishReason: 'STOP' }],
      usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 7, totalTokenCount: 12 },
    });
    assert.equal(answer.result.images.length, 0);
    assert.equal(answer.result.text, 'Which colour do you prefer?');
    assert.deepEqual(answer.result.usage, { promptTokens: 5, outputTokens: 7, totalTokens: 12 });
    assert.equal(answer.content.parts[0].thoughtSignature, 'eA==');
  });

  it('adds the model role when the answer lacks it', () => {
    const answer = parseChatResponse({ candidates: [{ content: { parts: [{ text: 'ok' }] }, finishReason: 'STOP' }] });
    assert.equal(answer.content.role, 'model');
  });

  it('still fails on blocks, safety stops and empty answers', () => {
    assert.equal(code(() => parseChatResponse({ promptFeedback: { blockReason: 'SAFETY' } })), 'blocked');
    assert.equal(code(() => parseChatResponse({ candidates: [{ content: { role: 'model', parts: [{ text: 'no' }] }, finishReason: 'IMAGE_SAFETY' }] })), 'blocked');
    assert.equal(code(() => parseChatResponse({ candidates: [{ content: { role: 'model', parts: [{ text: 'cut' }] }, finishReason: 'MAX_TOKENS' }] })), 'noImage');
    assert.equal(code(() => parseChatResponse({ candidates: [{ finishReason: 'STOP' }] })), 'noImage');
    assert.equal(code(() => parseChatResponse({})), 'server');
  });

  it('reads search grounding defensively', () => {
    const grounding = groundingOf({
      candidates: [
        {
          groundingMetadata: {
            searchEntryPoint: { renderedContent: '<style>.x{}</style><a href="https://www.google.com/search?q=a">a</a><script>alert(1)</script>' },
            groundingChunks: [{ web: { uri: 'https://example.com/a', title: 'Example' } }, { web: { uri: 'javascript:alert(1)', title: 'bad' } }, { web: { uri: 'http://b.example' } }, {}],
            webSearchQueries: ['weather', 7],
          },
        },
      ],
    });
    assert.ok(grounding);
    assert.deepEqual(grounding.sources, [
      { uri: 'https://example.com/a', title: 'Example' },
      { uri: 'http://b.example', title: 'http://b.example' },
    ]);
    assert.deepEqual(grounding.queries, ['weather']);
    assert.match(grounding.searchEntryPoint ?? '', /<script>/, 'kept as data; the view renders it inert');
    assert.equal(groundingOf({ candidates: [{}] }), null);
  });
});
