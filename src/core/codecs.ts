/**
 * Image codecs load on first use, never at activation. They live in the one image-processing bundle
 * (dist/imaging.js), so GIF conversion and local processing share a single copy of pngjs and omggif.
 */
import { loadImaging, type Imaging } from './imaging/load';

export type Codecs = Imaging;

export function loadCodecs(): Promise<Codecs> {
  return loadImaging();
}
