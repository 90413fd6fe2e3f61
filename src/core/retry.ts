import type { PictorError } from './errors';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** First backoff; doubles each time. */
  baseDelayMs: number;
  /** A service asking for a longer wait than this is not retried: the user decides. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 2, baseDelayMs: 1000, maxDelayMs: 30_000 };

/** How long to wait before retry number `attempt` (1-based), or undefined when it should not be retried. */
export function retryDelayMs(error: PictorError, attempt: number, policy: RetryPolicy): number | undefined {
  if (attempt > policy.maxRetries) return undefined;
  if (error.code !== 'quota' && error.code !== 'server') return undefined;
  // Retry only when waiting can help: a quota of 0 or a spent daily limit fails the same way again.
  if (error.retryable === false) return undefined;
  // A malformed body is not a transient failure of the service.
  if (error.code === 'server' && error.status === undefined) return undefined;
  const backoff = policy.baseDelayMs * 2 ** (attempt - 1);
  const asked = error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : 0;
  const delay = Math.max(backoff, asked);
  return delay > policy.maxDelayMs ? undefined : delay;
}

/** Parses a protobuf Duration string like "7s" or "0.5s" into seconds. */
export function parseDurationSeconds(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
  return match ? Number(match[1]) : undefined;
}
