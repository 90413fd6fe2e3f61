/**
 * The Batch API: jobs created inline or from an uploaded JSONL file, returned as long-running
 * Operations whose state moves PENDING → RUNNING → final after a set number of polls or ms.
 * Results are made when a job succeeds: inline responses, or a JSONL responses file (one
 * `{"key","response"}` or `{"key","error"}` line per request) that files.download streams.
 */

import { decide, MAX_REQUEST_BYTES } from './answer';
import { TERMINAL_STATES, type BatchInput, type BatchJob, type BatchResult } from './batches-store';
import { fail, rpcStatus } from './errors';
import { sendJson } from './http';
import { newId, timestamp } from './ids';
import { paginate } from './paging';
import { field, isObject } from './request-info';
import type { Call, FakeState } from './state';

const DEFAULT_POLLS_TO_COMPLETE = 2;
const METADATA_TYPE = 'type.googleapis.com/google.ai.generativelanguage.v1beta.GenerateContentBatch';
const OUTPUT_TYPE = 'type.googleapis.com/google.ai.generativelanguage.v1beta.GenerateContentBatchOutput';

export function createBatch(call: Call, model: string): void {
  if (call.record.bodyBytes > MAX_REQUEST_BYTES) {
    throw fail(400, `Request payload size exceeds the limit: ${MAX_REQUEST_BYTES} bytes.`);
  }
  if (call.jsonError) {
    throw fail(400, 'Invalid JSON payload received. Unexpected token.');
  }
  if (!model.startsWith('gemini-')) {
    throw fail(404, `models/${model} is not found for API version ${call.version}, or is not supported for batchGenerateContent.`);
  }
  const batch = field(call.json, 'batch');
  const inputConfig = field(batch, 'inputConfig');
  if (!isObject(inputConfig)) {
    throw fail(400, '* BatchGenerateContentRequest.batch.input_config: input_config is required');
  }
  const fileName = field(inputConfig, 'fileName');
  const inputs = typeof fileName === 'string' ? readInputFile(call.state, fileName) : readInlineRequests(inputConfig);
  if (inputs.length === 0) {
    throw fail(400, '* BatchGenerateContentRequest.batch.input_config: no requests');
  }
  const now = Date.now();
  const displayName = field(batch, 'displayName');
  const job: BatchJob = {
    id: newId(16),
    model,
    displayName: typeof displayName === 'string' ? displayName : '',
    source: typeof fileName === 'string' ? { fileName } : 'inline',
    inputs,
    options: structuredClone(call.state.batchOptions),
    state: 'PENDING',
    polls: 0,
    created: now,
    updated: now,
  };
  call.state.batches.add(job);
  sendJson(call.res, 200, toOperation(job));
}

function readInlineRequests(inputConfig: Record<string, unknown>): BatchInput[] {
  const requests = field(field(inputConfig, 'requests'), 'requests');
  if (!Array.isArray(requests)) {
    throw fail(400, '* BatchGenerateContentRequest.batch.input_config: requests or file_name is required');
  }
  return requests.map((item) => {
    const metadata = field(item, 'metadata');
    const key = field(metadata, 'key');
    return {
      request: field(item, 'request'),
      key: typeof key === 'string' ? key : undefined,
      metadata: isObject(metadata) ? metadata : undefined,
    };
  });
}

function readInputFile(state: FakeState, fileName: string): BatchInput[] {
  const id = fileName.replace(/^files\//, '');
  const file = state.files.get(id);
  if (!file) {
    throw fail(404, `File ${fileName} not found.`);
  }
  const text = Buffer.concat(file.chunks).toString('utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      try {
        const parsed: unknown = JSON.parse(line);
        const key = field(parsed, 'key');
        // A line is `{"key", "request"}`, or a bare GenerateContentRequest.
        const request = field(parsed, 'request') ?? parsed;
        return { key: typeof key === 'string' ? key : undefined, request };
      } catch {
        return { parseError: `Invalid JSON on line ${i + 1} of ${fileName}.` };
      }
    });
}

/** Moves a job along; only `batches.get` counts as a poll. */
function advance(job: BatchJob, state: FakeState, countPoll: boolean): void {
  if (TERMINAL_STATES.has(job.state)) {
    return;
  }
  if (countPoll) {
    job.polls++;
  }
  const now = Date.now();
  const { completeAfterMs, pollsToComplete = DEFAULT_POLLS_TO_COMPLETE } = job.options;
  const done = completeAfterMs !== undefined ? now - job.created >= completeAfterMs : job.polls >= pollsToComplete;
  if (done) {
    finish(job, state, now);
  } else if (job.polls > 0 || (completeAfterMs !== undefined && now > job.created)) {
    if (job.state !== 'RUNNING') {
      job.state = 'RUNNING';
      job.updated = now;
    }
  }
}

