import { normalizeBaseUrl } from '../core/base-url';
import { PictorError } from '../core/errors';
import type { Logger } from '../core/log';
import { redact } from '../core/redact';
import type { ImageRequest, WireContent } from '../core/request';
import { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from '../core/retry';
import { toPictorError } from './errors';
import { originGuardedFetch, type RequestTracker } from './origin-guard';
import { loadSdk, type Sdk } from './sdk';

type SdkClient = InstanceType<Sdk['GoogleGenAI']>;

export const DEFAULT_BASE_URL = 'https://generativelanguage.googleapis.com';
export const API_VERSION = 'v1beta';

export interface GeminiClientOptions {
  apiKey: string;
  /** Only from application-scoped settings or the SDK's own env variable; undefined = Google. */
  baseUrl?: string;
  timeoutSeconds: number;
  retry?: RetryPolicy;
  log: Logger;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Called before each retry so the UI can say what is happening. */
  onRetry?: (attempt: number, delayMs: number, error: PictorError) => void;
  /** Tag that identifies the call in the log. */
  label?: string;
}

/**
 * The only user of the SDK: key, base URL, API version, timeout, retries and cancellation live here.
 * Every call goes through `withRetries` → `attempt`, the only place an SDK client is made, so every
 * endpoint (generate, models, files, and any added later such as batches or downloads) gets the
 * origin-guarded fetch: the key never reaches another origin and redirects are never followed.
 */
export class GeminiClient {
  private readonly retry: RetryPolicy;

  constructor(private readonly options: GeminiClientOptions) {
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
  }

  /** The one origin requests (and the key) go to, without a trailing API version. */
  get baseUrl(): string {
    return normalizeBaseUrl(this.options.baseUrl) ?? normalizeBaseUrl(process.env.GOOGLE_GEMINI_BASE_URL) ?? DEFAULT_BASE_URL;
  }

  /** One generateContent call (with bounded retries); returns the response as the SDK parsed it. */
  async generateContent(request: ImageRequest | { model: string; contents: WireContent[]; config: ImageRequest['config'] }, call: CallOptions = {}): Promise<unknown> {
    return this.withRetries(call, async (signal, ai) => {
      return ai.models.generateContent({
        model: request.model,
        contents: request.contents as never,
        config: { ...request.config, abortSignal: signal } as never,
      });
    });
  }

  /** Uploads an input image through the Files API; returns what a `fileData` part needs. */
  async uploadImage(bytes: Uint8Array, mimeType: string, displayName: string, call: CallOptions = {}): Promise<{ fileUri: string; mimeType: string }> {
    return this.withRetries({ ...call, label: call.label ?? `upload ${displayName}` }, async (signal, ai) => {
      let file = await ai.files.upload({
        file: new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mimeType }),
        config: { mimeType, displayName, abortSignal: signal },
      });
      // Images are usually ACTIVE at once; wait briefly when the service is still processing.
      for (let i = 0; file.state === 'PROCESSING' && file.name && i < 30; i++) {
        await sleep(1000, signal);
        file = await ai.files.get({ name: file.name, config: { abortSignal: signal } });
      }
      if (!file.uri || file.state === 'FAILED') {
        throw new PictorError('server', 'Gemini could not take an uploaded image. Try again.', { detail: `file state ${file.state}` });
      }
      return { fileUri: file.uri, mimeType: file.mimeType ?? mimeType };
    });
  }

  /** A cheap call that proves the key works: reading one model's metadata. */
  async verifyKey(model: string, call: CallOptions = {}): Promise<void> {
    await this.withRetries({ ...call, label: call.label ?? 'verify key' }, async (signal, ai) => {
      return ai.models.get({ model, config: { abortSignal: signal } });
    });
  }

  /**
   * An SDK client for one attempt. The base URL is always given explicitly, so the SDK and the origin
   * guard agree on where requests go; its fetch refuses other origins and redirects.
   */
  private async sdkClient(tracker: RequestTracker): Promise<SdkClient> {
    const { GoogleGenAI } = await loadSdk();
    const baseUrl = this.baseUrl;
    return new GoogleGenAI({
      apiKey: this.options.apiKey,
      apiVersion: API_VERSION,
      httpOptions: { apiVersion: API_VERSION, baseUrl, fetch: originGuardedFetch(baseUrl, tracker) },
    });
  }

  private async withRetries<T>(call: CallOptions, attemptOnce: (signal: AbortSignal, ai: SdkClient) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const started = Date.now();
      try {
        const value = await this.attempt(call, attemptOnce);
        this.options.log.info(`${call.label ?? 'request'}: ok in ${Date.now() - started} ms`);
        return value;
      } catch (error) {
        const failure = error as PictorError;
        const log = failure.code === 'cancelled' ? this.options.log.info : this.options.log.warn;
        log.call(
          this.options.log,
          `${call.label ?? 'request'}: ${failure.code} after ${Date.now() - started} ms — ${this.redact(failure.detail ?? failure.message)}`,
        );
        const delay = retryDelayMs(failure, attempt + 1, this.retry);
        if (delay === undefined || call.signal?.aborted) throw failure;
        this.options.log.info(`${call.label ?? 'request'}: retry ${attempt + 1}/${this.retry.maxRetries} in ${delay} ms`);
        call.onRetry?.(attempt + 1, delay, failure);
        await sleep(delay, call.signal);
      }
    }
  }

  /** One attempt with its own deadline, so we can tell a timeout from the user's cancel. */
  private async attempt<T>(call: CallOptions, attemptOnce: (signal: AbortSignal, ai: SdkClient) => Promise<T>): Promise<T> {
    if (call.signal?.aborted) throw new PictorError('cancelled', 'Cancelled.');
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.options.timeoutSeconds * 1000);
    const onCancel = () => controller.abort();
    call.signal?.addEventListener('abort', onCancel, { once: true });
    const tracker: RequestTracker = { answered: false };
    try {
      return await attemptOnce(controller.signal, await this.sdkClient(tracker));
    } catch (error) {
      // A service or proxy may echo the request back: no text that leaves here carries the key.
      throw toPictorError(error, {
        cancelledByUser: call.signal?.aborted ?? false,
        timedOut,
        timeoutSeconds: this.options.timeoutSeconds,
        baseUrl: this.baseUrl,
        answered: tracker.answered,
      }).redacted([this.options.apiKey]);
    } finally {
      clearTimeout(timer);
      call.signal?.removeEventListener('abort', onCancel);
    }
  }

  private redact(text: string): string {
    return redact(text, [this.options.apiKey]);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new PictorError('cancelled', 'Cancelled.'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new PictorError('cancelled', 'Cancelled.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
