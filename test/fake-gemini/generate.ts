/**
 * generateContent and streamGenerateContent. Streaming speaks SSE (`data: <json>` + blank line
 * per event; the SDK throws on a last event without the delimiter). An error scenario answers
 * with its HTTP status before the stream starts, unless it sets `inStream`, in which case the
 * stream opens with 200 and carries `data: {"error":…}`.
 */

import { MAX_REQUEST_BYTES, outcomeFor, prepareAnswer, type Outcome } from './answer';
import { errorBody, fail } from './errors';
import { delay, sendEmpty, sendError, sendJson, write } from './http';
import { splitIntoChunks } from './responses';
import type { Call } from './state';

/** Cut off mid-object, so any JSON parser rejects it. */
const MALFORMED_BODY = '{"candidates": [{"content": {"role": "model", "parts": [{"text": "Here is';

export async function handleGenerate(call: Call, model: string, streaming: boolean): Promise<void> {
  if (call.record.bodyBytes > MAX_REQUEST_BYTES) {
    throw fail(400, `Request payload size exceeds the limit: ${MAX_REQUEST_BYTES} bytes.`);
  }
  if (call.jsonError) {
    throw fail(400, 'Invalid JSON payload received. Unexpected token.');
  }
  const ctx = prepareAnswer(call.json, model, call.state);
  const scenario = call.state.queue.next();
  if (scenario.delayMs && !(await delay(scenario.delayMs, call.res))) {
    return;
  }
  const outcome = outcomeFor(scenario, ctx);
  if (outcome.type === 'hang') {
    return; // the socket stays open until the client aborts or the server closes
  }
  if (outcome.type === 'redirect') {
    sendEmpty(call.res, outcome.status, { location: outcome.location });
    return;
  }
  if (outcome.type === 'badGzip') {
    const text = 'this is not a gzip stream, although the header says so';
    call.res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8', 'content-encoding': 'gzip', 'content-length': String(text.length) });
    call.res.end(text);
    return;
  }
  if (outcome.type === 'reset') {
    call.droppedByServer = true;
    call.req.socket.destroy();
    return;
  }
  if (!streaming) {
    answerWhole(call, outcome);
  } else if (call.query.alt === 'sse') {
    await answerSse(call, outcome);
  } else {
    answerJsonArray(call, outcome);
  }
}

function answerWhole(call: Call, outcome: Outcome): void {
  switch (outcome.type) {
    case 'answer':
      return sendJson(call.res, 200, outcome.body);
    case 'error':
      return sendError(call.res, outcome.spec);
    case 'empty':
      return sendJson(call.res, 200, {});
    case 'malformed':
      call.res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
      call.res.end(MALFORMED_BODY);
      return;
  }
}

async function answerSse(call: Call, outcome: Outcome): Promise<void> {
  if (outcome.type === 'error' && !outcome.inStream) {
    return sendError(call.res, outcome.spec);
  }
  call.res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const events: string[] = [];
  switch (outcome.type) {
    case 'answer':
      events.push(...splitIntoChunks(outcome.body).map((chunk) => JSON.stringify(chunk)));
      break;
    case 'error':
      events.push(JSON.stringify(errorBody(outcome.spec)));
      break;
    case 'empty':
      events.push('{}');
      break;
    case 'malformed':
      events.push(MALFORMED_BODY);
      break;
  }
  for (const event of events) {
    if (call.res.destroyed) {
      return;
    }
    await write(call.res, `data: ${event}\n\n`);
  }
  call.res.end();
}

/** Without `alt=sse` the service streams one JSON array of the same chunks. */
function answerJsonArray(call: Call, outcome: Outcome): void {
  switch (outcome.type) {
    case 'answer':
      return sendJson(call.res, 200, splitIntoChunks(outcome.body));
    case 'error':
      return outcome.inStream ? sendJson(call.res, 200, [errorBody(outcome.spec)]) : sendError(call.res, outcome.spec);
    case 'empty':
      return sendJson(call.res, 200, [{}]);
    case 'malformed':
      call.res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
      call.res.end(`[${MALFORMED_BODY}`);
      return;
  }
}