function finish(job: BatchJob, state: FakeState, now: number): void {
  job.state = job.options.finalState ?? 'SUCCEEDED';
  job.updated = now;
  job.ended = now;
  if (job.state !== 'SUCCEEDED') {
    return;
  }
  job.results = job.inputs.map((input, i) => answerOne(input, i, job, state));
  if (job.source !== 'inline') {
    const lines = job.results.map((result) => {
      const line: Record<string, unknown> = {};
      if (result.key !== undefined) {
        line.key = result.key;
      }
      if (result.response) {
        line.response = result.response;
      } else {
        line.error = result.error;
      }
      return Buffer.from(`${JSON.stringify(line)}\n`);
    });
    const file = state.files.add({
      id: `batch-${job.id}`,
      mimeType: 'application/jsonl',
      displayName: `${job.displayName || job.id} responses`,
      source: 'GENERATED',
      chunks: lines,
    });
    job.responsesFileId = file.id;
  }
}

function answerOne(input: BatchInput, index: number, job: BatchJob, state: FakeState): BatchResult {
  const result: BatchResult = { key: input.key, metadata: input.metadata };
  if (input.parseError) {
    result.error = rpcStatus({ status: 400, message: input.parseError });
    return result;
  }
  const scenario = job.options.scenarios?.[input.key ?? String(index)] ?? state.queue.default;
  const outcome = decide(input.request, job.model, scenario, state);
  switch (outcome.type) {
    case 'answer':
      result.response = outcome.body;
      break;
    case 'empty':
      result.response = {};
      break;
    case 'error':
      result.error = rpcStatus(outcome.spec);
      break;
    case 'hang':
      result.error = rpcStatus({ status: 504 });
      break;
    case 'malformed':
    case 'reset':
    case 'redirect':
    case 'badGzip':
      result.error = rpcStatus({ status: 500 });
      break;
  }
  return result;
}

function output(job: BatchJob): Record<string, unknown> | undefined {
  if (job.responsesFileId) {
    return { responsesFile: `files/${job.responsesFileId}` };
  }
  if (!job.results) {
    return undefined;
  }
  const inlinedResponses = job.results.map((result) => {
    const item: Record<string, unknown> = result.response ? { response: result.response } : { error: result.error };
    if (result.metadata) {
      item.metadata = result.metadata;
    }
    return item;
  });
  return { inlinedResponses: { inlinedResponses } };
}

export function toOperation(job: BatchJob): Record<string, unknown> {
  const total = job.inputs.length;
  const failed = job.results?.filter((r) => r.error).length ?? 0;
  const stats: Record<string, string> = { requestCount: String(total) };
  if (job.results) {
    stats.successfulRequestCount = String(total - failed);
    if (failed) {
      stats.failedRequestCount = String(failed);
    }
  } else if (!TERMINAL_STATES.has(job.state)) {
    stats.pendingRequestCount = String(total);
  }
  const metadata: Record<string, unknown> = {
    '@type': METADATA_TYPE,
    model: `models/${job.model}`,
    displayName: job.displayName,
    createTime: timestamp(job.created),
    updateTime: timestamp(job.updated),
    batchStats: stats,
    state: `BATCH_STATE_${job.state}`,
    name: `batches/${job.id}`,
  };
  if (job.source !== 'inline') {
    metadata.inputConfig = { fileName: job.source.fileName };
  }
  if (job.ended !== undefined) {
    metadata.endTime = timestamp(job.ended);
  }
  const out = output(job);
  if (out) {
    metadata.output = out;
  }
  const operation: Record<string, unknown> = { name: `batches/${job.id}`, metadata };
  if (TERMINAL_STATES.has(job.state)) {
    operation.done = true;
    if (out) {
      operation.response = { '@type': OUTPUT_TYPE, ...out };
    }
    if (job.state === 'FAILED') {
      operation.error = rpcStatus({ status: 500, message: 'The batch job failed.' });
    }
  }
  return operation;
}

function lookUp(call: Call, id: string): BatchJob {
  const job = call.state.batches.get(id);
  if (!job) {
    throw fail(404, `Batch batches/${id} not found.`);
  }
  return job;
}

export function getBatch(call: Call, id: string): void {
  const job = lookUp(call, id);
  advance(job, call.state, true);
  sendJson(call.res, 200, toOperation(job));
}

export function listBatches(call: Call): void {
  const jobs = call.state.batches.all();
  jobs.forEach((job) => advance(job, call.state, false));
  const page = paginate(jobs, call.query, 50, 1000);
  const body: Record<string, unknown> = { operations: page.items.map(toOperation) };
  if (page.nextPageToken) {
    body.nextPageToken = page.nextPageToken;
  }
  sendJson(call.res, 200, body);
}

export function cancelBatch(call: Call, id: string): void {
  const job = lookUp(call, id);
  if (!TERMINAL_STATES.has(job.state)) {
    job.state = 'CANCELLED';
    job.updated = job.ended = Date.now();
  }
  sendJson(call.res, 200, {});
}

export function deleteBatch(call: Call, id: string): void {
  lookUp(call, id);
  call.state.batches.delete(id);
  sendJson(call.res, 200, {});
}
