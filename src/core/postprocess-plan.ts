import { ASPECT_RATIOS, type AspectRatio } from './models';

/**
 * Prompts of the two-step transparent generation (difference matting): the subject on pure white, then
 * an edit of that image that changes only the background to pure black. Exact colours are named so the
 * difference between the two images is the background alone.
 */
export const WHITE_BACKGROUND_INSTRUCTION =
  'Place the subject on a pure white background (#FFFFFF): one flat colour, evenly lit, with no scenery, no frame, no checkerboard pattern and no text.';
export const BLACK_BACKGROUND_EDIT =
  'Change only the background to pure solid black (#000000). Keep the subject exactly as it is: the same position, size, shape, colours, lighting and shadows. Do not move, crop, redraw or recolour anything else.';

/** The supported aspect ratio closest to width:height (compared on a log scale, so 2:1 and 1:2 are equally far from 1:1). */
export function nearestAspectRatio(width: number, height: number): AspectRatio {
  const target = Math.log(width / height);
  let best: AspectRatio = '1:1';
  let bestDistance = Infinity;
  for (const ratio of ASPECT_RATIOS) {
    const [w, h] = ratio.split(':').map(Number) as [number, number];
    const distance = Math.abs(Math.log(w / h) - target);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = ratio;
    }
  }
  return best;
}
