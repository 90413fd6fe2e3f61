/**
 * The model catalog as data: the one place in `src/` that names Gemini image model ids. Every check
 * (spec validation, pickers, cost, chat settings, the fake server, the README table) reads this table.
 *
 * Sources (stored copies, read 2026-11-30):
 * - DEPRECATIONS: ai.google.dev/gemini-api/docs/deprecations (GA dates 2026-05-28 of gemini-3.1-flash-image and
 *   gemini-3-pro-image; the previews' shutdown 2026-06-25 with their replacements; gemini-2.5-flash-image released
 *   2025-10-02, earliest shutdown 2026-10-02).
 * - CHANGELOG: ai.google.dev/gemini-api/docs/changelog, 2026-01-15: gemini-2.5-flash-image-preview shut down.
 * - LITE_CARD: ai.google.dev/gemini-api/docs/models/gemini-3.1-flash-lite-image (1K only, 14 ratios, thinking
 *   "minimal and high", no Search grounding; its "usage options": Batch API supported, Flex and Priority inference
 *   not supported — read in the zh-CN copy of the page, last updated 2026-06) and the Vertex AI model card
 *   (GA 2026-06-30, 14 images per prompt).
 * - FLASH_CARD: Vertex AI model card of gemini-3.1-flash-image (GA 2026-05-28; 14 images per prompt; sizes 512, 1K,
 *   2K, 4K; 14 ratios; 747/1120/1680/2520 output tokens for 512/1K/2K/4K).
 * - PRO_TABLES: Gemini API image generation guide (late 2025 snapshot in the protocol seeds): Pro's resolution table,
 *   1120 tokens per 1K/2K image and 2000 per 4K image, 14 references (6 objects + 5 characters recommended);
 *   Flash 2.5: 1290 tokens per image, 3 references recommended.
 * - PRICING: ai.google.dev/gemini-api/docs/pricing as transcribed 2025-11-20 (2.5 Flash Image, 3 Pro Image) and
 *   third-party transcriptions of Google's pricing pages for 3.1 Flash Image ($60 / 1M image tokens, 2026-03) and
 *   3.1 Flash-Lite Image ($30 / 1M image tokens; lumenfall.ai citing cloud.google.com/vertex-ai pricing, 2026-07).
 *   Batch is half the standard price (pricing page: "Batch API (50% cost reduction)"). Flex is half the standard
 *   price too (ai.google.dev/gemini-api/docs/flex-inference: "a 50% cost reduction compared to standard rates";
 *   docs/optimization: Flex "50% discount", best-effort, sheddable; both read 2026-11-30).
 * - Thinking levels of the Nano Banana 2 family: "minimal and high" is on Google's Lite model page; for
 *   gemini-3.1-flash-image it comes from third-party guides (2026-04, "Minimal/High").
 * - THIRD_PARTY: `gemini-nano-banana-2.1` (GA 2026-10-06) and the shutdown of `gemini-3.1-flash-image` on 2026-10-29
 *   come from third-party reports summarised in the project's issue (the shutdown also in
 *   skills.sh/jpcaparas/skills/nanobanana, 2026-10-18; a report of the deprecations page on 2026-10-15,
 *   qiita.com/kai_kou/items/81ae29101c28f72d2ad8, had gemini-3.1-flash-image deprecated, replaced by
 *   gemini-nano-banana-2.1, shutdown date not yet set). Google's own pages name the model but not these dates:
 *   firebase.google.com/docs/ai-logic/generate-images-imagen (read 2026-11-30) offers gemini-nano-banana-2.1
 *   "with thinking level MINIMAL" / "HIGH" as the replacement of Imagen 4. Its options differ from gemini-3.1-flash-image, which it updates: all 14 ratios at 1K, 2K
 *   or 4K, and the service refuses 512 (TanStack AI's release notes, github.com/tanstack/ai, @tanstack/ai-gemini
 *   0.36.0, 2026-10-07; docs.laozhang.ai/en/api-capabilities/nano-banana-2-1-image, checked 2026-10-14: "returns
 *   HTTP 400 for 512"); thinking levels minimal, medium (its default) and high (the same LaoZhang docs' model
 *   table; skills.sh/jpcaparas/skills/nanobanana, a live snapshot of 2026-10-18); 14 references. All third-party.
 *   Its prices ($30 / 1M image tokens = $0.0336 per 1K image, $1.50 / 1M input, $7.50 / 1M text output) are from
 *   LiteLLM's day-0 announcement (github.com/BerriAI/litellm/discussions/44983, 2026-10), third-party; LaoZhang
 *   quotes Google's standard price as $0.0504 per 2K image (= 1680 tokens, as here) and $0.113 per 4K image, which
 *   the 2520 tokens assumed here do not give (no Google page to settle it; the 4K estimate may be low).
 */

