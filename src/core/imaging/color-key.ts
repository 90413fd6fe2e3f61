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
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      const i = p * 4;
      let a = alpha[p]! * (data[i + 3]! / 255);
      if (a <= 0) continue;
      let r = data[i]!, g = data[i + 1]!, b = data[i + 2]!;
      const edge = alpha[p]! < 1 || touchesBackground(alpha, width, height, x, y);
      if (alpha[p]! < 1) {
        const subject = nearestOpaque(source, alpha, x, y);
        if (subject) {
          // Project the pixel onto the line key → subject colour: that fraction is its coverage.
          const dr = subject[0] - key[0], dg = subject[1] - key[1], db = subject[2] - key[2];
          const length2 = dr * dr + dg * dg + db * db;
          if (length2 > 0) a = Math.min(1, Math.max(0, ((r - key[0]) * dr + (g - key[1]) * dg + (b - key[2]) * db) / length2)) * (data[i + 3]! / 255);
        }
        if (a <= 0) continue;
        const coverage = Math.max(a, 1e-3);
        // Unmix: remove the key's share so the edge keeps the subject's colour, not a blend with the backdrop.
        r = clamp((r - (1 - coverage) * key[0]) / coverage);
        g = clamp((g - (1 - coverage) * key[1]) / coverage);
        b = clamp((b - (1 - coverage) * key[2]) / coverage);
      }
      if (edge && spill !== undefined) {
        const rgb = [r, g, b];
        const others = Math.max(...rgb.filter((_, c) => c !== spill));
        rgb[spill] = Math.min(rgb[spill]!, others + SPILL_MARGIN);
        [r, g, b] = rgb as [number, number, number];
      }
      o[i] = r;
      o[i + 1] = g;
      o[i + 2] = b;
      o[i + 3] = Math.round(a * 255);
    }
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

function touchesBackground(alpha: Float32Array, width: number, height: number, x: number, y: number): boolean {
  for (let dy = -1; dy <= 1; dy++) {
    for (let dx = -1; dx <= 1; dx++) {
      const nx = x + dx, ny = y + dy;
      if (nx >= 0 && ny >= 0 && nx < width && ny < height && alpha[ny * width + nx]! < 1) return true;
    }
  }
  return false;
}

/** The colour of the closest fully opaque pixel within EDGE_RADIUS, if any. */
function nearestOpaque(source: Raster, alpha: Float32Array, x: number, y: number): [number, number, number] | undefined {
  let best: [number, number, number] | undefined;
  let bestDistance = Infinity;
  for (let dy = -EDGE_RADIUS; dy <= EDGE_RADIUS; dy++) {
    for (let dx = -EDGE_RADIUS; dx <= EDGE_RADIUS; dx++) {
      const nx = x + dx, ny = y + dy;
      if (nx < 0 || ny < 0 || nx >= source.width || ny >= source.height) continue;
      const p = ny * source.width + nx;
      const distance = dx * dx + dy * dy;
      if (alpha[p]! < 1 || distance >= bestDistance) continue;
      bestDistance = distance;
      best = [source.data[p * 4]!, source.data[p * 4 + 1]!, source.data[p * 4 + 2]!];
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
