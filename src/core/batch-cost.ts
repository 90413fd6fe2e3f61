import { modelInfo } from './models';
import { estimateImageCostUsd } from './prices';
import type { GenerationSpec } from './spec';

/**
 * Estimated USD cost of images before sending, from the catalog's tokens per image. The Batch API costs
 * 50 % of the interactive price (seed 004, "Technical details", 2025-11). Null when the price is unknown.
 */
export function estimateSpecsCostUsd(specs: ReadonlyArray<Pick<GenerationSpec, 'model' | 'imageSize' | 'count'>>, batch: boolean): number | null {
  let total = 0;
  for (const spec of specs) {
    const each = estimateImageCostUsd(spec.model, modelInfo(spec.model).imageTokens[spec.imageSize ?? '1K']);
    if (each === null) return null;
    total += each * spec.count;
  }
  return Math.round((batch ? total / 2 : total) * 1e6) / 1e6;
}

/** `$0.39` / `$0.0195`: enough digits to tell two prices apart. */
export function formatUsd(usd: number | null): string {
  if (usd === null) return 'unknown';
  return `$${usd >= 1 ? usd.toFixed(2) : usd.toPrecision(2).replace(/0+$/, '').replace(/\.$/, '')}`;
}
