/**
 * Prices, read from the catalog's data (catalog.ts: `CatalogEntry.prices`, shape `ModelPrices`, each with
 * its source and date). USD throughout; results rounded to a millionth of a dollar.
 */
import { findModel, type ImageSize, type PriceTier, type TokenPrices } from './models';

/** The date of the oldest price in the table (shown beside estimates). */
export const PRICES_AS_OF = '2025-11-20';

/** Token prices of `model` in `tier`, or undefined when the catalog has none (unknown id, tier not offered). */
export function tokenPrices(model: string, tier: PriceTier = 'standard'): TokenPrices | undefined {
  return findModel(model)?.prices?.[tier];
}

const roundUsd = (usd: number) => Math.round(usd * 1_000_000) / 1_000_000;

/**
 * USD for one output image of `size` from `model` in `tier` (image output tokens only, no prompt), or null
 * when the model, size or tier has no price in the catalog.
 */
export function pricePerImageUsd(model: string, size: ImageSize, tier: PriceTier = 'standard'): number | null {
  const prices = tokenPrices(model, tier);
  const tokens = findModel(model)?.imageTokens[size];
  if (!prices || tokens === undefined) return null;
  return roundUsd((tokens * prices.imageOutputPerMillion) / 1_000_000);
}

export interface CostInput {
  model: string;
  promptTokens: number | null;
  outputTokens: number | null;
  /** Output tokens spent on images (the rest of outputTokens is text/thinking). */
  imageTokens: number;
  /** Price tier; `batch: true` is the older spelling of tier 'batch'. */
  tier?: PriceTier;
  batch?: boolean;
}

/** Estimated USD cost of one response, or null when the model's price or the usage is unknown. */
export function estimateCostUsd(input: CostInput): number | null {
  const price = tokenPrices(input.model, input.tier ?? (input.batch ? 'batch' : 'standard'));
  if (!price || input.promptTokens === null || input.outputTokens === null) return null;
  const imageTokens = Math.min(input.imageTokens, input.outputTokens);
  const textTokens = Math.max(0, input.outputTokens - imageTokens);
  return roundUsd(
    (input.promptTokens * price.inputPerMillion + imageTokens * price.imageOutputPerMillion + textTokens * price.textOutputPerMillion) /
      1_000_000,
  );
}

/** Estimate before a call: per image, from the catalog's tokens-per-image. */
export function estimateImageCostUsd(model: string, imageTokens: number | undefined, tier: PriceTier = 'standard'): number | null {
  const price = tokenPrices(model, tier);
  if (!price || imageTokens === undefined) return null;
  return roundUsd((imageTokens * price.imageOutputPerMillion) / 1_000_000);
}
