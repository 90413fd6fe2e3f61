import { ASPECT_RATIOS, type AspectRatio } from './models';
import type { Sidecar } from './sidecar';

/**
 * Prompts of the two-step transparent generation (difference matting): the subject on pure white, then
 * an edit of that image that changes only the background to pure black. Exact colours are named so the
 * difference between the two images is the background alone.
 */
export const WHITE_BACKGROUND_INSTRUCTION =
  'Place the subject on a pure white background (#FFFFFF): one flat colour, evenly lit, with no scenery, no frame, no checkerboard pattern and no text.';
export const BLACK_BACKGROUND_EDIT =
  'Change only the background to pure solid black (#000000). Keep the subject exactly as it is: the same position, size, shape, colours, lighting and shadows. Do not move, crop, redraw or recolour anything else.';

/** The first call's prompt of a transparent generation: the prompt as given, then the white-background instruction. */
export function onWhiteBackground(prompt: string): string {
  return `${prompt}\n\n${WHITE_BACKGROUND_INSTRUCTION}`;
}

/**
 * The aspect ratio among `supported` (a model's, by default every ratio the service knows) closest to
 * width:height, compared on a log scale, so 2:1 and 1:2 are equally far from 1:1.
 */
export function nearestAspectRatio(width: number, height: number, supported: readonly AspectRatio[] = ASPECT_RATIOS): AspectRatio {
  const target = Math.log(width / height);
  let best: AspectRatio = supported[0] ?? '1:1';
  let bestDistance = Infinity;
  for (const ratio of supported) {
    const [w, h] = ratio.split(':').map(Number) as [number, number];
    const distance = Math.abs(Math.log(w / h) - target);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = ratio;
    }
  }
  return best;
}

/** Marks a `postprocess` step taken as part of a generation (not a later local command on a saved image). */
export const DURING_GENERATION = 'generation';

/**
 * What a replay (Regenerate, Variations) must ask for again so the new image is made the same way:
 * transparency and exact size when the original generation did them, and which recorded inputs were its
 * own intermediate images (the white and black versions), which are not sent again.
 */
export function generationPostprocessOf(sidecar: Pick<Sidecar, 'postprocess'>): {
  background?: 'transparent';
  size?: { width: number; height: number };
  intermediates: string[];
} {
  const steps = (sidecar.postprocess ?? []).filter((step) => step.during === DURING_GENERATION);
  const matte = steps.find((step) => step.op === 'differenceMatte' || step.op === 'colorKey');
  const resize = steps.find((step) => step.op === 'resize');
  const intermediates = matte ? [matte.white, matte.black].filter((p): p is string => typeof p === 'string') : [];
  const size = resize && Number.isInteger(resize.width) && Number.isInteger(resize.height) ? { width: resize.width as number, height: resize.height as number } : undefined;
  return { ...(matte ? { background: 'transparent' as const } : {}), ...(size ? { size } : {}), intermediates };
}
