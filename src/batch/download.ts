import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { OperationReport } from '../core/batch-job';
import { failureFromStatus, parseResultLine, readResult, type BatchFailure, type BatchResultItem } from '../core/batch-results';
import { PictorError } from '../core/errors';
import type { Logger } from '../core/log';
import { parseResponse } from '../core/response';
import type { GenerationSpec } from '../core/spec';
import type { GeminiClient } from '../gemini/client';
import { saveImage, type ProgressSink } from '../pipeline';
import type { ImageWriter } from '../writer/image-writer';
import { forEachLine, ledgerFile, ResultLedger } from './results-file';
import type { BatchJobRecord, StoredRequest } from './store';
import type { LocationCodec } from './submit';

/** What `pictor.batch.download` resolves to (public API). */
export interface BatchDownload<L> {
  images: Array<{ uri: L; sidecar: L; key: string }>;
  failures: BatchFailure[];
}

export interface DownloadDeps<L> {
  client: GeminiClient;
  writer: ImageWriter<L>;
  /** How the job record names output folders and written files. */
  locations: LocationCodec<L>;
  log: Logger;
  generator: { name: string; version: string };
  storageDir: string;
  progress?: ProgressSink;
  signal?: AbortSignal;
}

/**
 * Writes each successful result as an image + sidecar through the one writer, as its line is parsed.
 * Results already written (recorded by job and key) are not written again, so a second download writes
 * nothing and an interrupted one resumes. A responses file is first streamed to extension storage.
 */
export async function downloadResults<L>(record: BatchJobRecord, report: OperationReport, deps: DownloadDeps<L>): Promise<BatchDownload<L>> {
  const job = record.name!;
  const ledger = new ResultLedger(ledgerFile(deps.storageDir, record));
  const { images: written, failures: failedBefore } = await ledger.readAll();
  const requests = new Map(record.requests.map((r) => [r.key, r]));
  const outcome: BatchDownload<L> = { images: [], failures: [] };
  let handled = 0;
  const fail = async (failure: BatchFailure): Promise<void> => {
    outcome.failures.push(failure);
    if (!failedBefore.has(failure.key)) await ledger.addFailure(failure);
  };

  const handle = async (item: BatchResultItem, index: number): Promise<void> => {
    if (deps.signal?.aborted) throw new PictorError('cancelled', 'Cancelled.');
    // Inline results come back in request order; a result without a key is matched by position.
    const key = item.key ?? record.requests[index]?.key ?? `#${index + 1}`;
    handled++;
    if (handled % 10 === 0) deps.progress?.report(`${handled} of ${record.count} results`);
    const done = written.get(key);
    if (done) {
      for (const entry of done) outcome.images.push({ uri: deps.locations.parse(entry.uri), sidecar: deps.locations.parse(entry.sidecar), key });
      return;
    }
    if (item.error) {
      await fail(failureFromStatus(key, item.error));
      return;
    }
    const request = requests.get(key);
    if (!request) {
      await fail({ key, code: 'server', status: 'UNKNOWN_KEY', message: `The service returned a result for ${key}, which this job never sent.` });
      return;
    }
    let result;
    try {
      result = parseResponse(item.response);
    } catch (error) {
      const failure = PictorError.from(error);
      // The request itself succeeded; what stopped the image is the prompt's block reason or the finish reason.
      const response = item.response as { candidates?: Array<{ finishReason?: string }>; promptFeedback?: { blockReason?: string } } | undefined;
      const status = response?.promptFeedback?.blockReason ?? response?.candidates?.[0]?.finishReason ?? 'OK';
      await fail({ key, code: failure.code, status, message: failure.message });
      return;
    }
    for (const image of result.images) {
      const saved = await saveImage(specOf(request), result, image, { dir: deps.locations.parse(request.dir), baseName: request.baseName }, deps, { job, key });
      await ledger.add(key, deps.locations.store(saved.uri), deps.locations.store(saved.sidecarUri));
      outcome.images.push({ uri: saved.uri, sidecar: saved.sidecarUri, key });
    }
  };

  if (report.inlinedResponses) {
    let index = 0;
    for (const raw of report.inlinedResponses) await handle(readResult(raw), index++);
  } else if (report.responsesFile) {
    const file = path.join(deps.storageDir, 'responses', `${record.id}.jsonl`);
    await fs.mkdir(path.dirname(file), { recursive: true });
    deps.progress?.report('Downloading the responses file…');
    await deps.client.downloadFile(report.responsesFile, file, { signal: deps.signal });
    let index = 0;
    await forEachLine(file, (line) => handle(parseResultLine(line), index++), deps.signal);
    await fs.rm(file, { force: true });
  } else {
    throw new PictorError('server', `${job} succeeded but the service reports no results for it.`);
  }
  deps.log.info(`batch ${job}: ${outcome.images.length} image(s), ${outcome.failures.length} failure(s)`);
  return outcome;
}

/**
 * What an earlier download that got through every result returned, read back from the job's ledger
 * without a request: each request's key has its images or its failure recorded (a responses file never
 * changes). Undefined when any result has not been handled yet.
 */
export async function earlierDownload<L>(record: BatchJobRecord, storageDir: string, locations: LocationCodec<L>): Promise<BatchDownload<L> | undefined> {
  const { images, failures } = await new ResultLedger(ledgerFile(storageDir, record)).readAll();
  if (!record.requests.every((request) => images.has(request.key) || failures.has(request.key))) return undefined;
  return {
    images: [...images].flatMap(([key, entries]) => entries.map((entry) => ({ uri: locations.parse(entry.uri), sidecar: locations.parse(entry.sidecar), key }))),
    failures: [...failures.values()],
  };
}

/** A stored spec as the writer takes it (input bytes are not kept; the sidecar records only their hashes). */
function specOf(request: StoredRequest): GenerationSpec {
  return { ...request.spec, inputs: request.spec.inputs.map((input) => ({ ...input, bytes: new Uint8Array(0) })) };
}
