/**
 * An XMP packet marking generated media (IPTC Photo Metadata 2023.2, "Digital Source Type" with the
 * NewsCodes vocabulary http://cv.iptc.org/newscodes/digitalsourcetype/) and its containers:
 * PNG iTXt `XML:com.adobe.xmp`, JPEG APP1 and the WebP `XMP ` chunk (XMP Specification Part 3, 2016;
 * WebP container spec, "Extended File Format").
 */

export const TRAINED_ALGORITHMIC_MEDIA = 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia';
export const XMP_PNG_KEYWORD = 'XML:com.adobe.xmp';
const PICTOR_NS = 'urn:x-pictor:1.0/';

export interface XmpFacts {
  /** The prompt, written as dc:description. */
  description: string;
  /** IPTC digital source type; omitted when the origin is not known to be generated. */
  digitalSourceType?: string;
  /** `name version` of the tool, as xmp:CreatorTool. */
  creatorTool: string;
  /** Pictor's own record (sidecar JSON), kept in the packet for containers without a text chunk of their own. */
  record?: string;
}

const escapeXml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

const unescapeXml = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|apos|#(\d+)|#x([0-9a-f]+));/gi, (whole, name: string, dec?: string, hex?: string) =>
    dec ? String.fromCodePoint(Number(dec)) : hex ? String.fromCodePoint(parseInt(hex, 16)) : ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[name.toLowerCase()] ?? whole,
  );

/** A complete XMP packet (with the `<?xpacket?>` wrapper) holding `facts`. */
export function buildXmp(facts: XmpFacts): string {
  const lines = [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '  <rdf:Description rdf:about=""',
    '    xmlns:dc="http://purl.org/dc/elements/1.1/"',
    '    xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
    '    xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"',
    `    xmlns:pictor="${PICTOR_NS}"`,
    `    xmp:CreatorTool="${escapeXml(facts.creatorTool)}"`,
    ...(facts.digitalSourceType ? [`    Iptc4xmpExt:DigitalSourceType="${escapeXml(facts.digitalSourceType)}"`] : []),
    '  >',
    '   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">' + escapeXml(facts.description) + '</rdf:li></rdf:Alt></dc:description>',
    ...(facts.record ? ['   <pictor:record>' + escapeXml(facts.record) + '</pictor:record>'] : []),
    '  </rdf:Description>',
    ' </rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
  ];
  return lines.join('\n');
}

/** What a packet says, read back (tolerant: missing parts are undefined). */
export function parseXmp(packet: string): Partial<XmpFacts> {
  const attribute = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(packet)?.[1];
  const element = (name: string) => new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(packet)?.[1];
  const source = attribute('Iptc4xmpExt:DigitalSourceType') ?? element('Iptc4xmpExt:DigitalSourceType');
  const description = /<dc:description>[\s\S]*?<rdf:li[^>]*>([\s\S]*?)<\/rdf:li>/.exec(packet)?.[1];
  const tool = attribute('xmp:CreatorTool');
  const record = element('pictor:record');
  return {
    ...(description !== undefined ? { description: unescapeXml(description) } : {}),
    ...(source !== undefined ? { digitalSourceType: unescapeXml(source) } : {}),
    ...(tool !== undefined ? { creatorTool: unescapeXml(tool) } : {}),
    ...(record !== undefined ? { record: unescapeXml(record) } : {}),
  };
}

// ---- JPEG: an APP1 segment "http://ns.adobe.com/xap/1.0/\0" + packet, right after SOI (and APP0/JFIF).

const JPEG_XMP_HEADER = new TextEncoder().encode('http://ns.adobe.com/xap/1.0/\0');
/** A segment's length field counts itself (2 bytes) and holds at most 65535. */
export const MAX_JPEG_XMP_BYTES = 65535 - 2 - JPEG_XMP_HEADER.length;

function jpegSegments(jpeg: Uint8Array): Array<{ marker: number; start: number; end: number }> {
  const segments: Array<{ marker: number; start: number; end: number }> = [];
  let offset = 2;
  while (offset + 4 <= jpeg.length && jpeg[offset] === 0xff) {
    const marker = jpeg[offset + 1]!;
    if (marker === 0xda || marker === 0xd9) break; // start of scan: entropy-coded data follows
    const length = (jpeg[offset + 2]! << 8) | jpeg[offset + 3]!;
    segments.push({ marker, start: offset, end: offset + 2 + length });
    offset += 2 + length;
  }
  return segments;
}

const isXmpSegment = (jpeg: Uint8Array, s: { marker: number; start: number; end: number }) =>
  s.marker === 0xe1 && JPEG_XMP_HEADER.every((byte, i) => jpeg[s.start + 4 + i] === byte);

/**
 * The JPEG with its XMP APP1 segment replaced by `packet`.
 * @throws Error when the packet exceeds {@link MAX_JPEG_XMP_BYTES} or the bytes are not a JPEG.
 */
