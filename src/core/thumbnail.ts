import { loadImaging } from './imaging/load';

/**
 * A PNG at most `maxSide` pixels on its longer side, made with the one imaging module (PNG, JPEG and
 * still GIF; Lanczos in linear light), or null when the image is already small enough or cannot be
 * decoded here (an animated GIF, a damaged file): show the original then.
 * @param bytes the image file's bytes
 */
export async function imageThumbnail(bytes: Uint8Array, maxSide: number): Promise<Uint8Array | null> {
  const imaging = await loadImaging();
  let source;
  try {
    source = await imaging.decodeImage(bytes);
  } catch {
    return null;
  }
  const scale = maxSide / Math.max(source.width, source.height);
  if (scale >= 1) return null;
  const width = Math.max(1, Math.round(source.width * scale));
  const height = Math.max(1, Math.round(source.height * scale));
  return imaging.encodePng(imaging.resizeRaster(source, width, height, 'fill'));
}
