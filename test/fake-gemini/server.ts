/**
 * The fake Gemini API server: routing, API-key checks and request recording on 127.0.0.1.
 * Paths follow the SDK: `/{v1beta|v1}/models/{model}:{action}`, `/upload/{ver}/files`,
 * `/{ver}/files/…`, `/download/{ver}/files/…`, `/{ver}/batches/…`; `/__fake/` is the control API.
 */

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { cancelBatch, createBatch, deleteBatch, getBatch, listBatches } from './batches';
import { LISTED_MODELS, modelResource, profileFor } from './catalog';
import { CONTROL_PREFIX, handleControl } from './control';
import { ApiFailure, fail, INVALID_KEY_MESSAGE, MISSING_KEY_MESSAGE } from './errors';
import { deleteFile, downloadFile, getFile, listFiles, startUpload, uploadChunk } from './files';
import { handleGenerate } from './generate';
import { CORS_HEADERS, headerValue, readBody, sendEmpty, sendError, sendJson } from './http';
import { paginate } from './paging';
import { field } from './request-info';
import { FakeState, type Call } from './state';
import type { FakeGemini, FakeGeminiOptions, RecordedRequest } from './types';

type Handler = (call: Call, ...params: string[]) => void | Promise<void>;

interface Route {
  method: string;
  pattern: RegExp;
  action: string;
  /** The first parameter after the version is a model id. */
  hasModel?: boolean;
  handle: Handler;
}

const VERSION = '(v1beta|v1|v1alpha)';
const ID = '([^/:]+)';

const ROUTES: Route[] = [
  { method: 'POST', pattern: new RegExp(`^/${VERSION}/models/${ID}:generateContent$`), action: 'generateContent', hasModel: true, handle: (c, m) => handleGenerate(c, m, false) },
  { method: 'POST', pattern: new RegExp(`^/${VERSION}/models/${ID}:streamGenerateContent$`), action: 'streamGenerateContent', hasModel: true, handle: (c, m) => handleGenerate(c, m, true) },
  { method: 'POST', pattern: new RegExp(`^/${VERSION}/models/${ID}:batchGenerateContent$`), action: 'batchGenerateContent', hasModel: true, handle: createBatch },
  { method: 'POST', pattern: new RegExp(`^/${VERSION}/models/${ID}:countTokens$`), action: 'countTokens', hasModel: true, handle: countTokens },
  { method: 'GET', pattern: new RegExp(`^/${VERSION}/models/${ID}$`), action: 'models.get', hasModel: true, handle: getModel },
  { method: 'GET', pattern: new RegExp(`^/${VERSION}/models$`), action: 'models.list', handle: listModels },
  { method: 'POST', pattern: new RegExp(`^/upload/${VERSION}/files$`), action: 'files.uploadStart', handle: startUpload },
  { method: 'GET', pattern: new RegExp(`^/${VERSION}/files$`), action: 'files.list', handle: listFiles },
  { method: 'GET', pattern: new RegExp(`^/${VERSION}/files/${ID}$`), action: 'files.get', handle: getFile },
  { method: 'DELETE', pattern: new RegExp(`^/${VERSION}/files/${ID}$`), action: 'files.delete', handle: deleteFile },
  { method: 'GET', pattern: new RegExp(`^/(?:download/)?${VERSION}/files/${ID}:download$`), action: 'files.download', handle: downloadFile },
  { method: 'GET', pattern: new RegExp(`^/${VERSION}/batches$`), action: 'batches.list', handle: listBatches },
  { method: 'GET', pattern: new RegExp(`^/${VERSION}/batches/${ID}$`), action: 'batches.get', handle: getBatch },
  { method: 'POST', pattern: new RegExp(`^/${VERSION}/batches/${ID}:cancel$`), action: 'batches.cancel', handle: cancelBatch },
  { method: 'DELETE', pattern: new RegExp(`^/${VERSION}/batches/${ID}$`), action: 'batches.delete', handle: deleteBatch },
];

/** The privacy and tier fields of a generate request, recorded on their own so tests can assert them. */
function serviceOptionsOf(json: unknown): Pick<RecordedRequest, 'store' | 'serviceTier'> {
  const store = field(json, 'store');
  const serviceTier = field(json, 'serviceTier');
  return {
    ...(typeof store === 'boolean' ? { store } : {}),
    ...(typeof serviceTier === 'string' ? { serviceTier } : {}),
  };
}

function getModel(call: Call, model: string): void {
  if (!profileFor(model)) {
    throw fail(404, `models/${model} is not found for API version ${call.version}.`);
  }
  sendJson(call.res, 200, modelResource(model));
}

/** Counts text at 4 characters a token; like models.get, it answers for legacy models too. */
function countTokens(call: Call, model: string): void {
  if (!profileFor(model)) {
    throw fail(404, `models/${model} is not found for API version ${call.version}, or is not supported for countTokens.`);
  }
  const text = JSON.stringify(field(call.json, 'contents') ?? '');
  sendJson(call.res, 200, { totalTokens: Math.max(1, Math.ceil(text.length / 4)) });
}

function listModels(call: Call): void {
  const page = paginate(LISTED_MODELS.map(modelResource), call.query, 50, 1000);
  sendJson(call.res, 200, page.nextPageToken ? { models: page.items, nextPageToken: page.nextPageToken } : { models: page.items });
}

