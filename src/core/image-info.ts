import { createHash } from 'node:crypto';
import { imageSize } from 'image-size';
import { PictorError } from './errors';
import type { FileBytes } from './file-bytes';

const MIME_BY_TYPE: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  heif: 'image/heif',
  bmp: 'image/bmp',
  tiff: 'image/tiff',
  svg: 'image/svg+xml',
  ico: 'image/x-icon',
};

export interface ImageInfo {
  mimeType: string;
  width: number;
  height: number;
}

/**
 * ISO-BMFF (`ftyp` box) brands, from the HEIF registration (ISO/IEC 23008-12 Annex B): HEVC-coded
 * images are `image/heic`; other HEIF images are `image/heif`. AVIF shares the container but is not HEIF.
 */
const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'hevm', 'hevs']);
const HEIF_BRANDS = new Set(['mif1', 'msf1', 'mif2', 'heif']);

const ascii = (bytes: Uint8Array, start: number, end: number) => String.fromCharCode(...bytes.subarray(start, end));

/** The MIME type of an image file from its first bytes (magic numbers); undefined when none matches. */
export function sniffImageMime(bytes: Uint8Array): string | undefined {
  if (bytes.length >= 8 && bytes[0] === 0x89 && ascii(bytes, 1, 4) === 'PNG' && bytes[4] === 0x0d && bytes[5] === 0x0a) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'image/webp';
  if (bytes.length >= 6 && (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a')) return 'image/gif';
  if (bytes.length >= 12 && ascii(bytes, 4, 8) === 'ftyp') return heifKind(bytes);
  return undefined;
}

/** The major brand decides; a generic major brand (`mif1`) with an HEVC compatible brand is HEIC. */
function heifKind(bytes: Uint8Array): string | undefined {
  const boxSize = Math.min(bytes.length, ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0 || bytes.length);
  const major = ascii(bytes, 8, 12);
  const compatible: string[] = [];
  for (let offset = 16; offset + 4 <= boxSize; offset += 4) compatible.push(ascii(bytes, offset, offset + 4));
  if (HEIC_BRANDS.has(major)) return 'image/heic';
  if (HEIF_BRANDS.has(major)) return compatible.some((brand) => HEIC_BRANDS.has(brand)) ? 'image/heic' : 'image/heif';
  if (compatible.some((brand) => HEIC_BRANDS.has(brand))) return 'image/heic';
  if (compatible.some((brand) => HEIF_BRANDS.has(brand)) && !compatible.includes('avif') && major !== 'avif') return 'image/heif';
  return undefined;
}

/**
 * What an image really is, from its bytes (not its name): the MIME type from the magic numbers, the
 * size from the headers. Undefined when it is no image we can read.
 */
export function inspectImage(bytes: Uint8Array): ImageInfo | undefined {
  const sniffed = sniffImageMime(bytes);
  try {
    const result = imageSize(bytes);
    const mimeType = sniffed ?? (result.type ? MIME_BY_TYPE[result.type] : undefined);
    if (!mimeType || !result.width || !result.height) return undefined;
    return { mimeType, width: result.width, height: result.height };
  } catch {
    return undefined;
  }
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * About 10 ms of hashing: a 1K image (3 MB) is hashed at once, while a 4K image (30 MB) lets the
 * extension host's other work run between slices. Smaller slices made every image wait behind
 * whatever else the event loop held (other extensions reacting to the new files).
 */
const HASH_SLICE_BYTES = 4 * 1024 * 1024;

/**
 * `sha256Hex`, in 4 MiB slices with the event loop let through between them, so I/O in flight (the
 * write of the same bytes) progresses meanwhile and a 30 MB image does not block the extension host
 * for the whole hash.
 */
export async function sha256HexYielding(bytes: FileBytes): Promise<string> {
  const hash = createHash('sha256');
  let sinceYield = 0;
  for (const piece of bytes instanceof Uint8Array ? [bytes] : bytes) {
    for (let at = 0; at < piece.length; at += HASH_SLICE_BYTES) {
      const slice = piece.subarray(at, at + HASH_SLICE_BYTES);
      hash.update(slice);
      sinceYield += slice.length;
      if (sinceYield >= HASH_SLICE_BYTES) {
        sinceYield = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
  }
  return hash.digest('hex');
}

/** Image types Pictor saves a response's image as (each has a file extension in `naming`). */
const SAVABLE_MIME_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/heic', 'image/heif']);

/**
 * The type and size of an image a response returned, from its bytes. Throws PictorError('server',
 * "the response's image could not be read") when the bytes are no image Pictor can save, whatever the
 * label said: nothing is written then.
 */
export function identifyOutputImage(bytes: Uint8Array): { mimeType: string; width: number | null; height: number | null } {
  const mimeType = sniffImageMime(bytes);
  if (!mimeType || !SAVABLE_MIME_TYPES.has(mimeType)) {
    throw new PictorError('server', "Gemini answered, but the response's image could not be read. Try again.", {
      detail: `${bytes.byteLength} bytes, ${mimeType ?? 'no known image signature'}`,
    });
  }
  if (!endsWhole(bytes, mimeType)) {
    throw new PictorError('server', "Gemini answered, but the response's image could not be read. Try again.", {
      detail: `${bytes.byteLength} bytes of ${mimeType} that end before the image does (cut off)`,
    });
  }
  const info = inspectImage(bytes);
  // A header we cannot measure (a HEIF without `ispe`) still names the type; only the size is unknown.
  if (!info && mimeType !== 'image/heic' && mimeType !== 'image/heif') {
    throw new PictorError('server', "Gemini answered, but the response's image could not be read. Try again.", {
      detail: `${bytes.byteLength} bytes of ${mimeType} whose header is unreadable`,
    });
  }
  return { mimeType, width: info?.width ?? null, height: info?.height ?? null };
}

/** How far from the end a format's end marker may sit (some encoders pad or append a few bytes after it). */
const END_MARKER_WINDOW_BYTES = 1024;

/**
 * Whether an image's bytes reach its format's end, checked without decoding (constant time but for
 * HEIF's few top-level boxes and a cut-off JPEG): PNG's whole `IEND` chunk, JPEG's EOI marker (`FF D9`,
 * which cannot occur inside entropy-coded data), GIF's trailer (`3B`), WebP's RIFF length, HEIF's
 * top-level box sizes. A cut-off image has a readable header, so its size alone would pass.
 * A JPEG's EOI is looked for anywhere, from the end: phones append trailers of many kilobytes after it
 * (a maker's metadata, a depth map), and such a photo is whole.
 */
export function endsWhole(bytes: Uint8Array, mimeType: string): boolean {
  const tail = bytes.subarray(Math.max(0, bytes.length - END_MARKER_WINDOW_BYTES));
  switch (mimeType) {
    case 'image/png':
      return Buffer.from(tail).includes(PNG_IEND_CHUNK);
    case 'image/jpeg':
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).lastIndexOf(JPEG_EOI) !== -1;
    case 'image/gif':
      return tail.includes(GIF_TRAILER);
    case 'image/webp':
      return bytes.length >= 8 && Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).readUInt32LE(4) + 8 <= bytes.length;
    case 'image/heic':
    case 'image/heif':
      return topLevelBoxesFit(bytes);
    default:
      return true;
  }
}

const GIF_TRAILER = 0x3b;
const JPEG_EOI = Buffer.from([0xff, 0xd9]);
/** The whole IEND chunk: length 0, type, and its CRC (constant, since the chunk has no data). */
const PNG_IEND_CHUNK = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

/** ISO-BMFF: every top-level box ends within the file (size 1: a 64-bit size follows; size 0: to the end). */
function topLevelBoxesFit(bytes: Uint8Array): boolean {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  while (offset + 8 <= view.length) {
    let size = view.readUInt32BE(offset);
    if (size === 0) return true;
    if (size === 1) {
      if (offset + 16 > view.length) return false;
      size = Number(view.readBigUInt64BE(offset + 8));
    }
    if (size < 8 || offset + size > view.length) return false;
    offset += size;
  }
  return offset === view.length;
}
