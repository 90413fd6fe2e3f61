/**
 * Prices, read from the catalog's data (catalog.ts: `CatalogEntry.prices`, shape `ModelPrices`, each with
 * its source and date). USD throughout; results rounded to a millionth of a dollar. Runs and responses are
 * priced by the one estimator in estimate.ts.
 */
import { roundUsd } from './estimate';
import { findModel, type ImageSize, type PriceTier, type TokenPrices } from './models';

/** The date of the oldest price in the table (shown beside estimates). */
export const PRICES_AS_OF = '2025-11-20';

/** Token prices of `model` in `tier`, or undefined when the catalog has none (unknown id, tier not offered). */
export function tokenPrices(model: string, tier: PriceTier = 'standard'): TokenPrices | undefined {
  return findModel(model)?.prices?.[tier];
}

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
