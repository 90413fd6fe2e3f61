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
  private readonly extra: CostRecordSource[];

  constructor(
    private readonly sidecars: SidecarSource,
    extra: CostRecordSource[] = [],
  ) {
    this.extra = [...extra];
  }

  /** Adds a source (batch jobs, created after the report); disposing it takes the source out again. */
  addSource(source: CostRecordSource): { dispose(): void } {
    this.extra.push(source);
    return {
      dispose: () => {
        const index = this.extra.indexOf(source);
        if (index >= 0) this.extra.splice(index, 1);
      },
    };
  }

  async summary(range: SpendRange = {}): Promise<SpendSummary> {
    const [sidecars, ...more] = await Promise.all([this.sidecars.listSidecars(), ...this.extra.map((s) => s.costRecords())]);
    return summarizeSpend([...sidecars.map(sidecarCostRecord), ...more.flat()], range);
  }
}