export const ASPECT_RATIOS = [
  '1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9', '1:4', '4:1', '1:8', '8:1',
] as const;
export type AspectRatio = (typeof ASPECT_RATIOS)[number];

/** The ten ratios every image model takes; the newer models add 1:4, 4:1, 1:8 and 8:1. */
export const CLASSIC_ASPECT_RATIOS: readonly AspectRatio[] = ASPECT_RATIOS.slice(0, 10);

/** `imageConfig.imageSize` values as sent on the wire. */
export const IMAGE_SIZES = ['512', '1K', '2K', '4K'] as const;
export type ImageSize = (typeof IMAGE_SIZES)[number];

/** Pictor's spelling of `thinkingConfig.thinkingLevel` (the wire uses upper case: MINIMAL, LOW, MEDIUM, HIGH). */
export const THINKING_LEVELS = ['minimal', 'low', 'medium', 'high'] as const;
export type ThinkingLevel = (typeof THINKING_LEVELS)[number];

/** Tiers a request can ask for (`serviceTier`); `batch` is a price tier only (the Batch API). */
export const SERVICE_TIERS = ['standard', 'flex'] as const;
export type ServiceTier = (typeof SERVICE_TIERS)[number];
export type PriceTier = ServiceTier | 'batch';

/**
 * ga: generally available. preview: may change or go away with short notice. legacy: still listed by the
 * service but closed to new projects or past its announced shutdown; selectable, explained on 404.
 * retired: shut down; refused before any request, with the replacement named.
 */
export type ModelStatus = 'ga' | 'preview' | 'legacy' | 'retired';

/** Where a fact comes from: a page and the date it was read or published; `thirdParty` when not Google's own. */
export interface FactSource {
  source: string;
  asOf: string;
  thirdParty?: boolean;
}

/** USD per 1M tokens. */
export interface TokenPrices {
  inputPerMillion: number;
  textOutputPerMillion: number;
  imageOutputPerMillion: number;
}

/**
 * A model's prices, one entry per tier it offers. Per-image prices are derived, never stored:
 * `imageTokens[size] × tier.imageOutputPerMillion / 1e6` (see `pricePerImageUsd` in prices.ts).
 */
export interface ModelPrices extends FactSource {
  standard: TokenPrices;
  flex?: TokenPrices;
  batch?: TokenPrices;
}

export interface ReferenceLimits {
  /** Images the model works best with; more draws a warning. */
  recommended: number;
  /** Images the service accepts in one request. */
  max: number;
  /** High-fidelity object images, where documented. */
  objects?: number;
  /** Character (person) images kept consistent, where documented. */
  characters?: number;
}

/** One row of the catalog. Dates are YYYY-MM-DD. */
export interface CatalogEntry {
  id: string;
  label: string;
  description: string;
  status: ModelStatus;
  released?: string;
  /** The day the model was (or is announced to be) shut down. */
  shutdown?: string;
  /** The model to use instead, for legacy and retired models. */
  replacement?: string;
  statusSource: FactSource;
  /** Sizes the model makes; the first is its default. */
  sizes: readonly ImageSize[];
  /** False when the service refuses `imageConfig.imageSize` altogether (the model always makes 1K). */
  acceptsImageSize: boolean;
  aspectRatios: readonly AspectRatio[];
  references: ReferenceLimits;
  grounding: boolean;
  /** Whether the model thinks before drawing (returns thought parts and signatures that must be sent back). */
  thinks: boolean;
  /** Levels `thinkingConfig.thinkingLevel` accepts; empty: the field must not be sent. */
  thinkingLevels: readonly ThinkingLevel[];
  batch: boolean;
  flex: boolean;
  /** Output tokens one image costs, per size. */
  imageTokens: Partial<Record<ImageSize, number>>;
  prices?: ModelPrices;
  /** Output pixels [width, height] per size and ratio, where the docs publish them. */
  resolutions: Partial<Record<ImageSize, Partial<Record<AspectRatio, readonly [number, number]>>>>;
}

