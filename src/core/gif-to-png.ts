import type { GifReader } from 'omggif';
import { loadCodecs } from './codecs';
import { PictorError } from './errors';

/**
 * The first frame of a GIF as a PNG (the service refuses `image/gif`). Loaded on first use: the codecs
 * live in their own bundle. Throws PictorError('badInput') when the GIF cannot be decoded, so the
 * refusal comes before any request. `what` names the file in messages.
 */
export async function gifToPng(gif: Uint8Array, what: string): Promise<{ png: Uint8Array; note: string }> {
  const { GifReader: Reader, PNG } = await loadCodecs();
  let reader: GifReader;
  let rgba: Uint8Array;
  try {
    reader = new Reader(gif);
    if (reader.numFrames() < 1) throw new Error('no frames');
    rgba = new Uint8Array(reader.width * reader.height * 4);
    reader.decodeAndBlitFrameRGBA(0, rgba);
  } catch (error) {
    throw new PictorError('badInput', `${what} is a GIF that cannot be decoded; convert it to PNG or JPEG first.`, {
      detail: error instanceof Error ? error.message : String(error),
    });
  }
  const png = new PNG({ width: reader.width, height: reader.height });
  png.data = Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength);
  const encoded = PNG.sync.write(png);
  const frames = reader.numFrames();
  const note =
    frames > 1
      ? `${what} is an animated GIF (${frames} frames); Gemini does not take GIFs, so its first frame was sent as a PNG.`
      : `${what} is a GIF; Gemini does not take GIFs, so it was sent as a PNG.`;
  return { png: new Uint8Array(encoded.buffer, encoded.byteOffset, encoded.byteLength), note };
}
