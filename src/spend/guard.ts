import { judgeSpend, overBudgetError, unconfirmedCostError, type SpendPolicy } from '../core/budget';
import { cancelled } from '../core/errors';
import { formatUsd, roundUsd, type CostEstimate } from '../core/estimate';
import type { Logger } from '../core/log';
import type { ChangeEvent, LedgerFile } from './ledger-file';

/** How a run may be approved: the UI asks; a script says `confirmCost: false` or is refused. */
export interface CostApproval {
  interactive: boolean;
  /** Scripts: `false` runs above `pictor.confirmAboveUsd` without asking. */
  confirmCost?: boolean;
}

/** One answered request, priced. */
export interface PaidCall {
  model: string;
  /** From the service's token counts; null when it sent none. */
  usd: number | null;
  /** The estimate of this one call, used when `usd` is null. */
  estimateUsd: number | null;
  images: number;
}

/** An approved run: its calls are recorded through it; released when the run ends. */
export interface SpendReservation {
  record(call: PaidCall): void;
  release(): void;
}

/** Asks the user to confirm a run above the threshold; true to go on. */
export type CostConfirmer = (estimate: CostEstimate, thresholdUsd: number) => Promise<boolean>;

/**
 * The budget check every paid run passes through before its first request, and the ledger entry each
 * answered call leaves. Runs in flight in this window count against the budget until they end.
 */
export class SpendGuard {
  /** Dollars approved for runs still in flight in this window (not yet in the ledger). */
  private reserved = 0;
  /** Approvals one at a time, so two runs cannot both take the last of the budget. */
  private approvals: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly ledger: Pick<LedgerFile, 'append' | 'monthTotalUsd' | 'onDidAppend'>,
    private readonly log: Logger,
    private readonly policy: () => SpendPolicy,
    private readonly confirm: CostConfirmer,
  ) {}

  /**
   * Approves a run or rejects with `budget` (over the monthly budget, or above the confirmation
   * threshold in a script that did not pass `confirmCost: false`) or `cancelled` (the user declined).
   * `otherChecks`: the run's checks still running beside this one; the user is asked only once they passed.
   */
  approve(estimate: CostEstimate, approval: CostApproval, otherChecks?: Promise<void>): Promise<SpendReservation> {
    const run = this.approvals.then(() => this.approveNow(estimate, approval, otherChecks));
    this.approvals = run.catch(() => undefined);
    return run;
  }

  private async approveNow(estimate: CostEstimate, approval: CostApproval, otherChecks?: Promise<void>): Promise<SpendReservation> {
    const policy = this.policy();
    const spent = await this.ledger.monthTotalUsd();
    const verdict = judgeSpend(estimate, spent + this.reserved, policy);
    if (estimate.usd === null) this.log.warn(`no price known for this run; it is not counted against the budget before it runs`);
    if (verdict.kind === 'over') throw overBudgetError(verdict, policy.budgetName);
    if (verdict.kind === 'confirm') {
      if (!approval.interactive && approval.confirmCost !== false) throw unconfirmedCostError(verdict.usd, policy.confirmAboveUsd);
      if (approval.interactive) {
        await otherChecks;
        if (!(await this.confirm(estimate, policy.confirmAboveUsd))) throw cancelled();
      }
    }
    this.log.info(`estimate ${formatUsd(estimate.usd)} for ${estimate.images} image(s), ${estimate.calls} call(s): ${estimate.basis}`);
    return this.reserve(estimate.usd ?? 0);
  }

  private reserve(usd: number): SpendReservation {
    let left = usd;
    this.reserved = roundUsd(this.reserved + left);
    const take = (amount: number) => {
      const taken = Math.min(left, amount);
      left = roundUsd(left - taken);
      this.reserved = Math.max(0, roundUsd(this.reserved - taken));
    };
    return {
      record: (call) => {
        const usd = call.usd ?? call.estimateUsd ?? 0;
        take(usd);
        void this.ledger
          .append({ at: new Date().toISOString(), model: call.model, usd, images: call.images, basis: call.usd === null ? 'estimate' : 'usage' })
          .catch((error: unknown) => this.log.error(`could not record spend in the ledger: ${String(error)}`));
      },
      release: () => take(left),
    };
  }

  /** Dollars spent this local calendar month, in every window. */
  monthTotalUsd(): Promise<number> {
    return this.ledger.monthTotalUsd();
  }

  get onDidChange(): ChangeEvent {
    return this.ledger.onDidAppend;
  }
}
