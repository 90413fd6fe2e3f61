/**
 * What the fake knows about the image models: Pictor's own catalog (src/core/catalog.ts), so the fake
 * refuses exactly what the service is documented to refuse — retired ids with the service's 404, sizes,
 * ratios and thinking levels a model lacks with a 400 — and answers ids it does not know like a model of
 * the newest family (the way a model Google adds tomorrow would behave).
 */
import { ASPECT_RATIOS, CATALOG, IMAGE_SIZES, THINKING_LEVELS, type AspectRatio, type CatalogEntry, type ImageSize } from '../../src/core/catalog';

export { ASPECT_RATIOS, IMAGE_SIZES };
export type { AspectRatio, ImageSize };

export interface Size {
  width: number;
  height: number;
}

export interface ModelProfile {
  family: 'flash' | 'pro';
  status: CatalogEntry['status'];
  supportsImageSize: boolean;
  sizes: readonly ImageSize[];
  aspectRatios: readonly AspectRatio[];
  /** Upper-case wire values (MINIMAL, HIGH, …) the model accepts in `thinkingConfig.thinkingLevel`. */
  thinkingLevels: readonly string[];
  flex: boolean;
  supportsSearch: boolean;
  /** Gemini 3 models think before drawing: thought parts first, signatures on the final parts. */
  thinks: boolean;
  maxInputImages: number;
  outputSize(aspectRatio: AspectRatio, imageSize: ImageSize): Size;
  imageTokens(imageSize: ImageSize): number;
}

const EDGE: Record<ImageSize, number> = { '512': 512, '1K': 1024, '2K': 2048, '4K': 4096 };

/** The published table where there is one; else the ratio at the size's pixel count, in multiples of 16. */
function outputSizeOf(entry: CatalogEntry | undefined, ratio: AspectRatio, size: ImageSize): Size {
  const known = entry?.resolutions[size]?.[ratio];
  if (known) return { width: known[0], height: known[1] };
  const [w, h] = ratio.split(':').map(Number);
  const edge = EDGE[size];
  const round16 = (n: number) => Math.max(16, Math.round(n / 16) * 16);
  return { width: round16(edge * Math.sqrt(w / h)), height: round16(edge * Math.sqrt(h / w)) };
}

function profileOf(entry: CatalogEntry): ModelProfile {
  return {
    family: entry.id.includes('pro') ? 'pro' : 'flash',
    status: entry.status,
    supportsImageSize: entry.acceptsImageSize,
    sizes: entry.sizes,
    aspectRatios: entry.aspectRatios,
    thinkingLevels: entry.thinkingLevels.map((l) => l.toUpperCase()),
    flex: entry.flex,
    supportsSearch: entry.grounding,
    // Pro and Nano Banana 2.x return thought parts and signatures; the fake keeps Lite (minimal thinking by
    // default) and the 2.5 family without them, so both shapes of answer stay covered.
    thinks: entry.grounding,
    maxInputImages: entry.references.max,
    outputSize: (ratio, size) => outputSizeOf(entry, ratio, entry.acceptsImageSize ? size : '1K'),
    imageTokens: (size) => entry.imageTokens[entry.acceptsImageSize ? size : '1K'] ?? entry.imageTokens['1K'] ?? 1120,
  };
}

/** A `gemini-*` id the catalog does not know: everything allowed, like the newest models. */
const UNKNOWN: ModelProfile = {
  family: 'flash',
  status: 'ga',
  supportsImageSize: true,
  sizes: IMAGE_SIZES,
  aspectRatios: ASPECT_RATIOS,
  thinkingLevels: THINKING_LEVELS.map((l) => l.toUpperCase()),
  flex: true,
  supportsSearch: true,
  thinks: true,
  maxInputImages: 14,
  outputSize: (ratio, size) => outputSizeOf(undefined, ratio, size),
  imageTokens: (size) => ({ '512': 747, '1K': 1120, '2K': 1680, '4K': 2520 })[size],
};

export const FLASH_IMAGE_MODEL = CATALOG.find((m) => m.status === 'legacy')?.id ?? '';
export const DEFAULT_IMAGE_MODEL = CATALOG[0].id;
export const PRO_IMAGE_MODEL = CATALOG.find((m) => m.status === 'ga' && m.id.includes('pro'))?.id ?? '';
export const LITE_IMAGE_MODEL = CATALOG.find((m) => m.status === 'ga' && m.id.includes('lite'))?.id ?? '';
/** Retired ids: `models.get` and `generateContent` answer 404. */
export const RETIRED_MODELS = CATALOG.filter((m) => m.status === 'retired').map((m) => m.id);

/** Model ids listed by `models.list`: the catalog's live models (any other `gemini-*` id is accepted too). */
export const LISTED_MODELS = CATALOG.filter((m) => m.status !== 'retired').map((m) => m.id);

/** The profile for a model id, or undefined when the service would answer 404 for it. */
export function profileFor(model: string): ModelProfile | undefined {
  if (!model.startsWith('gemini-')) {
    return undefined;
  }
  const entry = CATALOG.find((m) => m.id === model);
  if (!entry) return UNKNOWN;
  return entry.status === 'retired' ? undefined : profileOf(entry);
}

/**
 * Whether `generateContent` answers 404 for a model `models.get` still describes: legacy models are
 * closed to new projects (the fake's key stands for a new project unless a test opens them).
 */
export function closedToNewProjects(model: string, legacyOpen: boolean): boolean {
  return !legacyOpen && profileFor(model)?.status === 'legacy';
}

/** The listed ratio closest to width/height, used when the request names none but sends an image. */
export function closestAspectRatio(size: Size): AspectRatio {
  const target = Math.log(size.width / size.height);
  let best: AspectRatio = '1:1';
  let bestDistance = Infinity;
  for (const ratio of ASPECT_RATIOS) {
    const [w, h] = ratio.split(':').map(Number);
    const distance = Math.abs(Math.log(w / h) - target);
    if (distance < bestDistance) {
      best = ratio;
      bestDistance = distance;
    }
  }
  return best;
}

export function modelResource(model: string): object {
  const profile = profileFor(model);
  const entry = CATALOG.find((m) => m.id === model);
  return {
    name: `models/${model}`,
    version: '001',
    displayName: entry?.label ?? model,
    description: 'Fake Gemini image model.',
    inputTokenLimit: profile?.family === 'pro' ? 65536 : 131072,
    outputTokenLimit: 32768,
    supportedGenerationMethods: ['generateContent', 'countTokens', 'batchGenerateContent'],
    temperature: 1,
    topP: 0.95,
    topK: 64,
    maxTemperature: 2,
    thinking: profile?.thinks ?? false,
  };
}
