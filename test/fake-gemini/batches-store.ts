/** Batch jobs as data; how they progress and answer lives in batches.ts. */

import type { BatchOptions } from './types';

export type BatchState = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED' | 'EXPIRED';

export interface BatchInput {
  key?: string;
  /** Inline metadata echoed back with the response. */
  metadata?: Record<string, unknown>;
  request?: unknown;
  /** A JSONL line that could not be parsed. */
  parseError?: string;
}

export interface BatchResult {
  key?: string;
  metadata?: Record<string, unknown>;
  response?: Record<string, unknown>;
  error?: { code: number; message: string };
}

export interface BatchJob {
  id: string;
  model: string;
  displayName: string;
  source: 'inline' | { fileName: string };
  inputs: BatchInput[];
  options: BatchOptions;
  state: BatchState;
  polls: number;
  created: number;
  updated: number;
  ended?: number;
  results?: BatchResult[];
  responsesFileId?: string;
}

export class BatchStore {
  private readonly jobs = new Map<string, BatchJob>();

  add(job: BatchJob): void {
    this.jobs.set(job.id, job);
  }

  get(id: string): BatchJob | undefined {
    return this.jobs.get(id);
  }

  /** Newest first, as the service lists. */
  all(): BatchJob[] {
    return [...this.jobs.values()].reverse();
  }

  delete(id: string): boolean {
    return this.jobs.delete(id);
  }

  clear(): void {
    this.jobs.clear();
  }
}

export const TERMINAL_STATES: ReadonlySet<BatchState> = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED', 'EXPIRED']);
