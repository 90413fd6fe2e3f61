/**
 * A lossless (VP8L) WebP of one solid colour at any size up to 16384². Each of the five prefix
 * codes is a "simple" code with a single symbol, which takes zero bits per pixel, so the whole
 * bitstream is a handful of bytes whatever the dimensions.
 */

import type { Rgb } from './colour';

class LsbWriter {
  private readonly bytes: number[] = [];
  private bitPos = 0;

  write(value: number, length: number): void {
    for (let i = 0; i < length; i++) {
      const byteIndex = this.bitPos >> 3;
      if (byteIndex === this.bytes.length) {
        this.bytes.push(0);
      }
      this.bytes[byteIndex] |= ((value >> i) & 1) << (this.bitPos & 7);
      this.bitPos++;
    }
  }

  finish(): Buffer {
    return Buffer.from(this.bytes);
  }
}

function writeSingleSymbolCode(out: LsbWriter, symbol: number): void {
  out.write(1, 1); // simple code
  out.write(0, 1); // one symbol
  if (symbol < 2) {
    out.write(0, 1); // 1-bit symbol
    out.write(symbol, 1);
  } else {
    out.write(1, 1); // 8-bit symbol
    out.write(symbol, 8);
  }
}

export function encodeSolidWebp(width: number, height: number, colour: Rgb): Buffer {
  if (width < 1 || height < 1 || width > 16384 || height > 16384) {
    throw new RangeError(`WebP cannot be ${width}x${height}`);
  }
  const out = new LsbWriter();
  out.write(0x2f, 8); // VP8L signature
  out.write(width - 1, 14);
  out.write(height - 1, 14);
  out.write(0, 1); // alpha not used
  out.write(0, 3); // version
  out.write(0, 1); // no transform
  out.write(0, 1); // no colour cache
  out.write(0, 1); // no meta prefix codes
  writeSingleSymbolCode(out, colour.g);
  writeSingleSymbolCode(out, colour.r);
  writeSingleSymbolCode(out, colour.b);
  writeSingleSymbolCode(out, 255); // alpha
  writeSingleSymbolCode(out, 0); // distance (never used)
  const vp8l = out.finish();
  const padded = vp8l.length % 2 ? Buffer.concat([vp8l, Buffer.alloc(1)]) : vp8l;
  const header = Buffer.alloc(20);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(12 + padded.length, 4);
  header.write('WEBPVP8L', 8, 'ascii');
  header.writeUInt32LE(vp8l.length, 16);
  return Buffer.concat([header, padded]);
}
