import { summarizeSpend, type CostRecord, type SpendRange, type SpendSummary } from '../core/spend-summary';
import type { SidecarSource, SpendSidecar } from '../workspace/sidecar-source';

/**
 * More priced work to count besides the workspace's sidecars (batch jobs add theirs here).
 * Records must not repeat what a sidecar already counts.
 */
export interface CostRecordSource {
  costRecords(): Promise<CostRecord[]>;
}

/** One image of a sidecar, priced as it recorded (null: unknown). */
export function sidecarCostRecord(sidecar: SpendSidecar): CostRecord {
  return {
    at: sidecar.createdAt,
    model: sidecar.model,
    usd: sidecar.estimatedCostUsd,
    images: 1,
    requestId: sidecar.responseId ?? null,
  };
}

/** The spend report: every sidecar in the workspace plus the extra sources, summed over a range. */
export class SpendReport {
  constructor(
    private readonly sidecars: SidecarSource,
    private readonly extra: CostRecordSource[] = [],
  ) {}

  async summary(range: SpendRange = {}): Promise<SpendSummary> {
    const [sidecars, ...more] = await Promise.all([this.sidecars.listSidecars(), ...this.extra.map((s) => s.costRecords())]);
    return summarizeSpend([...sidecars.map(sidecarCostRecord), ...more.flat()], range);
  }
}
