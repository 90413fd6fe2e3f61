import * as assert from 'node:assert/strict';
import { currentModels, mergeModelLists, modelInfo } from '../../src/core/models';
import { listedModelOptions, modelOptions } from '../../src/views/shared/models';

describe('model menu options for the webviews (chat settings bar, Studio)', () => {
  it('offers every current catalog model once, with the ratios, sizes, thinking levels and flex tier it takes', () => {
    const options = modelOptions([currentModels()[0]!.id]);
    assert.deepEqual(options.map((o) => o.id), currentModels().map((m) => m.id));
    for (const option of options) {
      const info = modelInfo(option.id);
      assert.deepEqual(option.aspectRatios, info.aspectRatios, option.id);
      assert.deepEqual([...option.imageSizes].sort(), [...info.sizes].sort(), option.id);
      assert.deepEqual(option.thinkingLevels, info.thinkingLevels, option.id);
      assert.equal(option.flex, info.flex, option.id);
    }
    const thinking = options.find((o) => o.thinkingLevels.length);
    const plain = options.find((o) => !o.thinkingLevels.length);
    assert.ok(thinking && plain, 'the catalog has models with and without a thinking level');
  });

  it('adds an id the catalog does not know, with every ratio and size', () => {
    const options = modelOptions(['custom-image-model-7']);
    const custom = options.at(-1)!;
    assert.equal(custom.id, 'custom-image-model-7');
    assert.equal(custom.aspectRatios.length, modelInfo('custom-image-model-7').aspectRatios.length);
    assert.ok(custom.aspectRatios.length >= Math.max(...currentModels().map((m) => m.aspectRatios.length)));
  });

  it('offers the merged list: the catalog first, then ids only the service lists, by the service\'s name', () => {
    const listed = mergeModelLists([{ id: 'gemini-9-flash-image-preview', displayName: 'Nano Banana 9 (preview)', methods: ['generateContent'] }, { id: 'gemini-9-flash', methods: ['generateContent'] }]);
    const options = listedModelOptions(listed, ['custom-image-model-7']);
    assert.deepEqual(options.map((o) => o.id), [...currentModels().map((m) => m.id), 'gemini-9-flash-image-preview', 'custom-image-model-7'], 'a text model is not offered');
    const service = options.find((o) => o.id === 'gemini-9-flash-image-preview')!;
    assert.equal(service.label, 'Nano Banana 9 (preview)');
    assert.ok(service.aspectRatios.length >= Math.max(...currentModels().map((m) => m.aspectRatios.length)), 'every ratio for a model the catalog does not know');
    assert.deepEqual(options.slice(0, currentModels().length), modelOptions().slice(0, currentModels().length), 'catalog rows as without the list');
  });
});