function matchRoute(method: string, path: string): { route: Route; params: string[] } | undefined {
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (match && route.method === method) {
      try {
        return { route, params: match.slice(1).map((p) => decodeURIComponent(p)) };
      } catch {
        return undefined; // malformed percent-encoding: answered as an unknown route
      }
    }
  }
  return undefined;
}

function recordedHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) {
      headers[name] = name === 'x-goog-api-key' ? '<redacted>' : Array.isArray(value) ? value.join(', ') : value;
    }
  }
  return headers;
}

function parseJson(raw: Buffer): { json: unknown; jsonError: boolean } {
  if (raw.length === 0) {
    return { json: undefined, jsonError: false };
  }
  try {
    return { json: JSON.parse(raw.toString('utf8')), jsonError: false };
  } catch {
    return { json: undefined, jsonError: true };
  }
}

async function handle(req: IncomingMessage, res: ServerResponse, state: FakeState): Promise<void> {
  for (const [name, value] of Object.entries(CORS_HEADERS)) {
    res.setHeader(name, value);
  }
  if (req.method === 'OPTIONS') {
    res.writeHead(204);
    res.end();
    return;
  }
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const raw = await readBody(req);
  if (url.pathname.startsWith(CONTROL_PREFIX)) {
    return handleControl(req, res, url, raw, state);
  }

  const method = req.method ?? 'GET';
  const matched = matchRoute(method, url.pathname);
  const params = matched?.params ?? [];
  const query = Object.fromEntries(url.searchParams);
  const isUploadChunk = matched?.route.action === 'files.uploadStart' && query.upload_id !== undefined;
  const apiKey = headerValue(req, 'x-goog-api-key') ?? query.key;
  // Upload chunks carry raw file bytes (with a JSON content type, as the SDK sends them): never parse those.
  const { json, jsonError } = isUploadChunk ? { json: undefined, jsonError: false } : parseJson(raw);
  const record: RecordedRequest = {
    method,
    path: url.pathname,
    query,
    model: matched?.route.hasModel ? params[1] : undefined,
    action: isUploadChunk ? 'files.uploadChunk' : matched?.route.action,
    apiKey,
    headers: recordedHeaders(req),
    body: json,
    bodyBytes: raw.length,
    aborted: false,
    ...serviceOptionsOf(json),
  };
  const call: Call = {
    req,
    res,
    record,
    state,
    origin: `http://${req.headers.host ?? '127.0.0.1'}`,
    version: params[0] ?? 'v1beta',
    query,
    raw,
    json,
    jsonError,
  };
  res.on('close', () => {
    if (!res.writableFinished && !call.droppedByServer) {
      record.aborted = true;
    }
  });
  state.recorder.add(record);

  const redirect = state.redirect;
  if (redirect && record.action && redirect.actions.includes(record.action)) {
    sendEmpty(res, redirect.status ?? 302, { location: redirect.location });
    return;
  }
  if (!matched) {
    // Google's front end answers a path that is no API method with its own HTML page, not a Gemini error.
    res.writeHead(404, { 'content-type': 'text/html; charset=UTF-8' });
    res.end(`<!DOCTYPE html><html lang=en><title>Error 404 (Not Found)!!1</title><p><b>404.</b> <ins>That’s an error.</ins><p>The requested URL <code>${escapeHtml(url.pathname)}</code> was not found on this server. <ins>That’s all we know.</ins></html>`);
    return;
  }
  try {
    if (!isUploadChunk) {
      checkKey(apiKey, state);
    }
    if (isUploadChunk) {
      uploadChunk(call, query.upload_id);
    } else {
      await matched.route.handle(call, ...params.slice(1));
    }
  } catch (error) {
    if (res.headersSent || res.destroyed) {
      res.destroy();
      return;
    }
    if (error instanceof ApiFailure) {
      sendError(res, error.spec);
    } else {
      sendError(res, { status: 500, message: `Fake Gemini failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
}

function checkKey(apiKey: string | undefined, state: FakeState): void {
  if (apiKey === undefined || apiKey === '') {
    throw fail(403, MISSING_KEY_MESSAGE);
  }
  if (!state.isAcceptedKey(apiKey)) {
    throw fail(400, INVALID_KEY_MESSAGE, { reason: 'API_KEY_INVALID' });
  }
}

export async function startFakeGemini(options: FakeGeminiOptions = {}): Promise<FakeGemini> {
  const state = new FakeState(options.validKeys);
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(req, res, state).catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;

  return {
    url: `http://127.0.0.1:${port}`,
    requests: state.recorder.requests,
    enqueue: (...scenarios) => state.queue.enqueue(scenarios),
    setDefault: (scenario) => state.queue.setDefault(scenario),
    setBatchOptions: (batchOptions) => {
      state.batchOptions = structuredClone(batchOptions);
    },
    setRedirect: (rule) => {
      state.redirect = rule === undefined ? undefined : structuredClone(rule);
    },
    reset: () => state.reset(),
    setLegacyModelsOpen: (open) => {
      state.legacyModelsOpen = open;
    },
    waitForRequests: (n, timeoutMs) => state.recorder.waitFor(n, timeoutMs),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) {
          socket.destroy();
        }
      });
      return closing;
    },
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
