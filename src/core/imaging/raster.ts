/** An 8-bit RGBA image in memory: `data` holds width × height × 4 bytes, rows top to bottom, not premultiplied. */
export interface Raster {
  width: number;
  height: number;
  data: Uint8Array;
}

export function createRaster(width: number, height: number): Raster {
  return { width, height, data: new Uint8Array(width * height * 4) };
}

/** sRGB byte → linear light 0..1 (IEC 61966-2-1 transfer function), as a lookup table. */
export const SRGB_TO_LINEAR: Float32Array = (() => {
  const table = new Float32Array(256);
  for (let i = 0; i < 256; i++) {
    const c = i / 255;
    table[i] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }
  return table;
})();

const LINEAR_STEPS = 4096;
const LINEAR_TO_SRGB_TABLE: Uint8Array = (() => {
  const table = new Uint8Array(LINEAR_STEPS + 1);
  for (let i = 0; i <= LINEAR_STEPS; i++) {
    const l = i / LINEAR_STEPS;
    const c = l <= 0.0031308 ? l * 12.92 : 1.055 * Math.pow(l, 1 / 2.4) - 0.055;
    table[i] = Math.round(Math.min(1, Math.max(0, c)) * 255);
  }
  return table;
})();

/** Linear light 0..1 (clamped) → sRGB byte. */
export function linearToSrgb(value: number): number {
  const clamped = value <= 0 ? 0 : value >= 1 ? 1 : value;
  return LINEAR_TO_SRGB_TABLE[Math.round(clamped * LINEAR_STEPS)]!;
}

/** `#rrggbb` for an RGB triple. */
export function toHexColor(r: number, g: number, b: number): string {
  return `#${[r, g, b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
}

/** `#rrggbb` (or `#rgb`) → [r, g, b]; undefined when it is no such colour. */
export function parseHexColor(text: string): [number, number, number] | undefined {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(text.trim());
  if (!m) return undefined;
  const hex = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}
