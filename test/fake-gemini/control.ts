/**
 * The control API under `/__fake/`, so a test in another process (a browser e2e launcher, a
 * benchmark) can script the fake. JSON in, JSON out; calls here are not recorded.
 *
 *   POST /__fake/enqueue         Scenario | Scenario[]
 *   POST /__fake/default         Scenario | null
 *   POST /__fake/reset
 *   POST /__fake/batch-options   BatchOptions
 *   POST /__fake/legacy-models   { open: boolean }
 *   GET  /__fake/requests        recorded requests, inline image data replaced by "<N bytes>"
 *   GET  /__fake/wait?n=N&timeoutMs=T   the generate requests, once N have arrived
 *   GET  /__fake/health
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './http';
import { withoutInlineData } from './recorder';
import { checkScenario } from './scenarios';
import type { FakeState } from './state';
import type { BatchOptions, RecordedRequest } from './types';

export const CONTROL_PREFIX = '/__fake/';

export function publicRequests(requests: RecordedRequest[]): unknown[] {
  return requests.map((r) => ({ ...r, body: withoutInlineData(r.body) }));
}

function parse(raw: Buffer): unknown {
  return raw.length ? JSON.parse(raw.toString('utf8')) : undefined;
}

export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  raw: Buffer,
  state: FakeState,
): Promise<void> {
  const route = `${req.method} ${url.pathname.slice(CONTROL_PREFIX.length)}`;
  try {
    switch (route) {
      case 'POST enqueue': {
        const body = parse(raw);
        const scenarios = (Array.isArray(body) ? body : [body]).map(checkScenario);
        state.queue.enqueue(scenarios);
        return sendJson(res, 200, { queued: state.queue.pending });
      }
      case 'POST default': {
        const body = parse(raw);
        state.queue.setDefault(body === null || body === undefined ? undefined : checkScenario(body));
        return sendJson(res, 200, { ok: true });
      }
      case 'POST reset':
        state.reset();
        return sendJson(res, 200, { ok: true });
      case 'POST batch-options': {
        const body = parse(raw);
        if (typeof body !== 'object' || body === null || Array.isArray(body)) {
          throw new TypeError('Batch options must be a JSON object');
        }
        const options = body as BatchOptions;
        Object.values(options.scenarios ?? {}).forEach(checkScenario);
        state.batchOptions = options;
        return sendJson(res, 200, { ok: true });
      }
      case 'POST legacy-models': {
        const body = parse(raw) as { open?: unknown } | undefined;
        state.legacyModelsOpen = body?.open === true;
        return sendJson(res, 200, { ok: true });
      }
      case 'GET requests':
        return sendJson(res, 200, publicRequests(state.recorder.requests));
      case 'GET wait': {
        const n = Number(url.searchParams.get('n') ?? 1);
        const timeoutMs = Number(url.searchParams.get('timeoutMs') ?? 5000);
        const requests = await state.recorder.waitFor(n, timeoutMs);
        return sendJson(res, 200, publicRequests(requests));
      }
      case 'GET health':
        return sendJson(res, 200, { ok: true });
      default:
        return sendJson(res, 404, { error: `No control route ${route}` });
    }
  } catch (error) {
    const status = route === 'GET wait' ? 408 : 400;
    sendJson(res, status, { error: error instanceof Error ? error.message : String(error) });
  }
}
