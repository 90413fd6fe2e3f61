import type { TokenPrices } from './models';
import { BLACK_BACKGROUND_EDIT } from './postprocess-plan';
import { effectivePromptOf } from './request';
import type { GenerationSpec } from './spec';
import { priceSheetFor, type PriceSheet, type PriceTier } from './price-sheet';

/**
 * What a run will cost, before it is sent. The one estimator: the palette, the Studio, the chat
 * composer, batches, agent tools and the budget check all read it.
 */
export interface CostSpec {
  model: string;
  /** `1K`, `2K` or `4K`; models without a size choice make 1K images. */
  imageSize?: string;
  /** Images asked for (one request each). */
  count: number;
  /** The text that will be sent (after presets); counted at about 4 characters a token. */
  prompt: string;
  /** Images sent with each request (references, sources, a chat's re-sent history). */
  inputImages?: number;
  /** Text tokens re-sent with each request besides the prompt (a chat's earlier turns). */
  historyTokens?: number;
  tier?: PriceTier;
  /** `transparent` takes two calls per image: a generation on white, then an edit onto black. */
  background?: string;
}

export interface CostEstimate {
  /** Dollars for the whole run, or null when the model has no known price (a custom model id). */
  usd: number | null;
  /** `usd / images`, or null with it. */
  perImage: number | null;
  /** Images the run makes. */
  images: number;
  /** Paid requests the run sends. */
  calls: number;
  tier: PriceTier;
  /** One line saying how the figure was reached, for people. */
  basis: string;
}

/** A token is about 4 characters. Source: Gemini API docs, "Understand and count tokens" (ai.google.dev/gemini-api/docs/tokens), read 2026-11-30. */
const CHARS_PER_TOKEN = 4;

/**
 * Input tokens one input image costs: Gemini 3 models bill an image at the default ("high") media
 * resolution as 1120 tokens. Source: Gemini API docs, "Media resolution"
 * (ai.google.dev/gemini-api/docs/media-resolution), read 2026-11-30. Older models tile large images
 * into 258-token tiles, which comes to about the same for a 1K input.
 */
export const INPUT_IMAGE_TOKENS = 1120;

/** Tokens for `text`, as the docs' rule of thumb counts them. */
export function approximateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/**
 * Estimates a run from the catalog's prices: images × tokens per image at the model's image-output
 * rate, plus the prompt and input images at its input rate, all at the tier's prices (flex and batch
 * are priced per tier in the catalog); a transparent background doubles the calls (the second one is an
 * edit that reads the first image). Never throws; an unpriced model yields `usd: null`.
 */
export function estimateCost(spec: CostSpec): CostEstimate {
  const tier = spec.tier ?? 'standard';
  const images = Math.max(0, Math.floor(spec.count));
  const transparent = spec.background === 'transparent';
  const callsPerImage = transparent ? 2 : 1;
  const calls = images * callsPerImage;
  const sheet = priceSheetFor(spec.model);
  const size = spec.imageSize ?? sheet?.defaultSize ?? '1K';
  const tokensPerImage = sheet?.imageTokens[size];
  const prices = sheet?.tiers[tier];
  if (!sheet || tokensPerImage === undefined || !prices) {
    const why = !sheet
      ? `No price is known for ${spec.model}`
      : !prices
        ? `${spec.model} has no ${tier} price`
        : `${spec.model} has no token count for ${size} images`;
    return { usd: null, perImage: null, images, calls, tier, basis: `${why}; the cost cannot be estimated.` };
  }
  const promptTokens = approximateTokens(spec.prompt) + (spec.historyTokens ?? 0);
  const inputImages = spec.inputImages ?? 0;
  // The second call of a transparent image is an edit of the first: the black-background instruction
  // and that one image, without the prompt, references or history of the first call.
  const inputTokensPerImage =
    promptTokens + inputImages * INPUT_IMAGE_TOKENS + (transparent ? approximateTokens(BLACK_BACKGROUND_EDIT) + INPUT_IMAGE_TOKENS : 0);
  const outputUsd = (images * callsPerImage * tokensPerImage * prices.imageOutputPerMillion) / 1e6;
  const inputUsd = (images * inputTokensPerImage * prices.inputPerMillion) / 1e6;
  const usd = roundUsd(outputUsd + inputUsd);
  return {
    usd,
    perImage: images ? roundUsd(usd / images) : 0,
    images,
    calls,
    tier,
    basis: describeBasis(sheet, prices, { images, calls, size, tokensPerImage, inputTokensPerImage, tier, transparent }),
  };
}

