import * as z from 'zod/mini';
import { IMAGE_FILE_PATTERN } from './naming';
import { canonicalPresetId } from './presets';
import { SIDECAR_VERSION } from './sidecar';
import { parseArgs } from './spec';

/**
 * The gallery's domain: one record per sidecar that describes a Pictor image, the problems of those
 * that don't, and queries over them (filter, sort, page). No I/O here: files are named by opaque keys.
 */

/** Image files, and their sidecars (`x.png` → `x.png.json`). */
export const GALLERY_IMAGE_NAME = IMAGE_FILE_PATTERN;
export const GALLERY_SIDECAR_NAME = new RegExp(`${IMAGE_FILE_PATTERN.source.slice(0, -1)}\\.json$`, 'i');
export const GENERATOR_NAME = 'pictor';

export interface GalleryRecord {
  /** The sidecar's key (a URI string in VS Code, a path in Node). */
  sidecarKey: string;
  /** The image's key: the sidecar's without `.json`. */
  imageKey: string;
  /** The image's path relative to its workspace folder, with `/`. */
  relativePath: string;
  prompt: string;
  effectivePrompt: string;
  model: string;
  /** The preset's id (an older alias such as `icon` read as its preset's id), or null. */
  preset: string | null;
  presetFields: Record<string, string | number | boolean> | null;
  /** ISO 8601, as recorded. */
  createdAt: string;
  /** `createdAt` in epoch milliseconds (for sorting). */
  createdMs: number;
  width: number | null;
  height: number | null;
  /** The parent image's path relative to the same workspace folder, or null. */
  parentPath: string | null;
  conversation: { id: string; turn: number } | null;
  /** Cost as the sidecar estimated it (USD), or null. */
  estimatedCostUsd: number | null;
  /** The parsed sidecar, for callers that need more (the spend report). */
  data: Readonly<Record<string, unknown>>;
  /** Lowercase prompt, effective prompt and path: what a text search looks at (made on the first search). */
  searchText?: string;
}

/** What every listing of an asset shows of its record, whatever names the files (URIs or paths). */
export type AssetFacts = Pick<GalleryRecord, 'prompt' | 'model' | 'preset' | 'createdAt' | 'width' | 'height'>;

/** The record's `AssetFacts`. */
export function assetFactsOf(record: GalleryRecord): AssetFacts {
  const { prompt, model, preset, createdAt, width, height } = record;
  return { prompt, model, preset, createdAt, width, height };
}

export interface GalleryProblem {
  sidecarKey: string;
  message: string;
}

export interface RecordLocation {
  sidecarKey: string;
  imageKey: string;
  relativePath: string;
}

/**
 * A sidecar's text as a gallery record, or the reason it is a problem: not JSON, not an object with
 * the gallery's fields, made by another tool, or a sidecar version newer than this one understands.
 */
export function readGalleryRecord(text: string, at: RecordLocation): GalleryRecord | string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return `Not valid JSON (${error instanceof Error ? error.message : String(error)}).`;
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return 'Not a sidecar: the file holds no JSON object.';
  const generator = (json as { generator?: { name?: unknown } }).generator;
  if (generator && typeof generator === 'object' && typeof generator.name === 'string' && generator.name !== GENERATOR_NAME) {
    return `Made by ${generator.name}, not Pictor.`;
  }
  const version = (json as { version?: unknown }).version;
  if (typeof version === 'number' && version > SIDECAR_VERSION) {
    return `Sidecar version ${version} is newer than this Pictor reads (${SIDECAR_VERSION}); update Pictor.`;
  }
  const s = json as SidecarFields;
  const wrong = wrongField(s);
  if (wrong) return `Not a valid Pictor sidecar: ${wrong}.`;
  if (s.version !== SIDECAR_VERSION) return `Unknown sidecar version ${s.version}.`;
  const createdMs = Date.parse(s.createdAt);
  if (Number.isNaN(createdMs)) return `createdAt "${s.createdAt}" is not a date.`;
  // One object literal with every property, so all records share one shape (fast property access).
  return {
    sidecarKey: at.sidecarKey,
    imageKey: at.imageKey,
    relativePath: at.relativePath,
    prompt: s.prompt,
    effectivePrompt: s.effectivePrompt ?? s.prompt,
    model: s.model,
    preset: s.preset ? canonicalPresetId(s.preset) : null,
    presetFields: s.presetFields ?? null,
    createdAt: s.createdAt,
    createdMs,
    width: s.image.width ?? null,
    height: s.image.height ?? null,
    parentPath: s.parent?.path ?? null,
    conversation: s.conversation ?? null,
    estimatedCostUsd: s.estimatedCostUsd ?? null,
    data: s as unknown as Record<string, unknown>,
    searchText: undefined,
  };
}

/** The sidecar fields the gallery reads (a subset of the sidecar v1 schema in sidecar.ts). */
interface SidecarFields {
  version: number;
  generator: { name: string };
  createdAt: string;
  prompt: string;
  effectivePrompt?: string;
  preset?: string | null;
  presetFields?: Record<string, string | number | boolean>;
  model: string;
  image: { width?: number | null; height?: number | null };
  parent?: { path: string } | null;
  conversation?: { id: string; turn: number };
  estimatedCostUsd?: number | null;
}

