/**
 * The one price table. Source: Gemini API pricing (ai.google.dev/gemini-api/docs/pricing) and the
 * image generation guide, standard (non-batch) paid tier, as published on 2025-11-20.
 * Flash image output: $30 / 1M tokens (1290 tokens per image → $0.039). Pro image output: $120 / 1M
 * tokens (1120 tokens per 1K/2K image → $0.134, 2000 per 4K image → $0.24). Batch costs half.
 */
export interface ModelPrice {
  /** USD per 1M input tokens (text and images). */
  inputPerMillion: number;
  /** USD per 1M output text/thinking tokens. */
  textOutputPerMillion: number;
  /** USD per 1M output image tokens. */
  imageOutputPerMillion: number;
}

export const PRICES_AS_OF = '2025-11-20';

export const PRICES: Readonly<Record<string, ModelPrice>> = {
  'gemini-2.5-flash-image': { inputPerMillion: 0.3, textOutputPerMillion: 2.5, imageOutputPerMillion: 30 },
  'gemini-3-pro-image-preview': { inputPerMillion: 2, textOutputPerMillion: 12, imageOutputPerMillion: 120 },
};

export interface CostInput {
  model: string;
  promptTokens: number | null;
  outputTokens: number | null;
  /** Output tokens spent on images (the rest of outputTokens is text/thinking). */
  imageTokens: number;
  batch?: boolean;
}

/** Estimated USD cost of one response, or null when the model's price or the usage is unknown. */
export function estimateCostUsd(input: CostInput): number | null {
  const price = PRICES[input.model];
  if (!price || input.promptTokens === null || input.outputTokens === null) return null;
  const imageTokens = Math.min(input.imageTokens, input.outputTokens);
  const textTokens = Math.max(0, input.outputTokens - imageTokens);
  const usd =
    (input.promptTokens * price.inputPerMillion +
      imageTokens * price.imageOutputPerMillion +
      textTokens * price.textOutputPerMillion) /
    1_000_000;
  const total = input.batch ? usd / 2 : usd;
  return Math.round(total * 1_000_000) / 1_000_000;
}

/** Estimate before a call: per image, from the catalog's tokens-per-image. */
export function estimateImageCostUsd(model: string, imageTokens: number | undefined): number | null {
  const price = PRICES[model];
  if (!price || imageTokens === undefined) return null;
  return Math.round(((imageTokens * price.imageOutputPerMillion) / 1_000_000) * 1_000_000) / 1_000_000;
}