export function setJpegXmp(jpeg: Uint8Array, packet: string): Uint8Array {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error('not a JPEG');
  const body = new TextEncoder().encode(packet);
  if (body.length > MAX_JPEG_XMP_BYTES) throw new Error('XMP packet too large for one JPEG segment');
  const segments = jpegSegments(jpeg);
  const kept = segments.filter((s) => !isXmpSegment(jpeg, s));
  const afterApp0 = kept.findIndex((s) => s.marker !== 0xe0);
  const insertAt = afterApp0 < 0 ? kept.length : afterApp0;
  const length = 2 + JPEG_XMP_HEADER.length + body.length;
  const segment = new Uint8Array(2 + length);
  segment.set([0xff, 0xe1, length >> 8, length & 0xff]);
  segment.set(JPEG_XMP_HEADER, 4);
  segment.set(body, 4 + JPEG_XMP_HEADER.length);
  const headerEnd = segments.length ? segments[segments.length - 1]!.end : 2;
  const parts = [jpeg.subarray(0, 2), ...kept.slice(0, insertAt).map((s) => jpeg.subarray(s.start, s.end)), segment, ...kept.slice(insertAt).map((s) => jpeg.subarray(s.start, s.end)), jpeg.subarray(headerEnd)];
  return concat(parts);
}

export function readJpegXmp(jpeg: Uint8Array): string | undefined {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return undefined;
  const segment = jpegSegments(jpeg).find((s) => isXmpSegment(jpeg, s));
  return segment && new TextDecoder().decode(jpeg.subarray(segment.start + 4 + JPEG_XMP_HEADER.length, segment.end));
}

// ---- WebP: RIFF chunks; XMP needs the extended format (a VP8X chunk first, with the XMP flag 0x04).

interface RiffChunk {
  fourcc: string;
  data: Uint8Array;
}

function riffChunks(webp: Uint8Array): RiffChunk[] {
  const ascii = (at: number) => String.fromCharCode(...webp.subarray(at, at + 4));
  if (ascii(0) !== 'RIFF' || ascii(8) !== 'WEBP') throw new Error('not a WebP');
  const view = new DataView(webp.buffer, webp.byteOffset, webp.byteLength);
  const chunks: RiffChunk[] = [];
  let offset = 12;
  while (offset + 8 <= webp.length) {
    const size = view.getUint32(offset + 4, true);
    chunks.push({ fourcc: ascii(offset), data: webp.subarray(offset + 8, Math.min(webp.length, offset + 8 + size)) });
    offset += 8 + size + (size & 1);
  }
  return chunks;
}

/** Canvas size and alpha of a simple (VP8 / VP8L) WebP, from its bitstream header. */
function simpleWebpFacts(chunk: RiffChunk): { width: number; height: number; alpha: boolean } {
  const d = chunk.data;
  if (chunk.fourcc === 'VP8L') {
    const bits = d[1]! | (d[2]! << 8) | (d[3]! << 16) | (d[4]! << 24);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, alpha: ((bits >>> 28) & 1) === 1 };
  }
  // VP8 key frame: 3-byte frame tag, start code 9d 01 2a, then 14-bit width and height.
  return { width: (d[6]! | (d[7]! << 8)) & 0x3fff, height: (d[8]! | (d[9]! << 8)) & 0x3fff, alpha: false };
}

/**
 * The WebP with an `XMP ` chunk holding `packet` (replacing any), converted to the extended format
 * (VP8X with the XMP flag) when it was a simple one.
 * @throws Error when the bytes are not a WebP.
 */
export function setWebpXmp(webp: Uint8Array, packet: string): Uint8Array {
  let chunks = riffChunks(webp).filter((c) => c.fourcc !== 'XMP ');
  let vp8x = chunks.find((c) => c.fourcc === 'VP8X');
  if (!vp8x) {
    const image = chunks.find((c) => c.fourcc === 'VP8 ' || c.fourcc === 'VP8L');
    if (!image) throw new Error('WebP without image data');
    const facts = simpleWebpFacts(image);
    const data = new Uint8Array(10);
    data[0] = facts.alpha ? 0x10 : 0;
    data.set(uint24(facts.width - 1), 4);
    data.set(uint24(facts.height - 1), 7);
    vp8x = { fourcc: 'VP8X', data };
    chunks = [vp8x, ...chunks];
  } else {
    vp8x.data = Uint8Array.from(vp8x.data);
    chunks = chunks.map((c) => (c.fourcc === 'VP8X' ? vp8x! : c));
  }
  vp8x.data[0] = vp8x.data[0]! | 0x04;
  chunks.push({ fourcc: 'XMP ', data: new TextEncoder().encode(packet) });
  const parts: Uint8Array[] = [];
  for (const chunk of chunks) {
    const header = new Uint8Array(8);
    header.set(new TextEncoder().encode(chunk.fourcc));
    new DataView(header.buffer).setUint32(4, chunk.data.length, true);
    parts.push(header, chunk.data);
    if (chunk.data.length & 1) parts.push(new Uint8Array(1));
  }
  const body = concat(parts);
  const riff = new Uint8Array(12);
  riff.set(new TextEncoder().encode('RIFF'));
  new DataView(riff.buffer).setUint32(4, body.length + 4, true);
  riff.set(new TextEncoder().encode('WEBP'), 8);
  return concat([riff, body]);
}

export function readWebpXmp(webp: Uint8Array): string | undefined {
  try {
    const chunk = riffChunks(webp).find((c) => c.fourcc === 'XMP ');
    return chunk && new TextDecoder().decode(chunk.data);
  } catch {
    return undefined;
  }
}

const uint24 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff];

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