const DEPRECATIONS: FactSource = { source: 'ai.google.dev/gemini-api/docs/deprecations', asOf: '2026-10-07' };
const CHANGELOG: FactSource = { source: 'ai.google.dev/gemini-api/docs/changelog', asOf: '2026-01-15' };
const THIRD_PARTY: FactSource = { source: 'third-party reports of the Gemini API release notes', asOf: '2026-10-29', thirdParty: true };
const LITE_CARD: FactSource = { source: 'ai.google.dev/gemini-api/docs/models/gemini-3.1-flash-lite-image', asOf: '2026-06-30' };

const flash25Resolutions = {
  '1:1': [1024, 1024], '2:3': [832, 1248], '3:2': [1248, 832], '3:4': [864, 1184], '4:3': [1184, 864],
  '4:5': [896, 1152], '5:4': [1152, 896], '9:16': [768, 1344], '16:9': [1344, 768], '21:9': [1536, 672],
} as const;

const pro1K = {
  '1:1': [1024, 1024], '2:3': [848, 1264], '3:2': [1264, 848], '3:4': [896, 1200], '4:3': [1200, 896],
  '4:5': [928, 1152], '5:4': [1152, 928], '9:16': [768, 1376], '16:9': [1376, 768], '21:9': [1584, 672],
} as const;

const pro2K: Partial<Record<AspectRatio, readonly [number, number]>> = Object.fromEntries(
  Object.entries(pro1K).map(([ratio, [w, h]]) => [ratio, [w * 2, h * 2] as const]),
);

// The 4K table is not an exact multiple of 1K for every ratio; these are the documented values.
const pro4K = {
  '1:1': [4096, 4096], '2:3': [3392, 5056], '3:2': [5056, 3392], '3:4': [3584, 4800], '4:3': [4800, 3584],
  '4:5': [3712, 4608], '5:4': [4608, 3712], '9:16': [3072, 5504], '16:9': [5504, 3072], '21:9': [6336, 2688],
} as const;

const half = (p: TokenPrices): TokenPrices => ({
  inputPerMillion: p.inputPerMillion / 2,
  textOutputPerMillion: p.textOutputPerMillion / 2,
  imageOutputPerMillion: p.imageOutputPerMillion / 2,
});

const withTiers = (standard: TokenPrices, source: FactSource, flex: boolean): ModelPrices => ({
  ...source,
  standard,
  ...(flex ? { flex: half(standard) } : {}),
  batch: half(standard),
});

const FLASH_31_PRICES: TokenPrices = { inputPerMillion: 0.5, textOutputPerMillion: 3, imageOutputPerMillion: 60 };
const FLASH_31_PRICE_SOURCE: FactSource = {
  source: 'Gemini API pricing as transcribed by third parties (0.045/0.067/0.101/0.151 USD per 512/1K/2K/4K image)',
  asOf: '2026-03-01',
  thirdParty: true,
};
const FLASH_31_TOKENS = { '512': 747, '1K': 1120, '2K': 1680, '4K': 2520 } as const;
const FLASH_31_REFERENCES: ReferenceLimits = { recommended: 14, max: 14, objects: 10, characters: 4 };

const NANO_BANANA_21_PRICES: TokenPrices = { inputPerMillion: 1.5, textOutputPerMillion: 7.5, imageOutputPerMillion: 30 };
const NANO_BANANA_21_PRICE_SOURCE: FactSource = {
  source: "LiteLLM's day-0 support notes for gemini-nano-banana-2.1 (github.com/BerriAI/litellm/discussions/44983: 0.0336 USD per 1K image)",
  asOf: '2026-10-06',
  thirdParty: true,
};