/**
 * Checks only the fields the gallery reads, by hand: indexing thousands of sidecars must cost little
 * more than reading them (the gallery benchmark measured a schema library at 2–3 × JSON.parse here).
 * Everything else a sidecar holds is left to the full schema in sidecar.ts.
 * @returns what is wrong, or undefined
 */
function wrongField(s: SidecarFields): string | undefined {
  const type = (value: unknown, expected: string, optional = false, nullable = false) =>
    typeof value === expected || (optional && value === undefined) || (nullable && value === null);
  if (!type(s.version, 'number')) return 'version should be a number';
  if (!s.generator || typeof s.generator !== 'object' || !type(s.generator.name, 'string')) return 'generator.name should be a string';
  if (!type(s.createdAt, 'string')) return 'createdAt should be a string';
  if (!type(s.prompt, 'string')) return 'prompt should be a string';
  if (!type(s.effectivePrompt, 'string', true)) return 'effectivePrompt should be a string';
  if (!type(s.model, 'string')) return 'model should be a string';
  if (!type(s.preset, 'string', true, true)) return 'preset should be a string or null';
  if (!s.image || typeof s.image !== 'object') return 'image should be an object';
  if (!type(s.image.width, 'number', true, true) || !type(s.image.height, 'number', true, true)) return 'image width and height should be numbers';
  if (s.parent !== undefined && s.parent !== null && !type(s.parent.path, 'string')) return 'parent.path should be a string';
  if (s.presetFields !== undefined && (typeof s.presetFields !== 'object' || s.presetFields === null)) return 'presetFields should be an object';
  if (s.conversation !== undefined && (typeof s.conversation !== 'object' || s.conversation === null || !type(s.conversation.id, 'string'))) return 'conversation should be an object with an id';
  if (!type(s.estimatedCostUsd, 'number', true, true)) return 'estimatedCostUsd should be a number or null';
  return undefined;
}

export const DEFAULT_QUERY_LIMIT = 100;
export const MAX_QUERY_LIMIT = 10_000;

/** The argument object of `pictor.gallery.query`. */
export const galleryQuerySchema = z.strictObject({
  text: z.optional(z.string().check(z.maxLength(1000))),
  model: z.optional(z.string().check(z.minLength(1))),
  preset: z.optional(z.string().check(z.minLength(1))),
  /** A workspace-relative folder: the image lies in it or below it. */
  folder: z.optional(z.string()),
  sort: z.optional(z.enum(['newest', 'oldest'])),
  offset: z.optional(z.int().check(z.nonnegative())),
  limit: z.optional(z.int().check(z.minimum(1), z.maximum(MAX_QUERY_LIMIT))),
});

export type GalleryQuery = z.infer<typeof galleryQuerySchema>;

/** @throws PictorError `badInput` naming what is wrong with the arguments */
export function parseGalleryQuery(value: unknown): GalleryQuery {
  return parseArgs(galleryQuerySchema, value ?? {}, 'pictor.gallery.query');
}

/** `./assets/icons/` → `assets/icons`; `` and `.` → `` (everything). */
export function normalizeFolderPrefix(folder: string): string {
  return folder
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/^\/+|\/+$/g, '')
    .replace(/^\.$/, '');
}

/** Newest first (ties by path, so pages are stable). */
export function compareNewest(a: GalleryRecord, b: GalleryRecord): number {
  return b.createdMs - a.createdMs || (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0);
}

/**
 * Filters records sorted newest first (as `compareNewest` orders them) and returns one page.
 * Text matches when every word of it occurs in the prompt, the effective prompt or the file path
 * (case-insensitive); model matches exactly; preset matches by id or alias; folder by path prefix.
 * @returns total matches before paging, and the page (default 100 items)
 */
export function queryRecords(newestFirst: readonly GalleryRecord[], query: GalleryQuery): { total: number; items: GalleryRecord[] } {
  const words = (query.text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const preset = query.preset ? canonicalPresetId(query.preset) : undefined;
  const folder = query.folder !== undefined ? normalizeFolderPrefix(query.folder) : '';
  const prefix = folder ? `${folder}/` : '';
  const matches = (r: GalleryRecord) =>
    (!query.model || r.model === query.model) &&
    (!preset || r.preset === preset) &&
    (!prefix || r.relativePath.startsWith(prefix)) &&
    (words.length === 0 || words.every((w) => (r.searchText ??= `${r.prompt}\n${r.effectivePrompt}\n${r.relativePath}`.toLowerCase()).includes(w)));
  const filtered = newestFirst.filter(matches);
  if (query.sort === 'oldest') filtered.reverse();
  const offset = query.offset ?? 0;
  const limit = query.limit ?? DEFAULT_QUERY_LIMIT;
  return { total: filtered.length, items: filtered.slice(offset, offset + limit) };
}
