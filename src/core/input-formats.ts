/**
 * The image formats Gemini accepts as input, in one place: every check and every message reads this.
 *
 * Source: Google Cloud, "Image understanding" (Gemini 3 Pro Image Preview / Gemini 2.5 Flash Image rows:
 * image/png, image/jpeg, image/webp, image/heic, image/heif), read 2026-11-30; the Gemini API forum
 * confirms `image/gif` is refused ("Invalid input file") by Gemini 2.x models. A GIF is therefore
 * converted to PNG (first frame) before any request.
 */
export const INPUT_MIME_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/heic', 'image/heif'] as const;
export type InputMimeType = (typeof INPUT_MIME_TYPES)[number];

/** Formats Pictor converts to PNG before sending (the service would refuse them after a paid round trip). */
export const CONVERTED_INPUT_MIME_TYPES = ['image/gif'] as const;

/** "PNG, JPEG, WebP, HEIC or HEIF (a GIF is sent as a PNG of its first frame)", for messages. */
export const ACCEPTED_INPUT_FORMATS_TEXT = 'PNG, JPEG, WebP, HEIC or HEIF (a GIF is sent as a PNG of its first frame)';

export function isInputMimeType(value: string): value is InputMimeType {
  return (INPUT_MIME_TYPES as readonly string[]).includes(value);
}

export function isConvertedInputMimeType(value: string): boolean {
  return (CONVERTED_INPUT_MIME_TYPES as readonly string[]).includes(value);
}

/** The message for an input the service would refuse: `what` names the file, `actual` what it really is. */
export function unsupportedInputMessage(what: string, actual: string | undefined): string {
  return `${what} is ${actual ?? 'not an image Pictor can read'}; Gemini accepts ${ACCEPTED_INPUT_FORMATS_TEXT}.`;
}

/**
 * The formats Pictor decodes itself for local processing (remove background, resize, icon sets,
 * thumbnails, the matte): PNG, JPEG and GIF in pure JS, WebP and HEIC/HEIF through WebAssembly builds of
 * libwebp and libheif (src/core/imaging/wasm-codecs.ts). A GIF reaches local processing as a PNG of its
 * first frame; an animated one is refused.
 */
export const LOCAL_PROCESSING_MIME_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/heic', 'image/heif'] as const;

/** "PNG, JPEG, still GIF, WebP and HEIC/HEIF", for messages. */
export const LOCAL_PROCESSING_FORMATS_TEXT = 'PNG, JPEG, still GIF, WebP and HEIC/HEIF';

export function isLocallyProcessed(mimeType: string): boolean {
  return (LOCAL_PROCESSING_MIME_TYPES as readonly string[]).includes(mimeType);
}
