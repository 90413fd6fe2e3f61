import { createRaster, type Raster } from '../../src/core/imaging/raster';

/**
 * Known pictures for pixel tests (and the benchmark): a disk with an anti-aliased edge and, optionally,
 * a soft-free 50 % black shadow below it, composited over a backdrop colour.
 */
export interface Scene {
  size: number;
  disk: { x: number; y: number; r: number; colour: [number, number, number] };
  shadow?: { x: number; y: number; rx: number; ry: number; alpha: number };
}

export function defaultScene(size = 128): Scene {
  const s = size / 128;
  return {
    size,
    disk: { x: 64 * s, y: 56 * s, r: 34 * s, colour: [200, 60, 40] },
    shadow: { x: 64 * s, y: 108 * s, rx: 40 * s, ry: 9 * s, alpha: 0.5 },
  };
}

/** Coverage of the disk at pixel (x, y): 1 inside, 0 outside, a one-pixel linear ramp on the edge. */
export function diskCoverage(scene: Scene, x: number, y: number): number {
  const d = Math.hypot(x + 0.5 - scene.disk.x, y + 0.5 - scene.disk.y);
  return Math.min(1, Math.max(0, scene.disk.r + 0.5 - d));
}

export function shadowAlpha(scene: Scene, x: number, y: number): number {
  const sh = scene.shadow;
  if (!sh) return 0;
  const e = ((x + 0.5 - sh.x) / sh.rx) ** 2 + ((y + 0.5 - sh.y) / sh.ry) ** 2;
  return e <= 1 ? sh.alpha : 0;
}

/** The scene over an opaque backdrop; `offset` moves the subject (to make a misaligned pair). */
export function renderScene(scene: Scene, backdrop: [number, number, number], offset = 0): Raster {
  const out = createRaster(scene.size, scene.size);
  for (let y = 0; y < scene.size; y++) {
    for (let x = 0; x < scene.size; x++) {
      const i = (y * scene.size + x) * 4;
      const a = diskCoverage(scene, x - offset, y);
      const s = shadowAlpha(scene, x - offset, y);
      for (let c = 0; c < 3; c++) {
        const under = backdrop[c]! * (1 - s); // black shadow over the backdrop
        out.data[i + c] = Math.round(scene.disk.colour[c]! * a + under * (1 - a));
      }
      out.data[i + 3] = 255;
    }
  }
  return out;
}

export const pixel = (raster: Raster, x: number, y: number) => Array.from(raster.data.subarray((y * raster.width + x) * 4, (y * raster.width + x) * 4 + 4));
