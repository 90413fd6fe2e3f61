import { pictorCodeForRpc, rpcStatusName } from './batch-job';

/**
 * One result of a job. Seed 004 (Batch API guide, 2025-11): each line of a responses file is a
 * GenerateContentResponse or a status object for its key (`{"key", "response"}` / `{"key", "error"}`);
 * inline results are `{ response | error, metadata: { key } }`.
 */
export interface BatchResultItem {
  /** The request's key; undefined when the service sent none. */
  key: string | undefined;
  response?: unknown;
  error?: { code?: unknown; message?: unknown; status?: unknown };
}

/** A result Pictor could not turn into an image, as `pictor.batch.download` lists it (public API). */
export interface BatchFailure {
  key: string;
  /** Pictor's error code. */
  code: string;
  /**
   * The service's status (google.rpc code name); when the request succeeded but made no image, the prompt's
   * block reason or the candidate's finish reason (`SAFETY`, `IMAGE_SAFETY`, …).
   */
  status: string;
  message: string;
}

/** Reads one responses-file line or inline result; a line that is not JSON is a result without a key. */
export function readResult(value: unknown): BatchResultItem {
  const item = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  const metadata = item.metadata && typeof item.metadata === 'object' ? (item.metadata as Record<string, unknown>) : {};
  const key = typeof item.key === 'string' ? item.key : typeof metadata.key === 'string' ? metadata.key : undefined;
  const error = item.error && typeof item.error === 'object' ? (item.error as BatchResultItem['error']) : undefined;
  if (error) return { key, error };
  if ('response' in item) return { key, response: item.response };
  return { key, error: { code: 2, message: 'The service sent a result with neither a response nor an error.' } };
}

export function parseResultLine(line: string): BatchResultItem {
  try {
    return readResult(JSON.parse(line));
  } catch {
    return { key: undefined, error: { code: 2, message: 'The responses file holds a line that is not JSON.' } };
  }
}

/** The failure entry for a result whose request failed on the service. */
export function failureFromStatus(key: string, error: NonNullable<BatchResultItem['error']>): BatchFailure {
  return {
    key,
    code: pictorCodeForRpc(error.code),
    status: typeof error.status === 'string' ? error.status : rpcStatusName(error.code),
    message: typeof error.message === 'string' && error.message ? error.message : 'The request failed on the service.',
  };
}
