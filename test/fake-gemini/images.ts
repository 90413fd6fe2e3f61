/**
 * Produces the base64 image payloads of fake answers. Encoding a 4K frame takes a noticeable
 * fraction of a second, so recent results are kept: tests and benchmarks repeat the same sizes.
 */

import { hashString, paletteFor } from './codecs/colour';
import { encodeSolidJpeg } from './codecs/jpeg';
import { renderNoisePng, renderPicturePng, renderSubjectPng } from './codecs/png';
import { encodeSolidWebp } from './codecs/webp';
import type { ImageMimeType } from './types';

export interface ImageRequest {
  mimeType: ImageMimeType;
  width: number;
  height: number;
  /** Text that decides the picture: the same text gives the same bytes. */
  seedText: string;
  noise?: boolean;
  /** Draw the standard subject on a pure backdrop (the prompt asked for one). */
  backdrop?: 'white' | 'black';
  subjectOffset?: number;
}

const CACHE_LIMIT = 8;
const cache = new Map<string, string>();

export function renderImageBase64(request: ImageRequest): string {
  const seed = hashString(request.seedText);
  const key = `${request.mimeType}:${request.width}x${request.height}:${seed}:${request.noise ? 1 : 0}:${request.backdrop ?? ''}:${request.subjectOffset ?? 0}`;
  const hit = cache.get(key);
  if (hit !== undefined) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const data = encode(request, seed).toString('base64');
  cache.set(key, data);
  if (cache.size > CACHE_LIMIT) {
    cache.delete(cache.keys().next().value as string);
  }
  return data;
}

function encode({ mimeType, width, height, noise, backdrop, subjectOffset }: ImageRequest, seed: number): Buffer {
  if (backdrop && mimeType === 'image/png') return renderSubjectPng(width, height, backdrop, subjectOffset);
  switch (mimeType) {
    case 'image/jpeg':
      return encodeSolidJpeg(width, height, paletteFor(seed).accent);
    case 'image/webp':
      return encodeSolidWebp(width, height, paletteFor(seed).accent);
    default:
      return noise ? renderNoisePng(width, height, seed) : renderPicturePng(width, height, seed);
  }
}
