/**
 * PNG pictures via pngjs: a diagonal gradient with a disc, coloured from the seed, or random
 * pixels that no compressor can shrink (for payload-size tests).
 */

import { PNG } from 'pngjs';
import { paletteFor } from './colour';

const RGB = 2;

function encodeRgb(width: number, height: number, data: Buffer, compress: boolean): Buffer {
  // Writing RGB straight through (input colour type = output colour type) skips pngjs's repacking,
  // and one fixed filter skips its per-line trial of all five.
  return PNG.sync.write({ width, height, data } as PNG, {
    colorType: RGB,
    inputColorType: RGB,
    inputHasAlpha: false,
    filterType: compress ? 1 : 0,
    deflateLevel: compress ? 6 : 0,
  });
}

export function renderPicturePng(width: number, height: number, seed: number): Buffer {
  const { from, to, accent } = paletteFor(seed);
  const data = Buffer.allocUnsafe(width * height * 3);
  const cx = width * (0.3 + ((seed >>> 9) % 40) / 100);
  const cy = height * (0.3 + ((seed >>> 17) % 40) / 100);
  const radius = Math.min(width, height) * (0.15 + ((seed >>> 25) % 15) / 100);
  const r2 = radius * radius;
  const span = width + height - 2 || 1;
  let i = 0;
  for (let y = 0; y < height; y++) {
    const dy2 = (y - cy) * (y - cy);
    for (let x = 0; x < width; x++) {
      if ((x - cx) * (x - cx) + dy2 <= r2) {
        data[i++] = accent.r;
        data[i++] = accent.g;
        data[i++] = accent.b;
      } else {
        const t = (x + y) / span;
        data[i++] = from.r + (to.r - from.r) * t;
        data[i++] = from.g + (to.g - from.g) * t;
        data[i++] = from.b + (to.b - from.b) * t;
      }
    }
  }
  return encodeRgb(width, height, data, true);
}

export function renderNoisePng(width: number, height: number, seed: number): Buffer {
  const data = Buffer.allocUnsafe(width * height * 3);
  const words = new Uint32Array(data.buffer, data.byteOffset, Math.floor(data.length / 4));
  let state = seed || 0x9e3779b9;
  for (let i = 0; i < words.length; i++) {
    // xorshift32: deterministic and fast enough for 4K frames
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    words[i] = state;
  }
  data.fill(0x5a, words.length * 4);
  return encodeRgb(width, height, data, false);
}
