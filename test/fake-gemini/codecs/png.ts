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
  return PNG.sync.write({ width, height, data } as unknown as PNG, {
    colorType: RGB,
    inputColorType: RGB,
    inputHasAlpha: false,
    filterType: compress ? 1 : 0,
    deflateLevel: compress ? 1 : 0,
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
  const [r0, g0, b0] = [from.r, from.g, from.b];
  const [dr, dg, db] = [(to.r - from.r) / span, (to.g - from.g) / span, (to.b - from.b) / span];
  let i = 0;
  for (let y = 0; y < height; y++) {
    const dy2 = (y - cy) * (y - cy);
    for (let x = 0; x < width; x++) {
      if ((x - cx) * (x - cx) + dy2 <= r2) {
        data[i++] = accent.r;
        data[i++] = accent.g;
        data[i++] = accent.b;
      } else {
        const t = x + y;
        data[i++] = r0 + dr * t;
        data[i++] = g0 + dg * t;
        data[i++] = b0 + db * t;
      }
    }
  }
  return encodeRgb(width, height, data, true);
}

export function renderNoisePng(width: number, height: number, seed: number): Buffer {
  const length = width * height * 3;
  const words = new Uint32Array(Math.ceil(length / 4));
  let state = seed || 0x9e3779b9;
  for (let i = 0; i < words.length; i++) {
    // xorshift32: deterministic and fast enough for 4K frames
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    words[i] = state;
  }
  return encodeRgb(width, height, Buffer.from(words.buffer, 0, length), false);
}
