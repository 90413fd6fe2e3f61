import { findModel, type PriceTier, type TokenPrices } from './models';

export type { PriceTier } from './models';

/**
 * What one model costs, in the shape the estimator reads. Every number comes from the model catalog
 * (catalog.ts: prices per tier with their source and date, tokens per image per size); this file only
 * adapts it.
 */
export interface PriceSheet {
  model: string;
  /** USD per 1M tokens, for each tier the catalog prices (standard always; flex and batch where offered). */
  tiers: Partial<Record<PriceTier, TokenPrices>>;
  /** Output tokens one image costs, per image size (`512`, `1K`, `2K`, `4K`). */
  imageTokens: Partial<Record<string, number>>;
  /** The model's default size, used when a spec names none. */
  defaultSize: string;
  /** Where the prices come from and when they were read (YYYY-MM-DD). */
  source: string;
  asOf: string;
}

/** The price sheet of a model, or undefined for a model id the catalog has no price for. */
export function priceSheetFor(model: string): PriceSheet | undefined {
  const entry = findModel(model);
  const prices = entry?.prices;
  if (!entry || !prices) return undefined;
  return {
    model,
    tiers: { standard: prices.standard, ...(prices.flex ? { flex: prices.flex } : {}), ...(prices.batch ? { batch: prices.batch } : {}) },
    imageTokens: entry.imageTokens,
    defaultSize: entry.sizes[0] ?? '1K',
    source: prices.source,
    asOf: prices.asOf,
  };
}
