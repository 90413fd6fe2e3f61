/**
 * Batch jobs as Pictor reports them. Facts about the service from the Batch API guide
 * (ai.google.dev/gemini-api/docs/batch-mode, read 2025-11): jobs move PENDING → RUNNING → SUCCEEDED,
 * FAILED, CANCELLED or EXPIRED (pending or running for more than 48 hours); the REST operation reports
 * `metadata.state` as `BATCH_STATE_*`, which the SDK maps to `JOB_STATE_*`; a failed job's reason is the
 * operation's top-level `error` (a google.rpc.Status), which the SDK's BatchJob leaves out.
 */

export const JOB_STATES = [
  'JOB_STATE_UNSPECIFIED',
  'JOB_STATE_PENDING',
  'JOB_STATE_RUNNING',
  'JOB_STATE_SUCCEEDED',
  'JOB_STATE_FAILED',
  'JOB_STATE_CANCELLED',
  'JOB_STATE_EXPIRED',
] as const;

export type JobState = (typeof JOB_STATES)[number];

export type BatchMode = 'inline' | 'file';

/** Why a job ended without results: the service's google.rpc.Status code (or Pictor's word) and text. */
export interface BatchJobError {
  code: number | string;
  message: string;
}

/**
 * One job as `pictor.batch.*` commands return it (public API). `name` is the service's `batches/…`
 * (or `local/…` while Pictor has not heard back from the create call); `model` a bare model id; times
 * ISO 8601; `estimatedCostUsd` at the batch price (null when the model's price is unknown).
 */
export interface BatchJobInfo {
  name: string;
  displayName: string;
  model: string;
  state: JobState;
  /** Requests in the job (a spec's `count` expands into that many). */
  count: number;
  mode: BatchMode;
  createdAt: string;
  updatedAt: string;
  estimatedCostUsd: number | null;
  downloaded: boolean;
  error?: BatchJobError;
}

const TERMINAL: ReadonlySet<JobState> = new Set(['JOB_STATE_SUCCEEDED', 'JOB_STATE_FAILED', 'JOB_STATE_CANCELLED', 'JOB_STATE_EXPIRED']);

/** Whether the service will not change this job any more. */
export function isFinished(state: JobState): boolean {
  return TERMINAL.has(state);
}

/** Jobs worth polling: the service is still working on them. */
export function isActive(state: JobState): boolean {
  return state === 'JOB_STATE_PENDING' || state === 'JOB_STATE_RUNNING';
}

/** `BATCH_STATE_RUNNING` (REST), `JOB_STATE_RUNNING` (SDK) or `RUNNING` → `JOB_STATE_RUNNING`; anything else is unspecified. */
export function toJobState(wire: unknown): JobState {
  if (typeof wire !== 'string') return 'JOB_STATE_UNSPECIFIED';
  const bare = wire.replace(/^(BATCH|JOB)_STATE_/, '');
  const state = `JOB_STATE_${bare}`;
  return (JOB_STATES as readonly string[]).includes(state) ? (state as JobState) : 'JOB_STATE_UNSPECIFIED';
}

/** Short words for a state, as the tree and messages show it. */
export function stateLabel(state: JobState): string {
  const bare = state.replace('JOB_STATE_', '').toLowerCase();
  return bare === 'unspecified' ? 'unconfirmed' : bare;
}

/** Request counts from the operation's `metadata.batchStats` (int64 as strings on the wire). */
export interface BatchStats {
  total?: number;
  succeeded?: number;
  failed?: number;
  pending?: number;
}

/** What one `batches.get` operation says about a job, read from the raw REST shape. */
export interface OperationReport {
  name: string;
  state: JobState;
  displayName?: string;
  model?: string;
  createTime?: string;
  updateTime?: string;
  stats: BatchStats;
  error?: BatchJobError;
  /** `files/…` holding one JSON line per result (jobs created from a file). */
  responsesFile?: string;
  /** Results carried in the operation itself (inline jobs). */
  inlinedResponses?: unknown[];
}

const count = (value: unknown): number | undefined => {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
};

