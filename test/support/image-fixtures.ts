import { GifWriter } from 'omggif';
import { encodeSolidJpeg } from '../fake-gemini/codecs/jpeg';
import { renderPicturePng } from '../fake-gemini/codecs/png';
import { encodeSolidWebp } from '../fake-gemini/codecs/webp';

/** Small real images for tests, made by the fake server's encoders (PNG, JPEG, WebP) and omggif (GIF). */
export const png = (width = 8, height = 6) => new Uint8Array(renderPicturePng(width, height, 1));
export const jpeg = (width = 8, height = 6) => new Uint8Array(encodeSolidJpeg(width, height, { r: 200, g: 40, b: 40 }));
export const webp = (width = 8, height = 6) => new Uint8Array(encodeSolidWebp(width, height, { r: 40, g: 40, b: 200 }));

/** A GIF of `frames` frames, `width`×`height`, the first frame red, later ones blue. */
export function gif(width = 4, height = 3, frames = 1): Uint8Array {
  const buffer = new Uint8Array(1024 + width * height * frames * 2);
  const writer = new GifWriter(buffer, width, height, { palette: [0xff0000, 0x0000ff], loop: frames > 1 ? 0 : undefined });
  for (let f = 0; f < frames; f++) writer.addFrame(0, 0, width, height, new Array(width * height).fill(f === 0 ? 0 : 1), { delay: 10 });
  return buffer.slice(0, writer.end());
}

/** An ISO-BMFF `ftyp` box with the given brands, then a `meta` box with an `ispe` (width, height). */
export function heifLike(major: string, compatible: string[], width = 64, height = 48): Uint8Array {
  const ftypSize = 16 + compatible.length * 4;
  const ftyp = Buffer.alloc(ftypSize);
  ftyp.writeUInt32BE(ftypSize, 0);
  ftyp.write('ftyp', 4, 'latin1');
  ftyp.write(major, 8, 'latin1');
  compatible.forEach((brand, i) => ftyp.write(brand, 16 + i * 4, 'latin1'));
  const ispe = Buffer.alloc(20);
  ispe.writeUInt32BE(20, 0);
  ispe.write('ispe', 4, 'latin1');
  ispe.writeUInt32BE(width, 12);
  ispe.writeUInt32BE(height, 16);
  const iprp = Buffer.concat([box('ipco', ispe)]);
  const meta = Buffer.concat([Buffer.alloc(4), box('iprp', iprp)]);
  return new Uint8Array(Buffer.concat([ftyp, box('meta', meta)]));
}

function box(type: string, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + payload.length, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, payload]);
}
