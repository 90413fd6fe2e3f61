import * as assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { imageThumbnail } from '../../src/core/thumbnail';

/** A width × height PNG: left half opaque red, right half opaque blue. */
function twoColourPng(width: number, height: number): Uint8Array {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 4;
      const red = x < width / 2;
      png.data[at] = red ? 255 : 0;
      png.data[at + 2] = red ? 0 : 255;
      png.data[at + 3] = 255;
    }
  }
  return new Uint8Array(PNG.sync.write(png));
}

describe('imageThumbnail', () => {
  it('scales a large image down to fit the longer side, keeping its colours where they were', async () => {
    const thumbnail = await imageThumbnail(twoColourPng(1000, 600), 250);
    assert.ok(thumbnail);
    const decoded = PNG.sync.read(Buffer.from(thumbnail));
    assert.deepEqual([decoded.width, decoded.height], [250, 150]);
    assert.deepEqual([...decoded.data.subarray(0, 4)], [255, 0, 0, 255], 'left is red');
    const right = (decoded.width - 1) * 4;
    assert.deepEqual([...decoded.data.subarray(right, right + 4)], [0, 0, 255, 255], 'right is blue');
  });

  it('leaves small images and what it cannot decode alone (null: show the original)', async () => {
    assert.equal(await imageThumbnail(twoColourPng(200, 100), 384), null);
    assert.equal(await imageThumbnail(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0]), 384), null);
  });
});
