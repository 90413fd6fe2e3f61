/** File names that are safe on Windows, macOS and Linux, derived from prompts. */

export const MAX_SLUG_LENGTH = 48;

/** The longest file name (in UTF-8 bytes) ext4, APFS, NTFS and most other file systems allow. */
export const MAX_FILE_NAME_BYTES = 255;

/**
 * What Pictor may append to a base name: a collision suffix (`-9999`), the longest extension
 * (`.webp`) and the sidecar's `.json`. A base name is cut so that the whole sidecar name still fits.
 */
const RESERVED_TAIL_BYTES = '-9999.webp.json'.length;

/**
 * Windows device names, reserved whatever follows the first dot and with trailing spaces or dots
 * (Microsoft Learn, "Naming Files, Paths, and Namespaces", read 2026-11-30): CON, PRN, AUX, NUL,
 * COM0–9, LPT0–9 (and the superscript digits ¹²³), CONIN$, CONOUT$.
 */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3]|conin\$|conout\$)$/i;

/**
 * Characters that never go into a file name: the ones Windows forbids, C0/C1 controls, the line and
 * paragraph separators (U+2028, U+2029: line breaks to editors and terminals), the invisible byte order
 * mark (U+FEFF), and the invisible bidirectional controls that make `gnp.exe` display as `exe.png`
 * (Unicode TR9: ALM, LRM, RLM, LRE–RLO, LRI–PDI).
 */
const UNSAFE_CHARACTERS = /[<>:"|?*\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;

/** Removes bidirectional controls from text shown as a name (titles): they can disguise what follows. */
export function stripBidiControls(text: string): string {
  return text.replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
}

const utf8Length = (text: string) => new TextEncoder().encode(text).byteLength;

/** `text` cut at a whole grapheme (never inside an emoji or a combining sequence) to at most `maxBytes` UTF-8 bytes. */
export function cutToBytes(text: string, maxBytes: number): string {
  if (utf8Length(text) <= maxBytes) return text;
  let kept = '';
  let used = 0;
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) {
    const size = utf8Length(segment);
    if (used + size > maxBytes) break;
    kept += segment;
    used += size;
  }
  return kept;
}

/** Whether the part of a name before its first dot (trailing spaces and dots ignored) is a Windows device name. */
export function isWindowsReservedName(name: string): boolean {
  return WINDOWS_RESERVED.test((name.split('.')[0] ?? '').replace(/[\s.]+$/, ''));
}

/**
 * A file name from a stem and a tail (`-2.png`, `.edit-1.jpg`) that is safe everywhere: the stem is
 * cut at a whole grapheme so that the name's sidecar (`name.json`) fits in 255 bytes, and a Windows
 * device name before the first dot gets `-image` after it (`con.old` → `con-image.old`).
 */
export function fileNameFrom(stem: string, tail: string, fallback = 'image'): string {
  let safe = cutToBytes(stem, MAX_FILE_NAME_BYTES - utf8Length(`${tail}.json`)) || fallback;
  if (isWindowsReservedName(safe + tail)) {
    const dot = safe.indexOf('.');
    const first = (dot < 0 ? safe : safe.slice(0, dot)).replace(/[\s.]+$/, '');
    safe = `${first}-${fallback}${dot < 0 ? '' : safe.slice(dot)}`;
    safe = cutToBytes(safe, MAX_FILE_NAME_BYTES - utf8Length(`${tail}.json`));
  }
  return safe + tail;
}

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
  return isWindowsReservedName(slug) ? `${slug}-${fallback}` : slug;
}

/** Extensions of the image files Pictor reads and writes, lower case (inputs and outputs). */
export const IMAGE_FILE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp', 'gif', 'heic', 'heif'] as const;

/** `.png`, `.JPG`, … at the end of a path. */
export const IMAGE_FILE_PATTERN = new RegExp(`\\.(${IMAGE_FILE_EXTENSIONS.join('|')})$`, 'i');