const record = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/**
 * Reads a `batches/…` long-running operation: `{ name, done, metadata: { state, batchStats, output, … },
 * error?, response? }`. Results sit in `response` (and, on the service, in `metadata.output` too).
 * EXPIRED jobs carry no error on the wire; Pictor explains them itself.
 */
export function readOperation(raw: unknown): OperationReport {
  const op = record(raw);
  const metadata = record(op.metadata);
  const stats = record(metadata.batchStats);
  const output = { ...record(metadata.output), ...record(op.response) };
  const state = toJobState(metadata.state);
  const wireError = record(op.error);
  const model = typeof metadata.model === 'string' ? metadata.model.replace(/^models\//, '') : undefined;
  const inlined = record(output.inlinedResponses).inlinedResponses;
  const report: OperationReport = {
    name: typeof op.name === 'string' ? op.name : typeof metadata.name === 'string' ? metadata.name : '',
    state,
    stats: {
      total: count(stats.requestCount),
      succeeded: count(stats.successfulRequestCount),
      failed: count(stats.failedRequestCount),
      pending: count(stats.pendingRequestCount),
    },
    ...(typeof metadata.displayName === 'string' ? { displayName: metadata.displayName } : {}),
    ...(model ? { model } : {}),
    ...(typeof metadata.createTime === 'string' ? { createTime: metadata.createTime } : {}),
    ...(typeof metadata.updateTime === 'string' ? { updateTime: metadata.updateTime } : {}),
    ...(typeof output.responsesFile === 'string' ? { responsesFile: output.responsesFile } : {}),
    ...(Array.isArray(inlined) ? { inlinedResponses: inlined } : {}),
  };
  if (typeof wireError.message === 'string' || typeof wireError.code === 'number') {
    report.error = { code: typeof wireError.code === 'number' ? wireError.code : 'failed', message: String(wireError.message ?? 'The batch job failed.') };
  } else if (state === 'JOB_STATE_EXPIRED') {
    report.error = { code: 'expired', message: EXPIRED_MESSAGE };
  } else if (state === 'JOB_STATE_FAILED') {
    report.error = { code: 'failed', message: 'The service reports the job failed without saying why.' };
  }
  return report;
}

export const EXPIRED_MESSAGE =
  'The job was pending or running for more than 48 hours, so the service expired it; it has no results. Submit it again, or split it into smaller batches.';

/** google.rpc.Code numbers → names (google/rpc/code.proto), for failures listed by key. */
const RPC_NAMES: Record<number, string> = {
  1: 'CANCELLED',
  2: 'UNKNOWN',
  3: 'INVALID_ARGUMENT',
  4: 'DEADLINE_EXCEEDED',
  5: 'NOT_FOUND',
  6: 'ALREADY_EXISTS',
  7: 'PERMISSION_DENIED',
  8: 'RESOURCE_EXHAUSTED',
  9: 'FAILED_PRECONDITION',
  10: 'ABORTED',
  11: 'OUT_OF_RANGE',
  12: 'UNIMPLEMENTED',
  13: 'INTERNAL',
  14: 'UNAVAILABLE',
  15: 'DATA_LOSS',
  16: 'UNAUTHENTICATED',
};

export function rpcStatusName(code: unknown, fallback = 'UNKNOWN'): string {
  return typeof code === 'number' ? (RPC_NAMES[code] ?? fallback) : typeof code === 'string' ? code : fallback;
}

/** Pictor's error code for a per-request google.rpc.Status in a batch result. */
export function pictorCodeForRpc(code: unknown): 'badInput' | 'invalidKey' | 'quota' | 'server' | 'network' | 'cancelled' {
  switch (rpcStatusName(code)) {
    case 'INVALID_ARGUMENT':
    case 'FAILED_PRECONDITION':
    case 'OUT_OF_RANGE':
    case 'NOT_FOUND':
      return 'badInput';
    case 'UNAUTHENTICATED':
    case 'PERMISSION_DENIED':
      return 'invalidKey';
    case 'RESOURCE_EXHAUSTED':
      return 'quota';
    case 'DEADLINE_EXCEEDED':
    case 'UNAVAILABLE':
      return 'network';
    case 'CANCELLED':
      return 'cancelled';
    default:
      return 'server';
  }
}
