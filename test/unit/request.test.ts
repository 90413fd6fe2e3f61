import * as assert from 'node:assert/strict';
import { buildRequest, type WireContent } from '../../src/core/request';
import type { GenerationSpec } from '../../src/core/spec';

const FLASH = 'gemini-2.5-flash-image';
const PRO = 'gemini-3-pro-image';
const spec = (over: Partial<GenerationSpec> = {}): GenerationSpec => ({ prompt: 'a red fox', preset: 'none', model: PRO, count: 1, inputs: [], ...over });

describe('the one request builder', () => {
  it('builds a chat turn: the history first, then the new user turn with its attachments', () => {
    const history: WireContent[] = [
      { role: 'user', parts: [{ text: 'a fox' }] },
      { role: 'model', parts: [{ inlineData: { mimeType: 'image/png', data: 'AAAA' }, thoughtSignature: 'sig-1' }] },
    ];
    const input = { path: 'a.png', mimeType: 'image/png', bytes: new Uint8Array([1, 2, 3]), sha256: '0'.repeat(64), role: 'reference' as const };
    const request = buildRequest(spec({ prompt: 'now in snow', inputs: [input], aspectRatio: '16:9', imageSize: '2K' }), { history });
    assert.equal(request.contents.length, 3);
    assert.deepEqual(request.contents.slice(0, 2), history, 'the history exactly as stored, signatures kept');
    assert.deepEqual(request.contents[2], { role: 'user', parts: [{ text: 'now in snow' }, { inlineData: { mimeType: 'image/png', data: 'AQID' } }] });
    assert.deepEqual(request.config, { responseModalities: ['TEXT', 'IMAGE'], imageConfig: { aspectRatio: '16:9', imageSize: '2K' }, store: false });
  });

  it('adds Google Search grounding only for models that support it', () => {
    assert.deepEqual(buildRequest(spec(), { grounding: true }).config.tools, [{ googleSearch: {} }]);
    assert.equal(buildRequest(spec({ model: FLASH }), { grounding: true }).config.tools, undefined);
    assert.equal(buildRequest(spec(), { grounding: false }).config.tools, undefined);
  });

  it('grounds a one-off generation whose spec asks for it (the Studio), again only where the model has it', () => {
    assert.deepEqual(buildRequest(spec({ grounding: true })).config.tools, [{ googleSearch: {} }]);
    assert.equal(buildRequest(spec({ model: FLASH, grounding: true })).config.tools, undefined);
    assert.equal(buildRequest(spec({ grounding: true }), { grounding: false }).config.tools, undefined, 'a conversation\'s own setting wins');
  });

  it('leaves out an image size the model does not take, and an empty imageConfig', () => {
    assert.equal(buildRequest(spec({ model: FLASH, imageSize: '2K' })).config.imageConfig, undefined);
    assert.deepEqual(buildRequest(spec({ model: FLASH, aspectRatio: '1:1', imageSize: '2K' })).config.imageConfig, { aspectRatio: '1:1' });
  });

  it('sends an uploaded input by its file URI instead of inline', () => {
    const input = { path: 'big.png', mimeType: 'image/png', bytes: new Uint8Array(1), sha256: '0'.repeat(64), role: 'reference' as const, fileUri: 'https://x/files/abc' };
    assert.deepEqual(buildRequest(spec({ inputs: [input] })).contents[0]!.parts![1], { fileData: { mimeType: 'image/png', fileUri: 'https://x/files/abc' } });
  });
});
