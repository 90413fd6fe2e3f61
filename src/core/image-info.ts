import { createHash } from 'node:crypto';
import { imageSize } from 'image-size';

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

/** What an image really is, from its bytes (not its name); undefined when it is no image we can read. */
export function inspectImage(bytes: Uint8Array): ImageInfo | undefined {
  try {
    const result = imageSize(bytes);
    const mimeType = result.type ? MIME_BY_TYPE[result.type] : undefined;
    if (!mimeType || !result.width || !result.height) return undefined;
    return { mimeType, width: result.width, height: result.height };
  } catch {
    return undefined;
  }
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
