import { createRaster, parseHexColor, toHexColor, type Raster } from './raster';

/** The largest distance between two RGB colours (black to white), the unit of `tolerance`. */
const MAX_DISTANCE = Math.sqrt(3) * 255;
/** Despill leaves at most this much of the key's own channel above the others (the fringe bound). */
const SPILL_MARGIN = 16;
/** How far (px) an edge pixel looks for the subject's own colour. */
const EDGE_RADIUS = 3;

export interface ColorKeyOptions {
  /** `#rrggbb`, or `auto` (default) for the dominant colour of the border. */
  color?: string;
  /** 0–100: the percentage of the largest colour distance still counted as background (default 12). */
  tolerance?: number;
}

export interface ColorKeyResult {
  raster: Raster;
  /** The key actually used, `#rrggbb`. */
  color: string;
  tolerance: number;
}

export const DEFAULT_TOLERANCE = 12;

/**
 * Removes a uniform background by colour: pixels within `tolerance` of the key become transparent,
 * a soft band beyond it gets partial alpha; edge pixels are unmixed from the key using the nearest
 * opaque subject colour (no light halo on white), and a saturated key's channel is despilled
 * (a green key leaves G ≤ max(R, B) + 16 on every edge pixel).
 * @throws Error when `color` is neither `auto` nor `#rrggbb` (callers validate first).
 */
export function colorKey(source: Raster, options: ColorKeyOptions = {}): ColorKeyResult {
  const tolerance = Math.min(100, Math.max(0, options.tolerance ?? DEFAULT_TOLERANCE));
  const key = !options.color || options.color === 'auto' ? dominantBorderColor(source) : parseHexColor(options.color);
  if (!key) throw new Error(`not a colour: ${options.color}`);
  const inner = (tolerance / 100) * MAX_DISTANCE;
  const outer = inner + Math.max(0.08 * MAX_DISTANCE, inner * 0.5);
  const { width, height, data } = source;
  const out = createRaster(width, height);
  const o = out.data;
  const alpha = new Float32Array(width * height);
  for (let p = 0, i = 0; p < alpha.length; p++, i += 4) {
    const d = Math.hypot(data[i]! - key[0], data[i + 1]! - key[1], data[i + 2]! - key[2]);
    alpha[p] = d <= inner ? 0 : d >= outer ? 1 : (d - inner) / (outer - inner);
  }
  const spill = spillChannel(key);
  const edge = edgeBand(alpha, width, height);
  for (let p = 0, i = 0; p < alpha.length; p++, i += 4) {
    const opacity = data[i + 3]! / 255;
    let a = alpha[p]!;
    if (a <= 0 || opacity <= 0) continue;
    let r = data[i]!, g = data[i + 1]!, b = data[i + 2]!;
    if (edge[p]) {
      const subject = subjectColourNear(source, alpha, key, p % width, Math.floor(p / width));
      if (subject) {
        // Project the pixel onto the line key → subject colour: that fraction is its coverage.
        const dr = subject[0] - key[0], dg = subject[1] - key[1], db = subject[2] - key[2];
        const length2 = dr * dr + dg * dg + db * db;
        if (length2 > 0) a = Math.min(1, Math.max(0, ((r - key[0]) * dr + (g - key[1]) * dg + (b - key[2]) * db) / length2));
      }
      if (a <= 0) continue;
      // Unmix: take the key's share out, so the edge keeps the subject's colour instead of a blend with the backdrop.
      r = clamp((r - (1 - a) * key[0]) / a);
      g = clamp((g - (1 - a) * key[1]) / a);
      b = clamp((b - (1 - a) * key[2]) / a);
      if (spill !== undefined) {
        const rgb = [r, g, b];
        const others = Math.max(...rgb.filter((_, c) => c !== spill));
        rgb[spill] = Math.min(rgb[spill]!, others + SPILL_MARGIN);
        [r, g, b] = rgb as [number, number, number];
      }
    }
    o[i] = r;
    o[i + 1] = g;
    o[i + 2] = b;
    o[i + 3] = Math.round(a * opacity * 255);
  }
  return { raster: out, color: toHexColor(...key), tolerance };
}

