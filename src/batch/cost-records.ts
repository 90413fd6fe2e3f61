import { estimateSpecs } from '../core/estimate';
import type { JobState } from '../core/batch-job';
import type { CostRecord } from '../core/spend-summary';
import type { CostRecordSource } from '../spend/report';
import { ledgerFile, ResultLedger } from './results-file';
import type { BatchJobRecord, StoredRequest } from './store';

/**
 * States in which a job's requests are (or will be) billed while their images are not in the workspace
 * yet. A job that failed, expired or was cancelled made no images to download; an unconfirmed one may
 * not exist at all.
 */
const BILLED_STATES: ReadonlySet<JobState> = new Set(['JOB_STATE_PENDING', 'JOB_STATE_RUNNING', 'JOB_STATE_SUCCEEDED']);

/**
 * What a job adds to the spend report: one record per request whose image is not written yet, at the
 * request's batch-price estimate (dollars; null when the model has no known price), dated when the job
 * was created. Requests listed in `written` (keys whose images were saved, with sidecars the report
 * already counts) and jobs marked downloaded add nothing, so no image is counted twice.
 */
export function batchCostRecords(record: BatchJobRecord, written: ReadonlySet<string>): CostRecord[] {
  if (record.downloaded || record.submitting || !BILLED_STATES.has(record.state)) return [];
  return record.requests
    .filter((request) => !written.has(request.key))
    .map((request) => ({
      at: record.createdAt,
      model: record.model,
      usd: requestEstimate(request),
      images: 1,
      requestId: `${record.name ?? `local/${record.id}`}#${request.key}`,
    }));
}

function requestEstimate(request: StoredRequest): number | null {
  const spec = { ...request.spec, count: 1, inputs: request.spec.inputs.map((input) => ({ ...input, bytes: new Uint8Array(0) })) };
  return estimateSpecs([spec], 'batch').usd;
}

/**
 * The batch jobs of this workspace as a source of the spend report: jobs not yet downloaded count at
 * their batch estimate; downloaded results are counted by their sidecars instead.
 */
export class BatchCostSource implements CostRecordSource {
  constructor(
    private readonly jobs: { all(): Promise<BatchJobRecord[]> },
    /** The folder holding each job's `results/<id>.jsonl` (keys already written). */
    private readonly storageDir: string,
  ) {}

  async costRecords(): Promise<CostRecord[]> {
    const records = await this.jobs.all();
    const perJob = await Promise.all(
      records.map(async (record) => {
        if (record.downloaded || !BILLED_STATES.has(record.state)) return [];
        // An interrupted download wrote some images already: those are counted by their sidecars.
        const written = await new ResultLedger(ledgerFile(this.storageDir, record)).read();
        return batchCostRecords(record, new Set(written.keys()));
      }),
    );
    return perJob.flat();
  }
}
