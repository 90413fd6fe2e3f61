/** File names that are safe on Windows, macOS and Linux, derived from prompts. */

export const MAX_SLUG_LENGTH = 48;

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

const EXTENSION_BY_MIME: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/heic': 'heic',
  'image/heif': 'heif',
};

/** Whether a MIME type names an image format Pictor knows how to name. */
export function isKnownImageMime(mimeType: string | undefined): mimeType is string {
  return !!mimeType && mimeType.toLowerCase() in EXTENSION_BY_MIME;
}

export function extensionForMime(mimeType: string): string {
  return EXTENSION_BY_MIME[mimeType.toLowerCase()] ?? 'png';
}

/** Lowercase ASCII words joined by `-`, at most 48 characters, cut at a word boundary. */
export function slugify(text: string, fallback = 'image'): string {
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > MAX_SLUG_LENGTH) {
      if (!slug) slug = word.slice(0, MAX_SLUG_LENGTH);
      break;
    }
    slug = next;
  }
  if (!slug) return fallback;
  return WINDOWS_RESERVED.test(slug) ? `${slug}-${fallback}` : slug;
}

const IMAGE_EXTENSION = /\.(png|jpe?g|webp|gif|heic|heif)$/i;

/** A base name from a user-given `fileName`: no folders, no extension (it follows the MIME type). */
export function baseNameFromFileName(fileName: string): string {
  // Normalise before splitting: NFKC turns full-width `／`, `＼` and `．` into real separators and dots.
  const last = fileName.normalize('NFKC').split(/[\\/]/).pop() ?? '';
  const withoutExt = last.replace(IMAGE_EXTENSION, '');
  const cleaned = withoutExt
    .replace(/[<>:"|?*\u0000-\u001f]/g, '-')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .slice(0, 120);
  if (!cleaned) return 'image';
  return WINDOWS_RESERVED.test(cleaned) ? `${cleaned}-image` : cleaned;
}

/** `name.ext`, `name-2.ext`, `name-3.ext`, … — the caller takes the first that does not exist. */
export function* candidateFileNames(base: string, extension: string, separator = '-'): Generator<string> {
  yield `${base}.${extension}`;
  for (let n = 2; ; n++) yield `${base}${separator}${n}.${extension}`;
}

/** Edits sit beside their source: `logo.png` → `logo.edit-1.png`, `logo.edit-2.png`, … */
export function* editFileNames(sourceFileName: string, extension: string): Generator<string> {
  const stem = sourceFileName.replace(/\.[^.]+$/, '').replace(/\.edit-\d+$/, '') || 'image';
  for (let n = 1; ; n++) yield `${stem}.edit-${n}.${extension}`;
}

/** A single file name: no separators, not `.` or `..` (the last line of defence before a write). */
export function isPlainFileName(name: string): boolean {
  return !!name && !/[\\/]/.test(name) && name !== '.' && name !== '..' && !/[\u0000-\u001f]/.test(name);
}

/** The sidecar of an image sits beside it: `coffee-logo.png` → `coffee-logo.png.json`. */
export function sidecarNameFor(imageFileName: string): string {
  return `${imageFileName}.json`;
}

/**
 * Normalizes a workspace-relative folder. Returns undefined when it would leave the workspace
 * (`..`, absolute, drive letters, UNC) so the caller can refuse it.
 */
export function normalizeRelativeFolder(folder: string): string | undefined {
  const trimmed = folder.trim().replace(/\\/g, '/');
  if (trimmed.startsWith('/') || /^[a-z]:/i.test(trimmed) || trimmed.startsWith('//')) return undefined;
  const segments: string[] = [];
  for (const segment of trimmed.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') return undefined;
    segments.push(segment);
  }
  return segments.join('/');
}
