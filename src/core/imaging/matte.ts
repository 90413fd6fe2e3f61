import { createRaster, type Raster } from './raster';

/** Below this share of the subject's footprint seen in both images, the pair is taken as misaligned. */
export const MIN_ALIGNMENT = 0.9;
/** A channel this far (0..255) from the backdrop counts as "something drawn here". */
const PRESENT = 24;

export interface DifferenceMatte {
  raster: Raster;
  /** 0..1: the share of what shows on black (the opaque region) that also shows on white at the same place. */
  similarity: number;
  aligned: boolean;
}

/**
 * Difference matting of one subject painted on pure white and on pure black:
 * alpha = 1 − (white − black) / 255 (mean over R, G, B) and colour = black / alpha, per pixel.
 * Recovers soft edges, glass and shadows exactly when both pictures are the same apart from the backdrop.
 * `aligned` is false when the images differ in size or the subject moved between them
 * (similarity below {@link MIN_ALIGNMENT}); the caller then falls back to a colour key.
 */
export function differenceMatte(white: Raster, black: Raster): DifferenceMatte {
  if (white.width !== black.width || white.height !== black.height) {
    return { raster: createRaster(white.width, white.height), similarity: 0, aligned: false };
  }
  const out = createRaster(white.width, white.height);
  const w = white.data;
  const b = black.data;
  const o = out.data;
  let onBlack = 0;
  let onBoth = 0;
  for (let i = 0; i < o.length; i += 4) {
    const wr = w[i]!, wg = w[i + 1]!, wb = w[i + 2]!;
    const br = b[i]!, bg = b[i + 1]!, bb = b[i + 2]!;
    const visibleOnBlack = br > PRESENT || bg > PRESENT || bb > PRESENT;
    if (visibleOnBlack) {
      onBlack++;
      if (255 - wr > PRESENT || 255 - wg > PRESENT || 255 - wb > PRESENT || Math.abs(wr - br) + Math.abs(wg - bg) + Math.abs(wb - bb) <= 3 * PRESENT) onBoth++;
    }
    const difference = (wr - br + (wg - bg) + (wb - bb)) / (3 * 255);
    const alpha = Math.min(1, Math.max(0, 1 - difference));
    const a8 = Math.round(alpha * 255);
    if (a8 === 0) continue;
    o[i] = Math.min(255, Math.round(br / alpha));
    o[i + 1] = Math.min(255, Math.round(bg / alpha));
    o[i + 2] = Math.min(255, Math.round(bb / alpha));
    o[i + 3] = a8;
  }
  const similarity = onBlack === 0 ? 1 : onBoth / onBlack;
  return { raster: out, similarity, aligned: similarity >= MIN_ALIGNMENT };
}
