import { sniffImageMime } from './codecs';
import { joinBytes } from '../file-bytes';
import { pngWithTexts, readPngTexts } from './png-text';
import { MAX_JPEG_XMP_BYTES, XMP_PNG_KEYWORD, buildXmp, parseXmp, readJpegXmp, readWebpXmp, setJpegXmp, setWebpXmp, type XmpFacts } from './xmp';

/** iTXt keyword of Pictor's own record (the sidecar JSON without the image's hash and size). */
export const PICTOR_PNG_KEYWORD = 'pictor';

export interface Provenance {
  /** Pictor's record as JSON text. */
  record: string;
  xmp: XmpFacts;
}

/**
 * The image with its provenance inside: for PNG an iTXt `pictor` chunk (the record) and an iTXt
 * `XML:com.adobe.xmp` packet; for JPEG an APP1 XMP packet and for WebP an `XMP ` chunk, each also holding
 * the record. A GIF, or anything else, comes back unchanged. A JPEG packet too big for one segment
 * (a very long prompt) drops the record and keeps the marker.
 */
export function embedProvenance(bytes: Uint8Array, provenance: Provenance): Uint8Array {
  return joinBytes(embedProvenancePieces(bytes, provenance));
}

/** `embedProvenance` as pieces in file order; a PNG's image data stays views of `bytes`, not a copy. */
export function embedProvenancePieces(bytes: Uint8Array, provenance: Provenance): Uint8Array[] {
  switch (sniffImageMime(bytes)) {
    case 'image/png':
      return pngWithTexts(bytes, { [PICTOR_PNG_KEYWORD]: provenance.record, [XMP_PNG_KEYWORD]: buildXmp(provenance.xmp) });
    case 'image/jpeg': {
      const full = buildXmp({ ...provenance.xmp, record: provenance.record });
      const packet = new TextEncoder().encode(full).length <= MAX_JPEG_XMP_BYTES ? full : buildXmp(provenance.xmp);
      return [setJpegXmp(bytes, packet)];
    }
    case 'image/webp':
      return [setWebpXmp(bytes, buildXmp({ ...provenance.xmp, record: provenance.record }))];
    default:
      return [bytes];
  }
}

export interface EmbeddedProvenance {
  /** Pictor's record (JSON text), when present. */
  record?: string;
  xmp?: Partial<XmpFacts>;
}

/** What provenance an image carries; empty when none (or the bytes are no image). */
export function readProvenance(bytes: Uint8Array): EmbeddedProvenance {
  switch (sniffImageMime(bytes)) {
    case 'image/png': {
      const texts = readPngTexts(bytes);
      const xmp = texts[XMP_PNG_KEYWORD] === undefined ? undefined : parseXmp(texts[XMP_PNG_KEYWORD]);
      return { ...(texts[PICTOR_PNG_KEYWORD] !== undefined ? { record: texts[PICTOR_PNG_KEYWORD] } : {}), ...(xmp ? { xmp } : {}) };
    }
    case 'image/jpeg':
      return fromPacket(readJpegXmp(bytes));
    case 'image/webp':
      return fromPacket(readWebpXmp(bytes));
    default:
      return {};
  }
}

function fromPacket(packet: string | undefined): EmbeddedProvenance {
  if (packet === undefined) return {};
  const xmp = parseXmp(packet);
  return { ...(xmp.record !== undefined ? { record: xmp.record } : {}), xmp };
}
