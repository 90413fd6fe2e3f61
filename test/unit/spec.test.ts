import * as assert from 'node:assert/strict';
import { PictorError } from '../../src/core/errors';
import { expectedResolution, modelInfo } from '../../src/core/models';
import { applyPreset, PRESETS } from '../../src/core/presets';
import { buildRequest } from '../../src/core/request';
import { inputsToUpload, parseGenerateArgs, validateSpec, type GenerationSpec } from '../../src/core/spec';

const base: GenerationSpec = { prompt: 'a red fox', preset: 'none', model: 'gemini-2.5-flash-image', count: 1, inputs: [] };

function rejects(fn: () => unknown, code: string, pattern: RegExp) {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof PictorError);
    assert.equal(error.code, code);
    assert.match(error.message, pattern);
    return true;
  });
}

describe('command arguments', () => {
  it('accepts a full argument object and keeps the prompt exactly as typed', () => {
    const args = parseGenerateArgs({ prompt: '  A fox.  ', model: 'gemini-3-pro-image-preview', aspectRatio: '16:9', imageSize: '4K', count: 4, preset: 'icon' });
    assert.equal(args.prompt, '  A fox.  ');
    assert.equal(args.count, 4);
  });

  it('rejects unknown fields, bad enums and out-of-range counts with badInput', () => {
    rejects(() => parseGenerateArgs({ prompt: 'x', colour: 'red' }), 'badInput', /colour|Unrecognized/i);
    rejects(() => parseGenerateArgs({ prompt: 'x', imageSize: '4k' }), 'badInput', /imageSize/);
    rejects(() => parseGenerateArgs({ prompt: 'x', count: 5 }), 'badInput', /count/);
    rejects(() => parseGenerateArgs({ prompt: '   ' }), 'badInput', /prompt/);
    rejects(() => parseGenerateArgs({ prompt: 'x', model: '../../evil' }), 'badInput', /model/);
    rejects(() => parseGenerateArgs('just a string'), 'badInput', /Invalid arguments/);
  });
});

describe('spec validation against the catalog', () => {
  it('refuses imageSize on Flash and allows it on Pro', () => {
    rejects(() => validateSpec({ ...base, imageSize: '2K' }), 'badInput', /1K.*Pro/);
    assert.deepEqual(validateSpec({ ...base, model: 'gemini-3-pro-image-preview', imageSize: '4K' }), []);
  });

  it('warns above the recommended number of references and refuses beyond the limit', () => {
    const image = { path: 'a.png', mimeType: 'image/png', bytes: new Uint8Array(10), sha256: '0'.repeat(64), role: 'reference' as const };
    assert.equal(validateSpec({ ...base, inputs: [image, image, image, image] }).length, 1);
    rejects(() => validateSpec({ ...base, model: 'gemini-3-pro-image-preview', inputs: Array(15).fill(image) }), 'badInput', /at most 14/);
  });

  it('refuses unsupported input types and oversize requests', () => {
    const svg = { path: 'a.svg', mimeType: 'image/svg+xml', bytes: new Uint8Array(10), sha256: '0'.repeat(64), role: 'reference' as const };
    rejects(() => validateSpec({ ...base, inputs: [svg] }), 'badInput', /PNG, JPEG, WebP, HEIC or HEIF/);
    const huge = { ...svg, mimeType: 'image/png', bytes: new Uint8Array(101 * 1024 * 1024) };
    rejects(() => validateSpec({ ...base, inputs: [huge] }), 'badInput', /largest image Pictor sends is 100\.0 MB/);
  });

  it('uploads the largest inputs until the inline request fits in 20 MB', () => {
    const input = (name: string, mb: number) => ({ path: name, mimeType: 'image/png', bytes: new Uint8Array(mb * 1024 * 1024), sha256: '0'.repeat(64), role: 'reference' as const });
    assert.deepEqual(inputsToUpload([input('a', 2), input('b', 3)], 100), []);
    assert.deepEqual(inputsToUpload([input('a', 2), input('big', 16), input('c', 4)], 100).map((i) => i.path), ['big']);
    assert.deepEqual(inputsToUpload([input('a', 9), input('b', 9), input('c', 9)], 100).map((i) => i.path), ['a', 'b']);
  });

  it('knows the documented resolutions', () => {
    assert.deepEqual(expectedResolution('gemini-2.5-flash-image', '16:9'), [1344, 768]);
    assert.deepEqual(expectedResolution('gemini-3-pro-image-preview', '16:9', '2K'), [2752, 1536]);
    assert.deepEqual(expectedResolution('gemini-3-pro-image-preview', '21:9', '4K'), [6336, 2688]);
    assert.equal(modelInfo('gemini-9-custom').label, 'gemini-9-custom');
  });
});

describe('presets and requests', () => {
  it('wraps the prompt in each template and leaves "none" untouched', () => {
    assert.equal(applyPreset('none', 'exactly this.'), 'exactly this.');
    for (const preset of PRESETS.filter((p) => p.id !== 'none')) {
      const text = applyPreset(preset.id, 'a rocket.');
      assert.ok(text.includes('a rocket'), preset.id);
      assert.ok(!text.includes('a rocket..'), `${preset.id} should not double the period`);
      assert.ok(!text.includes('{prompt}'));
    }
  });

  it('builds one user turn with text first, images inline, and imageConfig only when set', () => {
    const request = buildRequest({
      ...base,
      preset: 'icon',
      aspectRatio: '1:1',
      inputs: [{ path: 'a.png', mimeType: 'image/png', bytes: new Uint8Array([1, 2, 3]), sha256: '0'.repeat(64), role: 'reference' }],
    });
    assert.equal(request.contents.length, 1);
    assert.equal(request.contents[0]?.role, 'user');
    assert.match(request.contents[0]?.parts?.[0]?.text ?? '', /icon of a red fox/);
    assert.deepEqual(request.contents[0]?.parts?.[1], { inlineData: { mimeType: 'image/png', data: 'AQID' } });
    assert.deepEqual(request.config, { responseModalities: ['TEXT', 'IMAGE'], imageConfig: { aspectRatio: '1:1' } });
    assert.equal(buildRequest(base).config.imageConfig, undefined);
  });
});
