import { PictorError } from '../core/errors';

/** Where the last request of one attempt got to: a failure after `answered` is the server's, not the network's. */
export interface RequestTracker {
  answered: boolean;
  /**
   * Called as each chunk of a resumable upload is sent, with the bytes sent before it (the chunk's
   * `X-Goog-Upload-Offset`; the SDK sends 8 MiB chunks, @google/genai 3.1.0 `NodeUploader`).
   */
  onUploadOffset?: (offset: number) => void;
  /**
   * Set by calls whose answer the SDK pipes into a file (`files.download` with `downloadPath`): a body
   * that fails part-way (connection dropped, call cancelled) then ends early instead of erroring, and the
   * failure is kept in `bodyError` for the call to throw. The SDK pipes the body without an error
   * listener, so an error there is an uncaught exception and its promise never settles
   * (@google/genai 3.1.0 `NodeDownloader.download`, read 2026-11).
   */
  holdBodyErrors?: boolean;
  bodyError?: unknown;
}

/**
 * A `fetch` for the SDK (`httpOptions.fetch`) that keeps the key on one origin. Every SDK call path goes
 * through it: `ApiClient.apiCall` uses `httpOptions.fetch` for generate, models, files (the resumable
 * upload's start and chunks, get, download) and batches, and the interactions client is built on the same
 * fetch (@google/genai 3.1.0, dist/node `ApiClient.request`, `uploadBlobInternal`, `buildGoogleGenAIClient`,
 * read 2026-11).
 *
 * - A URL on another origin (scheme, host or port) is refused before anything is sent.
 * - Redirects are never followed (`redirect: 'manual'`): fetch would resend the key header to the new
 *   origin. A 3xx answer is a `network` PictorError naming both origins.
 * - `tracker.answered` becomes true when response headers arrive, so a body that cannot be read
 *   afterwards is reported as the server's fault.
 *
 * @param baseUrl the configured base URL; only its origin matters.
 * @throws PictorError('network') for another origin or a redirect (from the returned function).
 */
export function originGuardedFetch(baseUrl: string, tracker: RequestTracker = { answered: false }, inner: typeof fetch = fetch): typeof fetch {
  const allowed = new URL(baseUrl).origin;
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.origin !== allowed) {
      throw new PictorError('network', `Pictor did not send a request to ${url.origin}: it sends the API key only to ${allowed}.`, {
        setting: 'pictor.api.baseUrl',
        detail: `refused ${url.origin} (configured ${allowed})`,
      });
    }
    tracker.answered = false;
    const offset = uploadOffset(init?.headers);
    if (offset !== undefined) tracker.onUploadOffset?.(offset);
    const response = await inner(input, { ...init, redirect: 'manual', ...withoutHeaderTimeouts(init) } as RequestInit);
    tracker.answered = true;
    if (response.status >= 300 && response.status < 400 && response.status !== 304) {
      void response.body?.cancel().catch(() => undefined);
      const location = response.headers.get('location');
      const target = location ? originOf(location, url) : 'an address it did not name';
      throw new PictorError(
        'network',
        `The Gemini address ${allowed} redirected the request (HTTP ${response.status}) to ${target}. Pictor does not follow redirects, so the API key stays with ${allowed}: check pictor.api.baseUrl and any proxy.`,
        { setting: 'pictor.api.baseUrl', detail: `redirect ${response.status} from ${allowed} to ${target}` },
      );
    }
    if (tracker.holdBodyErrors && response.body) {
      return new Response(endingEarlyOnError(response.body, tracker), { status: response.status, statusText: response.statusText, headers: response.headers });
    }
    return response;
  };
}

/** The body, ending where it failed; the failure goes to `tracker.bodyError`. */
function endingEarlyOnError(body: ReadableStream<Uint8Array>, tracker: RequestTracker): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        tracker.bodyError = error;
        controller.close();
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

/** The `X-Goog-Upload-Offset` of an upload chunk, or undefined for any other request. */
function uploadOffset(headers: ConstructorParameters<typeof Headers>[0]): number | undefined {
  const value = headers ? new Headers(headers).get('x-goog-upload-offset') : null;
  const offset = value === null ? NaN : Number(value);
  return Number.isSafeInteger(offset) && offset >= 0 ? offset : undefined;
}

function originOf(location: string, base: URL): string {
  try {
    return new URL(location, base).origin;
  } catch {
    return 'an address that is not a URL';
  }
}

/**
 * With its own fetch the SDK no longer lifts undici's 300 s header/body timeouts (it does so only for the
 * global fetch); Pictor's own per-attempt deadline (up to 30 min) must be the one that applies, so the same
 * dispatcher wrapper is passed on (see `createUndiciNoTimeoutDispatcher` in the SDK, 3.1.0).
 */
function withoutHeaderTimeouts(init: RequestInit | undefined): { dispatcher?: unknown } {
  if (init && 'dispatcher' in init) return {};
  // Node creates its global dispatcher lazily; constructing Headers does it (as the SDK does).
  new Headers();
  const globalDispatcher = (globalThis as Record<symbol, { dispatch?: (...args: unknown[]) => unknown }>)[UNDICI_GLOBAL_DISPATCHER];
  if (typeof globalDispatcher?.dispatch !== 'function') return {};
  return {
    dispatcher: {
      dispatch: (options: object, handler: unknown) => globalDispatcher.dispatch?.({ ...options, headersTimeout: 0, bodyTimeout: 0 }, handler),
    },
  };
}

const UNDICI_GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');