function describeBasis(
  sheet: PriceSheet,
  prices: TokenPrices,
  f: { images: number; calls: number; size: string; tokensPerImage: number; inputTokensPerImage: number; tier: PriceTier; transparent: boolean },
): string {
  const parts = [
    `${f.images} × ${f.tokensPerImage} image tokens (${f.size}${f.transparent ? ', ×2 for transparency' : ''}) at $${prices.imageOutputPerMillion}/1M`,
    `~${f.inputTokensPerImage} input tokens per image at $${prices.inputPerMillion}/1M`,
  ];
  return `${sheet.model}, ${f.tier} tier: ${parts.join(' + ')}; ${f.calls} call${f.calls === 1 ? '' : 's'}; prices of ${sheet.asOf}`;
}

/**
 * Several runs priced as one (a batch job's specs, one estimate each): dollars, images and calls summed;
 * `usd` null when any run has no known price. `tier` is the first run's (a batch is all `batch`).
 */
export function combineEstimates(estimates: readonly CostEstimate[]): CostEstimate {
  const images = estimates.reduce((n, e) => n + e.images, 0);
  const usd = estimates.some((e) => e.usd === null) ? null : roundUsd(estimates.reduce((sum, e) => sum + (e.usd ?? 0), 0));
  return {
    usd,
    perImage: usd === null ? null : images ? roundUsd(usd / images) : 0,
    images,
    calls: estimates.reduce((n, e) => n + e.calls, 0),
    tier: estimates[0]?.tier ?? 'standard',
    basis: estimates.map((e) => e.basis).join('; '),
  };
}

/**
 * What the estimator reads of a spec as the pipeline sends it (prompt after presets, every input image);
 * `tier` defaults to the spec's service tier.
 */
export function costSpecOf(spec: GenerationSpec, background?: 'transparent' | 'opaque', tier?: PriceTier): CostSpec {
  return {
    background,
    model: spec.model,
    imageSize: spec.imageSize,
    count: spec.count,
    prompt: effectivePromptOf(spec),
    inputImages: spec.inputs.length,
    tier: tier ?? spec.serviceTier ?? 'standard',
  };
}

/** Several specs (a batch job's) priced together at one `tier` (`batch`: the Batch API's price). */
export function estimateSpecs(specs: readonly GenerationSpec[], tier: PriceTier): CostEstimate {
  return combineEstimates(specs.map((spec) => estimateCost(costSpecOf(spec, undefined, tier))));
}

/** Tokens one response used, as `usageMetadata` reports them. */
export interface UsageTokens {
  promptTokens: number | null;
  outputTokens: number | null;
  thoughtTokens?: number | null;
}

/**
 * What one response actually cost, from the tokens the service counted: prompt at the input rate,
 * `images` × tokens per image at the image rate, the rest of the output (text, thinking) at the text
 * rate, at the tier's prices. Null when the model has no price or the service sent no usage.
 */
export function costOfUsage(model: string, usage: UsageTokens, images: number, imageSize?: string, tier: PriceTier = 'standard'): number | null {
  const sheet = priceSheetFor(model);
  const prices = sheet?.tiers[tier];
  if (!sheet || !prices || usage.promptTokens === null || usage.outputTokens === null) return null;
  const output = usage.outputTokens + (usage.thoughtTokens ?? 0);
  const perImage = sheet.imageTokens[imageSize ?? sheet.defaultSize] ?? 0;
  const imageTokens = Math.min(output, perImage * images);
  const textTokens = Math.max(0, output - imageTokens);
  const usd =
    (usage.promptTokens * prices.inputPerMillion + imageTokens * prices.imageOutputPerMillion + textTokens * prices.textOutputPerMillion) / 1e6;
  return roundUsd(usd);
}

/** Dollars to the micro-dollar, so sums stay stable. */
export function roundUsd(usd: number): number {
  return Math.round(usd * 1e6) / 1e6;
}

/** `$0.0336`: four decimals below a dollar, two from a dollar up. */
export function formatUsd(usd: number | null): string {
  if (usd === null) return '$?';
  return usd >= 1 ? `$${usd.toFixed(2)}` : `$${usd.toFixed(4)}`;
}
