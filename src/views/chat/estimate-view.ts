import type { HistoryLoad } from '../../core/conversation-cost';
import { formatUsd, type CostEstimate } from '../../core/estimate';
import type { EstimateView } from './protocol';

/**
 * The composer's cost line for one turn: "≈ $0.0421", with the estimator's basis and what of the
 * conversation travels again with the turn (its whole history is re-sent, and billed as input).
 */
export function estimateView(estimate: CostEstimate, history: HistoryLoad): EstimateView {
  const resent =
    history.turns === 0
      ? 'A new conversation: nothing earlier is sent.'
      : `The whole conversation is sent again with this turn: ${history.turns} earlier turn${history.turns === 1 ? '' : 's'}, ~${history.textTokens} text tokens and ${history.images} image${history.images === 1 ? '' : 's'} as input.`;
  const calls = estimate.calls > 1 ? ` ${estimate.calls} calls (a transparent background is made on white, then edited onto black).` : '';
  return {
    usd: estimate.usd,
    text: estimate.usd === null ? 'cost unknown' : `≈ ${formatUsd(estimate.usd)}`,
    detail: `${resent}${calls} ${estimate.basis}`,
  };
}