/** A glob matching image files (both cases, since globs may be case-sensitive), e.g. for `findFiles`. */
export const IMAGE_FILE_GLOB = `**/*.{${[...IMAGE_FILE_EXTENSIONS, ...IMAGE_FILE_EXTENSIONS.map((e) => e.toUpperCase())].join(',')}}`;

const IMAGE_EXTENSION = IMAGE_FILE_PATTERN;

/**
 * A base name from a user-given `fileName`: no folders, no extension (it follows the MIME type), no
 * control or bidirectional characters, not a Windows device name before the first dot, and short
 * enough (cut at a whole grapheme) that `name-9999.webp.json` fits in 255 bytes. Decided before
 * any request, so a name that cannot be saved is never paid for.
 */
export function baseNameFromFileName(fileName: string): string {
  // Normalise before splitting: NFKC turns full-width `／`, `＼` and `．` into real separators and dots.
  const last = fileName.normalize('NFKC').split(/[\\/]/).pop() ?? '';
  const withoutExt = last.replace(IMAGE_EXTENSION, '');
  const cleaned = withoutExt.replace(UNSAFE_CHARACTERS, '-').replace(/^[.\s]+|[.\s]+$/g, '');
  if (!cleaned) return 'image';
  const cut = cutToBytes(cleaned, MAX_FILE_NAME_BYTES - RESERVED_TAIL_BYTES).replace(/[.\s]+$/, '') || 'image';
  return fileNameFrom(cut, '');
}

/** `name.ext`, `name-2.ext`, `name-3.ext`, … — the caller takes the first that does not exist. */
export function* candidateFileNames(base: string, extension: string, separator = '-'): Generator<string> {
  yield fileNameFrom(base, `.${extension}`);
  for (let n = 2; ; n++) yield fileNameFrom(base, `${separator}${n}.${extension}`);
}

/** Edits sit beside their source: `logo.png` → `logo.edit-1.png`, `logo.edit-2.png`, … */
export function* editFileNames(sourceFileName: string, extension: string): Generator<string> {
  const stem = sourceFileName.replace(/\.[^.]+$/, '').replace(/\.edit-\d+$/, '').replace(UNSAFE_CHARACTERS, '-') || 'image';
  for (let n = 1; ; n++) yield fileNameFrom(stem, `.edit-${n}.${extension}`);
}

/**
 * A single file name that is safe everywhere: no separators, not `.` or `..`, no control or bidi
 * characters, no Windows device name, its sidecar name within 255 bytes (the last line of defence
 * before a write).
 */
export function isPlainFileName(name: string): boolean {
  return (
    !!name &&
    !/[\\/]/.test(name) &&
    name !== '.' &&
    name !== '..' &&
    !new RegExp(UNSAFE_CHARACTERS.source).test(name) &&
    !isWindowsReservedName(name) &&
    utf8Length(sidecarNameFor(name)) <= MAX_FILE_NAME_BYTES
  );
}

/** The sidecar of an image sits beside it: `coffee-logo.png` → `coffee-logo.png.json`. */
export function sidecarNameFor(imageFileName: string): string {
  return `${imageFileName}.json`;
}

/**
 * Why a workspace-relative folder cannot be created on every OS, or undefined when it can: a part longer
 * than 255 bytes, with a control, bidirectional or Windows-forbidden character, a Windows device name
 * before its first dot, or a part ending in a dot or space (Windows drops those). Checked before any
 * request, so a folder that cannot be made is never paid for.
 */
export function unsafeFolderReason(folder: string): string | undefined {
  for (const segment of folder.split('/')) {
    if (utf8Length(segment) > MAX_FILE_NAME_BYTES) return `its part "${cutToBytes(segment, 40)}…" is longer than ${MAX_FILE_NAME_BYTES} bytes`;
    if (new RegExp(UNSAFE_CHARACTERS.source).test(segment)) return 'a part has a control or bidirectional character, or one of < > : " | ? *';
    if (isWindowsReservedName(segment)) return `its part "${segment}" is a Windows device name`;
    if (/[.\s]$/.test(segment)) return `its part "${segment}" ends in a dot or space, which Windows drops`;
  }
  return undefined;
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
