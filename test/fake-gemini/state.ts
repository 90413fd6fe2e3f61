/** Everything the fake remembers between requests, and what a route handler is given. */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { BatchStore } from './batches-store';
import { FileStore } from './files-store';
import { Recorder } from './recorder';
import { ScenarioQueue } from './scenarios';
import { SignatureBook } from './signatures';
import type { BatchOptions, RecordedRequest, RedirectRule } from './types';

export class FakeState {
  readonly recorder = new Recorder();
  readonly queue = new ScenarioQueue();
  readonly signatures = new SignatureBook();
  readonly files = new FileStore();
  readonly batches = new BatchStore();
  batchOptions: BatchOptions = {};
  redirect: RedirectRule | undefined;

  constructor(private readonly validKeys?: string[]) {}

  isAcceptedKey(key: string): boolean {
    return this.validKeys ? this.validKeys.includes(key) : key !== '' && !key.startsWith('invalid');
  }

  reset(): void {
    this.recorder.clear();
    this.queue.clear();
    this.signatures.clear();
    this.files.clear();
    this.batches.clear();
    this.batchOptions = {};
    this.redirect = undefined;
  }
}

export interface Call {
  req: IncomingMessage;
  res: ServerResponse;
  record: RecordedRequest;
  state: FakeState;
  /** `http://host:port` as the client addressed the fake; used in absolute URLs it hands out. */
  origin: string;
  /** API version segment of the path: v1beta, v1 or v1alpha. */
  version: string;
  query: Record<string, string>;
  raw: Buffer;
  /** Parsed body; `undefined` with `jsonError` set when the body was not JSON. */
  json: unknown;
  jsonError: boolean;
  /** Set when the fake itself drops the connection, so it is not recorded as a client abort. */
  droppedByServer?: boolean;
}
