/**
 * A baseline JPEG of one solid colour at any size. A flat block has only a DC coefficient, so
 * after the first block every block costs 4 bits per component: the file stays small while
 * decoders and image-size readers see a real image of the requested dimensions.
 */

import type { Rgb } from './colour';

// Annex K luminance DC table: code lengths 1..16 and the categories they encode.
const DC_COUNTS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_SYMBOLS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
// Every block ends straight away, so the AC table only needs end-of-block (symbol 0, code "00").
const AC_COUNTS = [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const AC_SYMBOLS = [0];

interface Code {
  bits: number;
  length: number;
}

function canonicalCodes(counts: number[], symbols: number[]): Map<number, Code> {
  const codes = new Map<number, Code>();
  let code = 0;
  let k = 0;
  for (let length = 1; length <= 16; length++) {
    for (let i = 0; i < counts[length - 1]; i++) {
      codes.set(symbols[k++], { bits: code++, length });
    }
    code <<= 1;
  }
  return codes;
}

const DC_CODES = canonicalCodes(DC_COUNTS, DC_SYMBOLS);
const EOB = canonicalCodes(AC_COUNTS, AC_SYMBOLS).get(0)!;

class BitWriter {
  private readonly bytes: number[] = [];
  private current = 0;
  private filled = 0;

  write(bits: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) {
      this.current = (this.current << 1) | ((bits >> i) & 1);
      if (++this.filled === 8) {
        this.flushByte();
      }
    }
  }

  finish(): Buffer {
    if (this.filled > 0) {
      this.write(0xff, 8 - this.filled); // pad with one-bits, as the format asks
    }
    return Buffer.from(this.bytes);
  }

  private flushByte(): void {
    this.bytes.push(this.current);
    if (this.current === 0xff) {
      this.bytes.push(0x00); // byte stuffing
    }
    this.current = 0;
    this.filled = 0;
  }
}

function segment(marker: number, payload: number[]): Buffer {
  const length = payload.length + 2;
  return Buffer.from([0xff, marker, length >> 8, length & 0xff, ...payload]);
}

function huffmanTable(tableClass: number, counts: number[], symbols: number[]): number[] {
  return [tableClass << 4, ...counts, ...symbols];
}

function toYCbCr({ r, g, b }: Rgb): number[] {
  const clamp = (v: number) => Math.max(0, Math.min(255, Math.round(v)));
  return [
    clamp(0.299 * r + 0.587 * g + 0.114 * b),
    clamp(128 - 0.168736 * r - 0.331264 * g + 0.5 * b),
    clamp(128 + 0.5 * r - 0.418688 * g - 0.081312 * b),
  ];
}

function writeDc(out: BitWriter, diff: number): void {
  const magnitude = Math.abs(diff);
  const category = magnitude === 0 ? 0 : Math.floor(Math.log2(magnitude)) + 1;
  const code = DC_CODES.get(category)!;
  out.write(code.bits, code.length);
  if (category > 0) {
    out.write(diff > 0 ? diff : diff + (1 << category) - 1, category);
  }
}

export function encodeSolidJpeg(width: number, height: number, colour: Rgb): Buffer {
  const components = toYCbCr(colour);
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  const out = new BitWriter();
  for (let block = 0; block < blocks; block++) {
    for (const value of components) {
      // With an all-ones quantisation table a flat block's DC is 8 × (sample − 128).
      writeDc(out, block === 0 ? 8 * (value - 128) : 0);
      out.write(EOB.bits, EOB.length);
    }
  }
  const jfif = [0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0];
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, jfif),
    segment(0xdb, [0x00, ...new Array<number>(64).fill(1)]),
    segment(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0]),
    segment(0xc4, [...huffmanTable(0, DC_COUNTS, DC_SYMBOLS), ...huffmanTable(1, AC_COUNTS, AC_SYMBOLS)]),
    segment(0xda, [3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0]),
    out.finish(),
    Buffer.from([0xff, 0xd9]),
  ]);
}
