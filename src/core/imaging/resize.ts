import { SRGB_TO_LINEAR, createRaster, linearToSrgb, type Raster } from './raster';

export type Fit = 'contain' | 'cover' | 'fill';
export const FITS: readonly Fit[] = ['contain', 'cover', 'fill'];

const LOBES = 3;

/**
 * Resizes to exactly `width` × `height`:
 * `fill` stretches; `contain` scales to fit inside and centres on a transparent canvas;
 * `cover` scales to fill and crops the overflow equally from both sides.
 * Resampling is Lanczos-3 (widened by the scale factor when shrinking, so every source pixel counts),
 * done in linear light on premultiplied alpha: edges keep their brightness and transparent pixels lend no colour.
 */
export function resizeRaster(source: Raster, width: number, height: number, fit: Fit): Raster {
  if (fit === 'fill') return resample(source, width, height);
  const scale = fit === 'contain' ? Math.min(width / source.width, height / source.height) : Math.max(width / source.width, height / source.height);
  const scaledWidth = Math.max(1, Math.round(source.width * scale));
  const scaledHeight = Math.max(1, Math.round(source.height * scale));
  const scaled = resample(source, fit === 'cover' ? Math.max(width, scaledWidth) : Math.min(width, scaledWidth), fit === 'cover' ? Math.max(height, scaledHeight) : Math.min(height, scaledHeight));
  return placeCentred(scaled, width, height);
}

/** A non-square image centred on a transparent square of its longer side, never stretched. */
export function squareCanvas(source: Raster): Raster {
  const side = Math.max(source.width, source.height);
  return source.width === source.height ? source : placeCentred(source, side, side);
}

/** Copies `source` centred into a width × height transparent canvas, cropping what does not fit. */
function placeCentred(source: Raster, width: number, height: number): Raster {
  if (source.width === width && source.height === height) return source;
  const out = createRaster(width, height);
  const offsetX = Math.floor((width - source.width) / 2);
  const offsetY = Math.floor((height - source.height) / 2);
  for (let y = 0; y < height; y++) {
    const sy = y - offsetY;
    if (sy < 0 || sy >= source.height) continue;
    const fromX = Math.max(0, -offsetX);
    const toX = Math.min(source.width, width - offsetX);
    if (toX <= fromX) continue;
    out.data.set(source.data.subarray((sy * source.width + fromX) * 4, (sy * source.width + toX) * 4), (y * width + fromX + offsetX) * 4);
  }
  return out;
}

/** Lanczos-3 resampling of every pixel to width × height (separable: rows, then columns). */
export function resample(source: Raster, width: number, height: number): Raster {
  const { width: sw, height: sh, data } = source;
  // Linear, premultiplied floats: [r·a, g·a, b·a, a].
  const linear = new Float32Array(sw * sh * 4);
  for (let i = 0; i < linear.length; i += 4) {
    const a = data[i + 3]! / 255;
    linear[i] = SRGB_TO_LINEAR[data[i]!]! * a;
    linear[i + 1] = SRGB_TO_LINEAR[data[i + 1]!]! * a;
    linear[i + 2] = SRGB_TO_LINEAR[data[i + 2]!]! * a;
    linear[i + 3] = a;
  }
  const horizontal = resampleAxis(linear, sw, sh, width, true);
  const both = resampleAxis(horizontal, width, sh, height, false);
  const out = createRaster(width, height);
  for (let i = 0; i < both.length; i += 4) {
    const a = Math.min(1, Math.max(0, both[i + 3]!));
    const a8 = Math.round(a * 255);
    if (a8 === 0) continue;
    out.data[i] = linearToSrgb(both[i]! / a);
    out.data[i + 1] = linearToSrgb(both[i + 1]! / a);
    out.data[i + 2] = linearToSrgb(both[i + 2]! / a);
    out.data[i + 3] = a8;
  }
  return out;
}

interface Taps {
  start: Int32Array;
  count: Int32Array;
  weights: Float32Array;
  stride: number;
}

function lanczos(x: number): number {
  if (x === 0) return 1;
  if (x <= -LOBES || x >= LOBES) return 0;
  const px = Math.PI * x;
  return (LOBES * Math.sin(px) * Math.sin(px / LOBES)) / (px * px);
}

/** Normalised filter taps for each output coordinate along one axis. */
function taps(from: number, to: number): Taps {
  const scale = to / from;
  const stretch = scale < 1 ? 1 / scale : 1;
  const radius = LOBES * stretch;
  const stride = Math.ceil(radius) * 2 + 1;
  const start = new Int32Array(to);
  const count = new Int32Array(to);
  const weights = new Float32Array(to * stride);
  for (let o = 0; o < to; o++) {
    const centre = (o + 0.5) / scale - 0.5;
    const first = Math.max(0, Math.ceil(centre - radius));
    const last = Math.min(from - 1, Math.floor(centre + radius));
    let sum = 0;
    const n = Math.min(stride, last - first + 1);
    for (let k = 0; k < n; k++) {
      const w = lanczos((first + k - centre) / stretch);
      weights[o * stride + k] = w;
      sum += w;
    }
    for (let k = 0; k < n; k++) weights[o * stride + k]! /= sum || 1;
    start[o] = first;
    count[o] = n;
  }
  return { start, count, weights, stride };
}

function resampleAxis(input: Float32Array, width: number, height: number, size: number, alongX: boolean): Float32Array {
  const t = taps(alongX ? width : height, size);
  const outWidth = alongX ? size : width;
  const outHeight = alongX ? height : size;
  const out = new Float32Array(outWidth * outHeight * 4);
  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++) {
      const o = alongX ? x : y;
      const first = t.start[o]!;
      const n = t.count[o]!;
      const base = o * t.stride;
      let r = 0, g = 0, b = 0, a = 0;
      for (let k = 0; k < n; k++) {
        const w = t.weights[base + k]!;
        const i = alongX ? (y * width + first + k) * 4 : ((first + k) * width + x) * 4;
        r += input[i]! * w;
        g += input[i + 1]! * w;
        b += input[i + 2]! * w;
        a += input[i + 3]! * w;
      }
      const j = (y * outWidth + x) * 4;
      out[j] = r;
      out[j + 1] = g;
      out[j + 2] = b;
      out[j + 3] = a;
    }
  }
  return out;
}
