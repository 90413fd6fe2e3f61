import * as assert from 'node:assert/strict';
import { nestingPatternsWithSidecars } from '../../src/core/file-nesting';

describe('explorer file nesting for sidecars', () => {
  it('nests each image type\'s sidecar under it', () => {
    const { patterns, changed } = nestingPatternsWithSidecars({});
    assert.equal(changed, true);
    assert.deepEqual(patterns, {
      '*.png': '${capture}.png.json',
      '*.jpg': '${capture}.jpg.json',
      '*.jpeg': '${capture}.jpeg.json',
      '*.webp': '${capture}.webp.json',
      '*.gif': '${capture}.gif.json',
    });
  });

  it('keeps what a pattern already nests and adds the sidecar after it', () => {
    const { patterns } = nestingPatternsWithSidecars({ '*.png': '${capture}.png.import , ${capture}.svg' });
    assert.equal(patterns['*.png'], '${capture}.png.import, ${capture}.svg, ${capture}.png.json');
  });

  it('changes nothing when every sidecar is already nested', () => {
    const all = nestingPatternsWithSidecars({}).patterns;
    assert.deepEqual(nestingPatternsWithSidecars(all), { patterns: {}, changed: false });
  });
});
