import encodeChunks from 'png-chunks-encode';
import extractChunks from 'png-chunks-extract';

/**
 * PNG international text (`iTXt`, PNG 1.2 §4.2.3.3): keyword, NUL, compression flag and method (0, 0:
 * uncompressed), language tag, NUL, translated keyword, NUL, UTF-8 text. Chunk framing and CRCs come from
 * png-chunks-extract / png-chunks-encode.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

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

/**
 * The PNG with one iTXt chunk per entry, placed before the first IDAT; chunks with the same keywords
 * already there are replaced (an edited image must not carry its source's record).
 * @throws Error when `png` is not a PNG.
 */
export function setPngTexts(png: Uint8Array, texts: Record<string, string>): Uint8Array {
  const keywords = new Set(Object.keys(texts));
  const chunks = extractChunks(png).filter((chunk) => !(chunk.name === 'iTXt' && keywords.has(decodeITxt(chunk.data)?.keyword ?? '')));
  const firstData = chunks.findIndex((chunk) => chunk.name === 'IDAT');
  const added = Object.entries(texts).map(([keyword, text]) => ({ name: 'iTXt', data: encodeITxt(keyword, text) }));
  chunks.splice(firstData < 0 ? 1 : firstData, 0, ...added);
  return encodeChunks(chunks);
}

/** Every uncompressed iTXt text in the PNG by keyword; empty for anything that is not a readable PNG. */
export function readPngTexts(png: Uint8Array): Record<string, string> {
  const texts: Record<string, string> = {};
  let chunks: Array<{ name: string; data: Uint8Array }>;
  try {
    chunks = extractChunks(png);
  } catch {
    return texts;
  }
  for (const chunk of chunks) {
    if (chunk.name !== 'iTXt') continue;
    const text = decodeITxt(chunk.data);
    if (text && !(text.keyword in texts)) texts[text.keyword] = text.text;
  }
  return texts;
}
