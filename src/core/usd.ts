/** How Pictor writes dollar amounts (no imports: the webviews use it too). */

/** `$0.0336`: four decimals below a dollar, two from a dollar up (ledger, logs, spend report). */
export function formatUsd(usd: number | null): string {
  if (usd === null) return '$?';
  return usd >= 1 ? `$${usd.toFixed(2)}` : `$${usd.toFixed(4)}`;
}

/**
 * Dollars as people read an estimate: `$0.034` below a dollar, `$1.20` from a dollar up, `<$0.001` for
 * a non-zero amount that rounds to nothing, `unknown` without a price.
 */
export function formatEstimateUsd(usd: number | null): string {
  if (usd === null) return 'unknown';
  if (usd > 0 && usd < 0.0005) return '<$0.001';
  return usd >= 1 ? `$${usd.toFixed(2)}` : `$${usd.toFixed(3)}`;
}

/** `≈ $0.134`, or `price unknown`: an estimate shown beside a choice or on a button. */
export function formatApproxUsd(usd: number | null): string {
  return usd === null ? 'price unknown' : `≈ ${formatEstimateUsd(usd)}`;
}
