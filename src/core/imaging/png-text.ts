import { crc32 } from 'node:zlib';

/**
 * PNG international text (`iTXt`, PNG 1.2 §4.2.3.3): keyword, NUL, compression flag and method (0, 0:
 * uncompressed), language tag, NUL, translated keyword, NUL, UTF-8 text.
 *
 * Chunks are walked by their 8-byte headers only (length, type; PNG 1.2 §5.3): image data is never
 * copied, parsed or checksummed, so adding text to a 30 MB 4K image costs what the text costs. Only the
 * chunks written here get new CRCs (`zlib.crc32`, the PNG/zlib CRC-32).
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

export function encodeITxt(keyword: string, text: string): Uint8Array {
  const key = encoder.encode(keyword);
  const body = encoder.encode(text);
  const out = new Uint8Array(key.length + 5 + body.length);
  out.set(key, 0);
  // [NUL][flag 0][method 0][empty language][NUL][empty translated keyword][NUL]
  out.set(body, key.length + 5);
  return out;
}

/** { keyword, text } of an uncompressed iTXt chunk; undefined for a compressed or malformed one. */
export function decodeITxt(data: Uint8Array): { keyword: string; text: string } | undefined {
  const keyEnd = data.indexOf(0);
  if (keyEnd <= 0 || data[keyEnd + 1] !== 0) return undefined;
  const languageEnd = data.indexOf(0, keyEnd + 3);
  if (languageEnd < 0) return undefined;
  const translatedEnd = data.indexOf(0, languageEnd + 1);
  if (translatedEnd < 0) return undefined;
  return { keyword: decoder.decode(data.subarray(0, keyEnd)), text: decoder.decode(data.subarray(translatedEnd + 1)) };
}

/** One chunk of a PNG: `start` is its first byte (the length field), `end` one past its CRC. */
interface ChunkSpan {
  name: string;
  start: number;
  end: number;
  /** The chunk's data, a view into the PNG (no copy). */
  data: Uint8Array;
}

/**
 * The chunks of a PNG, as views into it, up to and including IEND.
 * @throws Error when the bytes are not a PNG or a chunk runs past the end.
 */
function chunkSpans(png: Uint8Array): ChunkSpan[] {
  if (png.length < SIGNATURE.length || SIGNATURE.some((byte, i) => png[i] !== byte)) throw new Error('Not a PNG: bad signature');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const spans: ChunkSpan[] = [];
  for (let at = SIGNATURE.length; at < png.length; ) {
    if (at + 12 > png.length) throw new Error('Truncated PNG chunk header');
    const length = view.getUint32(at);
    const end = at + 12 + length;
    if (end > png.length) throw new Error('Truncated PNG chunk');
    const name = String.fromCharCode(png[at + 4]!, png[at + 5]!, png[at + 6]!, png[at + 7]!);
    spans.push({ name, start: at, end, data: png.subarray(at + 8, at + 8 + length) });
    at = end;
    if (name === 'IEND') break;
  }
  if (spans[spans.length - 1]?.name !== 'IEND') throw new Error('PNG without IEND');
  return spans;
}

/** A whole chunk (length, type, data, CRC over type and data). */
function encodeChunk(name: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = name.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * The PNG with one iTXt chunk per entry, placed before the first IDAT; chunks with the same keywords
 * already there are replaced (an edited image must not carry its source's record). One buffer: see
 * `pngWithTexts` for the same without the copy.
 * @throws Error when `png` is not a PNG.
 */
export function setPngTexts(png: Uint8Array, texts: Record<string, string>): Uint8Array {
  // Buffer.concat does not zero the 30 MB it then overwrites.
  return Buffer.concat(pngWithTexts(png, texts));
}

/**
 * `setPngTexts` as pieces in file order: views of `png` around the new chunks, so the image data is
 * neither decoded nor copied.
 * @throws Error when `png` is not a PNG.
 */
export function pngWithTexts(png: Uint8Array, texts: Record<string, string>): Uint8Array[] {
  const keywords = new Set(Object.keys(texts));
  const spans = chunkSpans(png);
  const kept = spans.filter((chunk) => !(chunk.name === 'iTXt' && keywords.has(decodeITxt(chunk.data)?.keyword ?? '')));
  const firstData = kept.findIndex((chunk) => chunk.name === 'IDAT');
  const insertAt = firstData < 0 ? 1 : firstData;
  const added = Object.entries(texts).map(([keyword, text]) => encodeChunk('iTXt', encodeITxt(keyword, text)));
  // Runs of adjacent kept chunks become one view each, so a 4K image's many IDAT chunks are one piece.
  const pieces: Uint8Array[] = [png.subarray(0, SIGNATURE.length)];
  const pushRun = (from: number, to: number) => {
    for (let i = from; i < to; ) {
      let j = i;
      while (j + 1 < to && kept[j + 1]!.start === kept[j]!.end) j++;
      pieces.push(png.subarray(kept[i]!.start, kept[j]!.end));
      i = j + 1;
    }
  };
  pushRun(0, insertAt);
  pieces.push(...added);
  pushRun(insertAt, kept.length);
  return pieces;
}

/** Every uncompressed iTXt text in the PNG by keyword; empty for anything that is not a readable PNG. */
export function readPngTexts(png: Uint8Array): Record<string, string> {
  const texts: Record<string, string> = {};
  let spans: ChunkSpan[];
  try {
    spans = chunkSpans(png);
  } catch {
    return texts;
  }
  for (const chunk of spans) {
    if (chunk.name !== 'iTXt') continue;
    // A text chunk whose CRC does not match is damaged: it is not read.
    const crc = new DataView(png.buffer, png.byteOffset + chunk.end - 4, 4).getUint32(0);
    if (crc !== crc32(png.subarray(chunk.start + 4, chunk.end - 4))) continue;
    const text = decodeITxt(chunk.data);
    if (text && !(text.keyword in texts)) texts[text.keyword] = text.text;
  }
  return texts;
}
