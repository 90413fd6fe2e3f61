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

/**
 * The same subject on a pure white or black backdrop, as the service draws it when asked for one: a disc
 * with an anti-aliased edge over a 50 % black shadow, both placed from the image size only, so a white
 * picture and its black-background edit line up pixel for pixel (unless `offset` moves the subject).
 */
export function renderSubjectPng(width: number, height: number, backdrop: 'white' | 'black', offset = 0): Buffer {
  const data = Buffer.allocUnsafe(width * height * 3);
  const unit = Math.min(width, height);
  const cx = width / 2 + offset;
  const cy = height * 0.45;
  const radius = unit * 0.28;
  const shadow = { cx: width / 2 + offset, cy: height * 0.82, rx: unit * 0.32, ry: unit * 0.07 };
  const colour = [222, 96, 40];
  const back = backdrop === 'white' ? 255 : 0;
  let i = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const coverage = Math.min(1, Math.max(0, radius + 0.5 - Math.hypot(x + 0.5 - cx, y + 0.5 - cy)));
      const inShadow = ((x + 0.5 - shadow.cx) / shadow.rx) ** 2 + ((y + 0.5 - shadow.cy) / shadow.ry) ** 2 <= 1;
      const under = inShadow ? back * 0.5 : back;
      for (let c = 0; c < 3; c++) data[i++] = Math.round(colour[c]! * coverage + under * (1 - coverage));
    }
  }
  return encodeRgb(width, height, data, true);
}
