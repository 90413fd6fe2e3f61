/**
 * Questions asked of the catalog (catalog.ts holds the data): what a model accepts, whether it is
 * retired, which models to offer. Ids the catalog does not know are accepted with permissive limits:
 * the service is then the judge (its 400 is shown as is).
 */
import {
  ASPECT_RATIOS,
  CATALOG,
  DEFAULT_MODEL,
  IMAGE_SIZES,
  LITE_MODEL,
  PRO_MODEL,
  SERVICE_TIERS,
  THINKING_LEVELS,
  type AspectRatio,
  type CatalogEntry,
  type ImageSize,
  type ServiceTier,
  type ThinkingLevel,
} from './catalog';
import { PictorError } from './errors';

export {
  ASPECT_RATIOS,
  CATALOG,
  DEFAULT_MODEL,
  IMAGE_SIZES,
  LITE_MODEL,
  PRO_MODEL,
  SERVICE_TIERS,
  THINKING_LEVELS,
  type AspectRatio,
  type CatalogEntry,
  type ImageSize,
  type ServiceTier,
  type ThinkingLevel,
};
export type { FactSource, ModelPrices, ModelStatus, PriceTier, ReferenceLimits, TokenPrices } from './catalog';

export { INPUT_MIME_TYPES, isInputMimeType, type InputMimeType } from './input-formats';

/**
 * Total size of inline request data the API accepts; larger inputs go through the Files API.
 * Source: Gemini API "File input methods" guide and image generation guide (inline data: total request
 * under 20 MB), re-read 2026-11-30; the 2026-01-08 changelog raised the per-file limit of *uploads* and
 * URL inputs to 100 MB, not the inline request limit.
 */
export const INLINE_REQUEST_LIMIT_BYTES = 20 * 1024 * 1024;

/** The largest single input image Pictor reads (Files API / URL inputs take up to 100 MB since 2026-01-08). */
export const MAX_INPUT_IMAGE_BYTES = 100 * 1024 * 1024;

/** A catalog entry plus the derived answers older call sites ask for. */
export interface ModelInfo extends CatalogEntry {
  /** Whether `imageConfig.imageSize` may be sent. */
  supportsImageSize: boolean;
  supportsGrounding: boolean;
  supportsThinking: boolean;
  recommendedReferenceImages: number;
  maxReferenceImages: number;
  /** False for ids the catalog does not know. */
  known: boolean;
}

function derive(entry: CatalogEntry, known = true): ModelInfo {
  return {
    ...entry,
    supportsImageSize: entry.acceptsImageSize,
    supportsGrounding: entry.grounding,
    supportsThinking: entry.thinks,
    recommendedReferenceImages: entry.references.recommended,
    maxReferenceImages: entry.references.max,
    known,
  };
}

/** Every catalogued model, retired ones included (for lookups); pickers use `currentModels()`. */
export const MODELS: readonly ModelInfo[] = CATALOG.map((entry) => derive(entry));

/** Models typed in by the user are allowed; the service is the judge of what they accept. */
export function unknownModel(id: string): ModelInfo {
  return derive(
    {
      id,
      label: id,
      description: 'Model id not in Pictor\'s catalog',
      status: 'ga',
      statusSource: { source: 'the service (models.list)', asOf: '' },
      sizes: ['1K', '512', '2K', '4K'],
      acceptsImageSize: true,
      aspectRatios: ASPECT_RATIOS,
      references: { recommended: 14, max: 14 },
      grounding: true,
      thinks: true,
      thinkingLevels: THINKING_LEVELS,
      batch: true,
      flex: true,
      imageTokens: {},
      resolutions: {},
    },
    false,
  );
}

export function findModel(id: string): ModelInfo | undefined {
  return MODELS.find((m) => m.id === id);
}

/** The catalog entry for `id`, or permissive limits for an id Pictor does not know. */
export function modelInfo(id: string): ModelInfo {
  return findModel(id) ?? unknownModel(id);
}

/** Models to offer in pickers, in order: the default, Pro, Lite, then the rest that still answer. */
export function currentModels(): ModelInfo[] {
  return MODELS.filter((m) => m.status !== 'retired');
}

export interface Retirement {
  id: string;
  label: string;
  /** YYYY-MM-DD. */
  shutdown: string;
  /** The first non-retired model down the replacement chain. */
  replacement: string;
  replacementLabel: string;
}

/** How a retired id was retired and what replaces it, or undefined when `id` is not retired. */
export function retirement(id: string): Retirement | undefined {
  const entry = findModel(id);
  if (!entry || entry.status !== 'retired') return undefined;
  let next = findModel(entry.replacement ?? DEFAULT_MODEL);
  for (let hops = 0; next && next.status === 'retired' && hops < CATALOG.length; hops++) {
    next = findModel(next.replacement ?? DEFAULT_MODEL);
  }
  const replacement = next?.id ?? DEFAULT_MODEL;
  return {
    id,
    label: entry.label,
    shutdown: entry.shutdown ?? '',
    replacement,
    replacementLabel: modelInfo(replacement).label,
  };
}

/** "X was shut down on DATE; its replacement is Y." — the one wording every surface shows. */
export function retirementMessage(r: Retirement): string {
  return `${r.id} was shut down on ${r.shutdown}; its replacement is ${r.replacement}.`;
}

/**
 * Refuse a retired model before any request: `PictorError('badInput')` with `replacement` set to the model
 * to use instead (and `setting` when the id came from one). Returns quietly for every other id.
 */
export function assertModelAvailable(id: string, options: { setting?: string } = {}): void {
  const r = retirement(id);
  if (!r) return;
  throw new PictorError('badInput', retirementMessage(r), { replacement: r.replacement, model: id, setting: options.setting });
}

/** Ids of the current (GA and preview) models, for messages that name what to use instead. */
export function currentModelIds(): string[] {
  return currentModels()
    .filter((m) => m.status !== 'legacy')
    .map((m) => m.id);
}

/** Model ids are letters, digits, dots, dashes and underscores; anything else (paths, URLs, spaces) is refused. */
export const MODEL_ID_PATTERN = /^[a-z0-9][a-z0-9.\-_]{0,99}$/i;

export function isAspectRatio(value: string): value is AspectRatio {
  return (ASPECT_RATIOS as readonly string[]).includes(value);
}

export function isImageSize(value: string): value is ImageSize {
  return (IMAGE_SIZES as readonly string[]).includes(value);
}


export function isServiceTier(value: string): value is ServiceTier {
  return (SERVICE_TIERS as readonly string[]).includes(value);
}

/** `thinkingLevel` as users type it (any case) → Pictor's spelling, or undefined when it is no level. */
export function parseThinkingLevel(value: string): ThinkingLevel | undefined {
  const lower = value.trim().toLowerCase();
  return (THINKING_LEVELS as readonly string[]).includes(lower) ? (lower as ThinkingLevel) : undefined;
}

/** The size a model makes when none is asked for. */
export function defaultSizeOf(model: string): ImageSize {
  return modelInfo(model).sizes[0] ?? '1K';
}

/** Expected output pixels, or undefined where the docs give none (custom and newer models). */
export function expectedResolution(model: string, aspectRatio: AspectRatio, size: ImageSize = '1K'): readonly [number, number] | undefined {
  return modelInfo(model).resolutions[size]?.[aspectRatio];
}

/** Models to suggest as an alternative in messages, by role. */
export const SUGGESTED = { fast: DEFAULT_MODEL, pro: PRO_MODEL, cheapest: LITE_MODEL } as const;
