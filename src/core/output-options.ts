import * as z from 'zod/mini';
import { PictorError } from './errors';

/**
 * Argument objects of the local output commands (public API), validated before anything is read or written.
 * Unknown fields are refused, so a misspelt option never silently does nothing.
 */

const hexOrAuto = z.string().check(z.regex(/^(auto|#[0-9a-fA-F]{6})$/, "must be '#rrggbb' or 'auto'"));
const pixels = z.int().check(z.gte(1), z.lte(8192));

export const removeBackgroundOptions = z.strictObject({
  color: z.optional(hexOrAuto),
  tolerance: z.optional(z.number().check(z.gte(0), z.lte(100))),
});
export type RemoveBackgroundOptions = z.infer<typeof removeBackgroundOptions>;

export const resizeOptions = z.strictObject({
  width: pixels,
  height: pixels,
  fit: z.optional(z.enum(['contain', 'cover', 'fill'])),
});
export type ResizeOptions = z.infer<typeof resizeOptions>;

/** Icon sizes written when none are given: favicons, Apple touch, Android/PWA and store sizes. */
export const DEFAULT_ICON_SIZES = [16, 32, 48, 64, 128, 180, 192, 256, 512, 1024] as const;

export const iconSetOptions = z.strictObject({
  sizes: z.optional(z.array(z.int().check(z.gte(1), z.lte(4096))).check(z.minLength(1), z.maxLength(32))),
  ico: z.optional(z.boolean()),
  appleTouch: z.optional(z.boolean()),
  webmanifest: z.optional(z.boolean()),
  /** Workspace-relative folder; default `<source folder>/<source name>-icons`. */
  outputFolder: z.optional(z.string().check(z.minLength(1))),
});
export type IconSetOptions = z.infer<typeof iconSetOptions>;

/** Parses `value` with `schema`; a failure is a badInput naming the command and the fields. */
export function parseOptions<T>(schema: z.ZodMiniType<T>, value: unknown, command: string): T {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map(describeIssue).join('; ');
  throw new PictorError('badInput', `Invalid arguments for ${command}: ${problems}.`);
}

/** zod/mini ships no messages: say what is wrong in words a caller can act on. */
function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.join('.') || 'arguments';
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown field(s) ${issue.keys.join(', ')}`;
    case 'too_big':
      return `${where} must be at most ${String(issue.maximum)}${issue.origin === 'array' ? ' entries' : ''}`;
    case 'too_small':
      return `${where} must be at least ${String(issue.minimum)}${issue.origin === 'array' ? ' entries' : ''}`;
    case 'invalid_value':
      return `${where} must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_type':
      return `${where} must be ${issue.expected === 'int' ? 'a whole number' : `a ${issue.expected}`}`;
    default:
      return issue.message && issue.message !== 'Invalid input' ? `${where} ${issue.message}` : `${where} is invalid`;
  }
}

/** `{ icons: [...] }` for site.webmanifest: every PNG of 192 px or more (PWA install needs 192 and 512), or all of them when none is that large. */
export function webManifest(icons: Array<{ file: string; size: number }>): string {
  const large = icons.filter((icon) => icon.size >= 192);
  const entries = (large.length ? large : icons).map((icon) => ({ src: icon.file, sizes: `${icon.size}x${icon.size}`, type: 'image/png' }));
  return `${JSON.stringify({ icons: entries }, null, 2)}\n`;
}
