import { modelInfo } from './models';
import { PRICES, PRICES_AS_OF } from './prices';

/** The billing tiers the Gemini API offers for image models. */
export const PRICE_TIERS = ['standard', 'flex', 'batch'] as const;
export type PriceTier = (typeof PRICE_TIERS)[number];

/**
 * What one model costs, in the shape the estimator reads. Every number comes from the model catalog
 * (prices with their source and date live there); this file only adapts it.
 */
export interface PriceSheet {
  model: string;
  /** USD per 1M input tokens (text and images), standard tier. */
  inputPerMillion: number;
  /** USD per 1M output text/thinking tokens, standard tier. */
  textOutputPerMillion: number;
  /** USD per 1M output image tokens, standard tier. */
  imageOutputPerMillion: number;
  /** Output tokens one image costs, per image size (`1K`, `2K`, `4K`). */
  imageTokens: Partial<Record<string, number>>;
  /** Price factor per tier relative to standard (flex and batch: 0.5). */
  tierFactor: Record<PriceTier, number>;
  /** When the prices were read from the service's pricing page (YYYY-MM-DD). */
  asOf: string;
}

/**
 * Flex and Batch cost half of Standard. Source: Gemini API docs, "Optimization" page
 * (ai.google.dev/gemini-api/docs/optimization: Flex "50% discount", Batch "50% discount"), read 2026-11-30.
 */
const TIER_FACTOR: Record<PriceTier, number> = { standard: 1, flex: 0.5, batch: 0.5 };

/** The price sheet of a model, or undefined for a model id the catalog has no price for. */
export function priceSheetFor(model: string): PriceSheet | undefined {
  const price = PRICES[model];
  if (!price) return undefined;
  return {
    model,
    inputPerMillion: price.inputPerMillion,
    textOutputPerMillion: price.textOutputPerMillion,
    imageOutputPerMillion: price.imageOutputPerMillion,
    imageTokens: modelInfo(model).imageTokens,
    tierFactor: TIER_FACTOR,
    asOf: PRICES_AS_OF,
  };
}