/** The fast default: Nano Banana 2.1. */
export const DEFAULT_MODEL = 'gemini-nano-banana-2.1';
/** The best quality: Nano Banana Pro. */
export const PRO_MODEL = 'gemini-3-pro-image';
/** The cheapest: Nano Banana 2 Lite. */
export const LITE_MODEL = 'gemini-3.1-flash-lite-image';

export const CATALOG: readonly CatalogEntry[] = [
  {
    id: DEFAULT_MODEL,
    label: 'Nano Banana 2.1',
    description: 'Fast, 1K to 4K, 14 ratios, grounding, thinking',
    status: 'ga',
    released: '2026-10-06',
    statusSource: THIRD_PARTY,
    // No 512: the service answers 400 for it on this model (third-party reports, see THIRD_PARTY above).
    sizes: ['1K', '2K', '4K'],
    acceptsImageSize: true,
    aspectRatios: ASPECT_RATIOS,
    references: FLASH_31_REFERENCES,
    grounding: true,
    thinks: true,
    thinkingLevels: ['minimal', 'medium', 'high'],
    batch: true,
    flex: true,
    imageTokens: { '1K': FLASH_31_TOKENS['1K'], '2K': FLASH_31_TOKENS['2K'], '4K': FLASH_31_TOKENS['4K'] },
    prices: withTiers(NANO_BANANA_21_PRICES, NANO_BANANA_21_PRICE_SOURCE, true),
    resolutions: {},
  },
  {
    id: PRO_MODEL,
    label: 'Nano Banana Pro',
    description: 'Best quality, up to 4K, 14 references, grounding, thinking',
    status: 'ga',
    released: '2026-05-28',
    statusSource: DEPRECATIONS,
    sizes: ['1K', '2K', '4K'],
    acceptsImageSize: true,
    aspectRatios: CLASSIC_ASPECT_RATIOS,
    references: { recommended: 14, max: 14, objects: 6, characters: 5 },
    grounding: true,
    // Pro always thinks; no stored Google page lists thinking levels for the image model (searched 2026-11-30),
    // so none are offered and a level is refused before any request.
    thinks: true,
    thinkingLevels: [],
    batch: true,
    flex: true,
    imageTokens: { '1K': 1120, '2K': 1120, '4K': 2000 },
    prices: withTiers(
      { inputPerMillion: 2, textOutputPerMillion: 12, imageOutputPerMillion: 120 },
      { source: 'ai.google.dev/gemini-api/docs/pricing (Gemini 3 Pro Image)', asOf: '2025-11-20' },
      true,
    ),
    resolutions: { '1K': pro1K, '2K': pro2K, '4K': pro4K },
  },
  {
    id: LITE_MODEL,
    label: 'Nano Banana 2 Lite',
    description: 'Cheapest and fastest, 1K only',
    status: 'ga',
    released: '2026-06-30',
    statusSource: LITE_CARD,
    sizes: ['1K'],
    acceptsImageSize: true,
    aspectRatios: ASPECT_RATIOS,
    references: { recommended: 14, max: 14 },
    grounding: false,
    thinks: true,
    thinkingLevels: ['minimal', 'high'],
    batch: true,
    // Google's model page lists Flex inference as not supported for Lite (see LITE_CARD above).
    flex: false,
    imageTokens: { '1K': 1120 },
    prices: withTiers(
      { inputPerMillion: 0.25, textOutputPerMillion: 1.5, imageOutputPerMillion: 30 },
      { source: 'lumenfall.ai citing cloud.google.com/vertex-ai/generative-ai/pricing (0.0336 USD per 1K image)', asOf: '2026-07-07', thirdParty: true },
      false,
    ),
    resolutions: {},
  },
  {
    id: 'gemini-2.5-flash-image',
    label: 'Nano Banana (Gemini 2.5 Flash Image)',
    description: 'Legacy: closed to new projects; 1K only',
    status: 'legacy',
    released: '2025-10-02',
    // The announced earliest shutdown; reported (third party) closed to new projects since. A report of the
    // deprecations page on 2026-10-15 (qiita.com/kai_kou/items/81ae29101c28f72d2ad8, third-party) gives a
    // shutdown date of 2027-03-15 and gemini-3.1-flash-lite-image as the recommended replacement: the same
    // 1K-only, low-price profile, so Lite is offered in its place.
    shutdown: '2026-10-02',
    replacement: LITE_MODEL,
    statusSource: DEPRECATIONS,
    sizes: ['1K'],
    acceptsImageSize: false,
    aspectRatios: CLASSIC_ASPECT_RATIOS,
    references: { recommended: 3, max: 14 },
    grounding: false,
    thinks: false,
    thinkingLevels: [],
    batch: true,
    flex: false,
    imageTokens: { '1K': 1290 },
    prices: withTiers(
      { inputPerMillion: 0.3, textOutputPerMillion: 2.5, imageOutputPerMillion: 30 },
      { source: 'ai.google.dev/gemini-api/docs/pricing (Gemini 2.5 Flash Image)', asOf: '2025-11-20' },
      false,
    ),
    resolutions: { '1K': flash25Resolutions },
  },
  {
    id: 'gemini-3.1-flash-image',
    label: 'Nano Banana 2',
    description: 'Retired: replaced by Nano Banana 2.1',
    status: 'retired',
    released: '2026-05-28',
    shutdown: '2026-10-29',
    replacement: DEFAULT_MODEL,
    statusSource: THIRD_PARTY,
    sizes: ['1K', '512', '2K', '4K'],
    acceptsImageSize: true,
    aspectRatios: ASPECT_RATIOS,
    references: FLASH_31_REFERENCES,
    grounding: true,
    thinks: true,
    thinkingLevels: ['minimal', 'high'],
    batch: true,
    flex: true,
    imageTokens: FLASH_31_TOKENS,
    prices: withTiers(FLASH_31_PRICES, FLASH_31_PRICE_SOURCE, true),
    resolutions: {},
  },
  {
    id: 'gemini-3.1-flash-image-preview',
    label: 'Nano Banana 2 (preview)',
    description: 'Retired preview',
    status: 'retired',
    released: '2026-02-26',
    shutdown: '2026-06-25',
    // The deprecations page names gemini-3.1-flash-image, itself retired since; its successor is named instead.
    replacement: DEFAULT_MODEL,
    statusSource: DEPRECATIONS,
    sizes: ['1K', '512', '2K', '4K'],
    acceptsImageSize: true,
    aspectRatios: ASPECT_RATIOS,
    references: FLASH_31_REFERENCES,
    grounding: true,
    thinks: true,
    thinkingLevels: ['minimal', 'high'],
    batch: false,
    flex: false,
    imageTokens: FLASH_31_TOKENS,
    resolutions: {},
  },
  {
    id: 'gemini-3-pro-image-preview',
    label: 'Nano Banana Pro (preview)',
    description: 'Retired preview',
    status: 'retired',
    released: '2025-11-20',
    shutdown: '2026-06-25',
    replacement: PRO_MODEL,
    statusSource: DEPRECATIONS,
    sizes: ['1K', '2K', '4K'],
    acceptsImageSize: true,
    aspectRatios: CLASSIC_ASPECT_RATIOS,
    references: { recommended: 14, max: 14, objects: 6, characters: 5 },
    grounding: true,
    thinks: true,
    thinkingLevels: [],
    batch: false,
    flex: false,
    imageTokens: { '1K': 1120, '2K': 1120, '4K': 2000 },
    resolutions: { '1K': pro1K, '2K': pro2K, '4K': pro4K },
  },
  {
    id: 'gemini-2.5-flash-image-preview',
    label: 'Nano Banana (preview)',
    description: 'Retired preview',
    status: 'retired',
    shutdown: '2026-01-15',
    replacement: DEFAULT_MODEL,
    statusSource: CHANGELOG,
    sizes: ['1K'],
    acceptsImageSize: false,
    aspectRatios: CLASSIC_ASPECT_RATIOS,
    references: { recommended: 3, max: 14 },
    grounding: false,
    thinks: false,
    thinkingLevels: [],
    batch: false,
    flex: false,
    imageTokens: { '1K': 1290 },
    resolutions: { '1K': flash25Resolutions },
  },
];