const clamp = (v: number) => Math.min(255, Math.max(0, Math.round(v)));

/** The channel a saturated key spills into edges (G for green), or undefined for greys such as white. */
function spillChannel(key: [number, number, number]): number | undefined {
  const top = Math.max(...key);
  const channel = key.indexOf(top);
  const rest = key.filter((_, c) => c !== channel);
  return top - Math.max(...rest) >= 64 ? channel : undefined;
}

/** Pixels that are partly background, or within two pixels of one: where blending with the key happened. */
function edgeBand(alpha: Float32Array, width: number, height: number): Uint8Array {
  const band = new Uint8Array(alpha.length);
  for (let p = 0; p < alpha.length; p++) {
    if (alpha[p]! >= 1 || alpha[p]! <= 0 && !hasSubjectNeighbour(alpha, width, height, p)) continue;
    const x = p % width, y = Math.floor(p / width);
    for (let dy = -2; dy <= 2; dy++) {
      for (let dx = -2; dx <= 2; dx++) {
        const nx = x + dx, ny = y + dy;
        if (nx >= 0 && ny >= 0 && nx < width && ny < height) band[ny * width + nx] = 1;
      }
    }
  }
  return band;
}

function hasSubjectNeighbour(alpha: Float32Array, width: number, height: number, p: number): boolean {
  const x = p % width, y = Math.floor(p / width);
  for (let dy = -1; dy <= 1; dy++) {
    for (let dx = -1; dx <= 1; dx++) {
      const nx = x + dx, ny = y + dy;
      if (nx >= 0 && ny >= 0 && nx < width && ny < height && alpha[ny * width + nx]! > 0) return true;
    }
  }
  return false;
}

/** Among the opaque pixels within EDGE_RADIUS, the colour farthest from the key: the subject's own colour. */
function subjectColourNear(source: Raster, alpha: Float32Array, key: [number, number, number], x: number, y: number): [number, number, number] | undefined {
  let best: [number, number, number] | undefined;
  let bestDistance = -1;
  for (let dy = -EDGE_RADIUS; dy <= EDGE_RADIUS; dy++) {
    for (let dx = -EDGE_RADIUS; dx <= EDGE_RADIUS; dx++) {
      const nx = x + dx, ny = y + dy;
      if (nx < 0 || ny < 0 || nx >= source.width || ny >= source.height) continue;
      const p = ny * source.width + nx;
      if (alpha[p]! < 1) continue;
      const i = p * 4;
      const d = (source.data[i]! - key[0]) ** 2 + (source.data[i + 1]! - key[1]) ** 2 + (source.data[i + 2]! - key[2]) ** 2;
      if (d > bestDistance) {
        bestDistance = d;
        best = [source.data[i]!, source.data[i + 1]!, source.data[i + 2]!];
      }
    }
  }
  return best;
}

/** The most common colour on the image's outermost rows and columns (5-bit buckets, averaged within the winner). */
export function dominantBorderColor(raster: Raster): [number, number, number] {
  const { width, height, data } = raster;
  const buckets = new Map<number, { count: number; r: number; g: number; b: number }>();
  const add = (x: number, y: number) => {
    const i = (y * width + x) * 4;
    const r = data[i]!, g = data[i + 1]!, b = data[i + 2]!;
    const id = ((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3);
    const bucket = buckets.get(id) ?? { count: 0, r: 0, g: 0, b: 0 };
    bucket.count++;
    bucket.r += r;
    bucket.g += g;
    bucket.b += b;
    buckets.set(id, bucket);
  };
  for (let x = 0; x < width; x++) {
    add(x, 0);
    if (height > 1) add(x, height - 1);
  }
  for (let y = 1; y < height - 1; y++) {
    add(0, y);
    if (width > 1) add(width - 1, y);
  }
  let best = { count: 0, r: 255, g: 255, b: 255 };
  for (const bucket of buckets.values()) if (bucket.count > best.count) best = bucket;
  const n = Math.max(1, best.count);
  return best.count ? [Math.round(best.r / n), Math.round(best.g / n), Math.round(best.b / n)] : [255, 255, 255];
}
