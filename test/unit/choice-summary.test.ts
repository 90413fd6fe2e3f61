import * as assert from 'node:assert/strict';
import { FLASH_IMAGE, PRO_IMAGE } from '../../src/core/models';
import { acceptDetail, estimateChoicesCostUsd, summaryRows } from '../../src/ui/choice-summary';

describe('the summary step of the palette (choice-summary)', () => {
  it('lists kind, model, aspect ratio and size of a Pro diagram, with pixels and the price per image', () => {
    const rows = summaryRows({ preset: 'diagram', model: PRO_IMAGE, aspectRatio: '16:9', imageSize: '2K' });
    assert.deepEqual(
      rows.map((r) => `${r.label}: ${r.value}`),
      ['Kind: Diagram', 'Model: Nano Banana Pro (Gemini 3 Pro Image Preview)', 'Aspect ratio: 16:9', 'Image size: 2K'],
    );
    assert.match(rows[1]!.detail, /gemini-3-pro-image-preview · ≈ \$0\.134 per image/);
    assert.equal(rows[3]!.detail, '2752×1536');
  });

  it('leaves out the size row for a model that takes no size', () => {
    const rows = summaryRows({ preset: 'none', model: FLASH_IMAGE, aspectRatio: '1:1' });
    assert.deepEqual(rows.map((r) => r.key), ['preset', 'model', 'aspectRatio']);
    assert.equal(rows[2]!.detail, '1024×1024');
  });

  it('shows why a value is what it is beside its row', () => {
    const rows = summaryRows({ preset: 'none', model: PRO_IMAGE, aspectRatio: '1:1', imageSize: '2K' }, { model: 'as in your last image' });
    assert.match(rows.find((r) => r.key === 'model')!.detail, /as in your last image$/);
  });

  it('prices what Enter buys: count × price per image of the chosen model and size', () => {
    assert.equal(estimateChoicesCostUsd({ model: FLASH_IMAGE }), 0.0387);
    assert.equal(estimateChoicesCostUsd({ model: PRO_IMAGE, imageSize: '2K' }, 2), 0.2688);
    assert.equal(estimateChoicesCostUsd({ model: PRO_IMAGE, imageSize: '4K' }), 0.24);
    assert.equal(acceptDetail({ preset: 'none', model: PRO_IMAGE, aspectRatio: '1:1', imageSize: '2K' }, 2), '2 images · ≈ $0.269');
    assert.equal(acceptDetail({ preset: 'none', model: 'gemini-9-unknown-image', aspectRatio: '1:1' }, 1), '1 image · price unknown');
  });
});
