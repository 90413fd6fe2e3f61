import * as assert from 'node:assert/strict';
import { currentModels, modelInfo } from '../../src/core/models';
import { modelOptions } from '../../src/views/shared/models';

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
});
