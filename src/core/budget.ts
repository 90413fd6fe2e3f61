import { PictorError } from './errors';
import { formatUsd, roundUsd, type CostEstimate } from './estimate';

/** The two spending settings, as read from user settings only. */
export interface SpendPolicy {
  /** `pictor.budget.monthlyUsd`; undefined: no budget. */
  monthlyUsd?: number;
  /** `pictor.confirmAboveUsd`: runs estimated above this ask first. */
  confirmAboveUsd: number;
  /** What the budget is called where the user sets it (default the `pictor.budget.monthlyUsd` setting). */
  budgetName?: string;
}

export type SpendVerdict =
  /** Within the budget and below the confirmation threshold (or the price is unknown). */
  | { kind: 'ok' }
  /** Within the budget but above the threshold: ask (UI) or require `confirmCost: false` (scripts). */
  | { kind: 'confirm'; usd: number }
  /** The run would take this month past the budget. */
  | { kind: 'over'; usd: number; leftUsd: number; budgetUsd: number };

/**
 * Judges a run before any request: `spentUsd` is this month's ledger total plus runs still in flight.
 * An unpriced run (custom model id) cannot be judged and passes.
 */
export function judgeSpend(estimate: Pick<CostEstimate, 'usd'>, spentUsd: number, policy: SpendPolicy): SpendVerdict {
  const usd = estimate.usd;
  if (usd === null) return { kind: 'ok' };
  if (policy.monthlyUsd !== undefined && spentUsd + usd > policy.monthlyUsd + 1e-9) {
    return { kind: 'over', usd, leftUsd: roundUsd(Math.max(0, policy.monthlyUsd - spentUsd)), budgetUsd: policy.monthlyUsd };
  }
  return usd > policy.confirmAboveUsd ? { kind: 'confirm', usd } : { kind: 'ok' };
}

export const BUDGET_SETTING = 'pictor.budget.monthlyUsd';
export const CONFIRM_SETTING = 'pictor.confirmAboveUsd';

/** The `budget` error for a run that would pass the monthly budget. */
export function overBudgetError(verdict: Extract<SpendVerdict, { kind: 'over' }>, budgetName = BUDGET_SETTING): PictorError {
  return new PictorError(
    'budget',
    `This run would cost about ${formatUsd(verdict.usd)}, but only ${formatUsd(verdict.leftUsd)} of this month's ${formatUsd(verdict.budgetUsd)} budget is left. Raise ${budgetName} to run it.`,
    budgetName === BUDGET_SETTING ? { setting: BUDGET_SETTING } : {},
  );
}

/** The `budget` error for a script that did not confirm a run above the threshold. */
export function unconfirmedCostError(usd: number, thresholdUsd: number): PictorError {
  return new PictorError(
    'budget',
    `This run would cost about ${formatUsd(usd)}, more than pictor.confirmAboveUsd (${formatUsd(thresholdUsd)}). Pass { confirmCost: false } to run it without asking.`,
    { setting: CONFIRM_SETTING },
  );
}
