import * as icoEndec from 'ico-endec';

/** Sizes a favicon.ico holds (the sizes browsers and Windows pick from). */
export const FAVICON_SIZES = [16, 32, 48] as const;

/**
 * An ICO file whose entries are the given PNGs (PNG-in-ICO, supported since Windows Vista and by every
 * browser), in the order given. Directory and offsets are written by ico-endec.
 * @throws Error when an entry is not a PNG or is larger than 256 px.
 */
export function encodeIco(pngs: Uint8Array[]): Uint8Array {
  const buffer = icoEndec.encode(pngs.map((png) => Buffer.from(png.buffer, png.byteOffset, png.byteLength)));
  const out = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  // ico-endec records the PNG's bit depth per channel (8) as bits per pixel; RGBA entries are 32 bpp.
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  for (let i = 0; i < pngs.length; i++) if (view.getUint16(6 + 16 * i + 6, true) === 8) view.setUint16(6 + 16 * i + 6, 32, true);
  return out;
}
