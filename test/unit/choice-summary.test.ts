import * as assert from 'node:assert/strict';
import { DEFAULT_MODEL, LITE_MODEL, PRO_MODEL as PRO_IMAGE, currentModels, modelInfo } from '../../src/core/models';

/** A current model that always makes 1K images (takes no size), from the catalog. */
const FLASH_IMAGE = currentModels().find((m) => !m.supportsImageSize)!.id;
import { acceptDetail, estimateChoicesCostUsd, summaryRows } from '../../src/ui/choice-summary';

describe('the summary step of the palette (choice-summary)', () => {
  it('lists kind, model, aspect ratio and size of a Pro diagram, with pixels and the price per image', () => {
    const rows = summaryRows({ preset: 'diagram', model: PRO_IMAGE, aspectRatio: '16:9', imageSize: '2K' });
    assert.deepEqual(
      rows.map((r) => `${r.label}: ${r.value}`),
      ['Kind: Diagram', `Model: ${modelInfo(PRO_IMAGE).label}`, 'Aspect ratio: 16:9', 'Image size: 2K', 'Service tier: standard'],
    );
    assert.equal(rows[1]!.detail, `${PRO_IMAGE} · ≈ $0.134 per image`);
    assert.equal(rows[3]!.detail, '2752×1536');
  });

  it('leaves out the size row for a model that takes no size', () => {
    const rows = summaryRows({ preset: 'none', model: FLASH_IMAGE, aspectRatio: '1:1' });
    assert.deepEqual(rows.map((r) => r.key), ['preset', 'model', 'aspectRatio']);
    assert.equal(rows[2]!.detail, '1024×1024');
  });

  it('offers thinking and the service tier only where the model has them', () => {
    const rows = summaryRows({ preset: 'none', model: DEFAULT_MODEL, aspectRatio: '1:1', imageSize: '1K', thinkingLevel: 'medium', serviceTier: 'flex' });
    assert.deepEqual(
      rows.map((r) => `${r.label}: ${r.value}`),
      ['Kind: No preset', 'Model: Nano Banana 2.1', 'Aspect ratio: 1:1', 'Image size: 1K', 'Thinking: medium', 'Service tier: flex'],
    );
    assert.match(rows.find((r) => r.key === 'thinkingLevel')!.detail, /takes minimal, medium, high/);
    assert.match(rows.find((r) => r.key === 'model')!.detail, /≈ \$0\.017 per image \(flex\)$/);
    // Lite thinks but has no flex tier; Pro has flex but no levels to choose; the legacy model has neither.
    assert.deepEqual(summaryRows({ preset: 'none', model: LITE_MODEL, aspectRatio: '1:1', imageSize: '1K' }).map((r) => `${r.label}: ${r.value}`).slice(4), ['Thinking: default']);
    assert.deepEqual(summaryRows({ preset: 'none', model: PRO_IMAGE, aspectRatio: '1:1', imageSize: '1K' }).map((r) => r.key).slice(4), ['serviceTier']);
    assert.deepEqual(summaryRows({ preset: 'none', model: FLASH_IMAGE, aspectRatio: '1:1' }).map((r) => r.key), ['preset', 'model', 'aspectRatio']);
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
    assert.equal(estimateChoicesCostUsd({ model: PRO_IMAGE, imageSize: '4K', serviceTier: 'flex' }), 0.12, 'the flex tier halves the estimate');
    assert.equal(estimateChoicesCostUsd({ model: FLASH_IMAGE, serviceTier: 'flex' }), 0.0387, 'no flex tier on this model: standard');
  });
});
