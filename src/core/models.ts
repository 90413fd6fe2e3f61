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
  type ModelStatus,
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
 * Inline request data above which inputs go through the Files API. The late-2025 docs put the inline limit
 * at 20 MB per request; the 2026-01-08 changelog and Google's blog ("Increased file size limits…") raised
 * the inline *file* limit to 100 MB, but the stored docs give no per-request figure for the image models
 * (Vertex AI's cards say 7 MB per inline file), so Pictor keeps 20 MB: anything larger takes the Files API
 * path, which the service accepts either way. Re-checked 2026-11-30.
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

/** A model as `models.list` describes it (the `models/` prefix removed). */
export interface ServiceModel {
  id: string;
  displayName?: string;
  /** `supportedGenerationMethods` / `supportedActions`, when the service says. */
  methods?: readonly string[];
}

/** One row of `pictor.listModels` and the model picker: public API. */
export interface ListedModel {
  id: string;
  label: string;
  status: ModelStatus;
  /** Where Pictor knows it from: its own catalog, the service's `models.list` for this key, or both. */
  source: 'catalog' | 'service' | 'both';
}

/**
 * Whether a listed model can make images through generateContent. The service lists every model (text,
 * embeddings, Imagen); the Gemini image models carry "image" in their id and answer generateContent.
 * Imagen uses another method (predict) and is shut down (ai.google.dev/gemini-api/docs/imagen, updated 2026-09-18;
 * firebase.google.com/docs/ai-logic/generate-images-imagen: "as early as August 17, 2026"; read 2026-11-30).
 */
export function isImageModel(model: ServiceModel): boolean {
  const id = model.id.toLowerCase();
  const generates = !model.methods || model.methods.length === 0 || model.methods.includes('generateContent');
  return generates && !id.startsWith('imagen') && (/(^|-)image(-|$)/.test(id) || id.includes('banana'));
}

/**
 * The catalog's current models merged with the image models the service lists for the key: catalog order
 * first (retired ones left out), then models only the service knows, by id. `service` undefined means the
 * list could not be fetched: the catalog alone answers.
 */
export function mergeModelLists(service: readonly ServiceModel[] | undefined): ListedModel[] {
  const listed = new Map((service ?? []).filter(isImageModel).map((m) => [m.id, m] as const));
  const rows: ListedModel[] = currentModels().map((m) => ({
    id: m.id,
    label: m.label,
    status: m.status,
    source: listed.has(m.id) ? 'both' : 'catalog',
  }));
  for (const m of [...listed.values()].sort((a, b) => a.id.localeCompare(b.id))) {
    const known = findModel(m.id);
    if (known?.status === 'retired') continue;
    if (!known) rows.push({ id: m.id, label: m.displayName || m.id, status: /preview|exp/.test(m.id) ? 'preview' : 'ga', source: 'service' });
  }
  return rows;
}

/**
 * Whether a PictorError is Gemini saying "not found" (a model or resource it does not know), as opposed
 * to a 404 from an address that is not the Gemini API (which names pictor.api.baseUrl).
 */
export function isModelNotFound(error: PictorError): boolean {
  return error.status === 404 && error.setting !== 'pictor.api.baseUrl';
}

/**
 * What a 404 for `model` means, as the error to show: retired (with its date and replacement), legacy
 * (closed to new projects), or simply not available to this key's project; the current models are named.
 */
export function modelNotFound(model: string, cause?: PictorError): PictorError {
  const r = retirement(model);
  const options = { status: 404, detail: cause?.detail, model, setting: cause?.setting };
  if (r) return new PictorError('badInput', retirementMessage(r), { ...options, replacement: r.replacement });
  const info = findModel(model);
  const current = currentModelIds().join(', ');
  const why = info?.status === 'legacy' ? ` (${info.label} is legacy: Google closed it to new projects after ${info.shutdown})` : '';
  return new PictorError(
    'badInput',
    `${model} is not available to this key's project${why}. Current models: ${current}.`,
    { ...options, ...(info?.replacement ? { replacement: info.replacement } : {}) },
  );
}
