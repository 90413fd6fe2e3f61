import { GifReader } from 'omggif';
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { PictorError } from '../errors';
import { sniffImageMime as sniffAnyImageMime } from '../image-info';
import type { Raster } from './raster';
import { decodeHeif, decodeWebp } from './wasm-codecs';

/**
 * Decoding and encoding through pure-JS codecs (pngjs, jpeg-js, omggif) and, for WebP and HEIC/HEIF,
 * WebAssembly builds of libwebp and libheif loaded on first use (wasm-codecs.ts), so the same code runs on
 * every platform and in remote workspaces without native binaries.
 */

export type RasterMime = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

/** What the first bytes say the file is (the bytes, not the name, decide). */
export function sniffImageMime(bytes: Uint8Array): RasterMime | undefined {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 6 && String.fromCharCode(...bytes.subarray(0, 4)) === 'GIF8') return 'image/gif';
  if (bytes.length >= 12 && String.fromCharCode(...bytes.subarray(0, 4)) === 'RIFF' && String.fromCharCode(...bytes.subarray(8, 12)) === 'WEBP') return 'image/webp';
  return undefined;
}

/** Frames in a GIF (1 for a still image). Throws badInput when the GIF cannot be parsed. */
export function gifFrameCount(bytes: Uint8Array): number {
  try {
    return new GifReader(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).numFrames();
  } catch (error) {
    throw new PictorError('badInput', 'The GIF file is damaged and cannot be read.', { cause: error });
  }
}

/**
 * Decodes a PNG, JPEG, still GIF, WebP (its first frame) or HEIC/HEIF (its primary image) into RGBA
 * pixels; what the file is comes from its bytes.
 * @throws PictorError('badInput') for an animated GIF, another kind of file, or damaged bytes.
 */
export async function decodeImage(bytes: Uint8Array, label = 'The image'): Promise<Raster> {
  const sniffed = sniffAnyImageMime(bytes);
  const mime = sniffed === 'image/heic' || sniffed === 'image/heif' ? sniffed : sniffImageMime(bytes);
  try {
    switch (mime) {
      case 'image/png': {
        const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
        return { width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
      }
      case 'image/jpeg': {
        const decoded = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
        return { width: decoded.width, height: decoded.height, data: decoded.data };
      }
      case 'image/gif':
        return decodeStillGif(bytes, label);
      case 'image/webp':
        return await decodeWebp(bytes);
      case 'image/heic':
      case 'image/heif':
        return await decodeHeif(bytes);
      default:
        throw new PictorError('badInput', `${label} is not a PNG, JPEG, GIF, WebP or HEIC image.`);
    }
  } catch (error) {
    if (error instanceof PictorError) throw error;
    throw new PictorError('badInput', `${label} is damaged and cannot be decoded.`, { cause: error, detail: String(error) });
  }
}

function decodeStillGif(bytes: Uint8Array, label: string): Raster {
  const reader = new GifReader(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  if (reader.numFrames() > 1) {
    throw new PictorError('badInput', `${label} is an animated GIF (${reader.numFrames()} frames); Pictor processes still images only.`);
  }
  const data = new Uint8Array(reader.width * reader.height * 4);
  reader.decodeAndBlitFrameRGBA(0, data);
  return { width: reader.width, height: reader.height, data };
}

/** RGBA PNG (colour type 6, 8 bits per channel). */
export function encodePng(raster: Raster): Uint8Array {
  const png = new PNG({ width: raster.width, height: raster.height, colorType: 6, inputColorType: 6, bitDepth: 8 });
  png.data = Buffer.from(raster.data.buffer, raster.data.byteOffset, raster.data.byteLength);
  const out = PNG.sync.write(png, { colorType: 6, inputColorType: 6, bitDepth: 8, deflateLevel: 6 });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
