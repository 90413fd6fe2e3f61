import { BASE_URL_RULE, baseUrlForMessage, normalizeBaseUrl } from '../core/base-url';
import { PictorError } from '../core/errors';
import { isModelNotFound, modelNotFound, type ServiceModel } from '../core/models';
import type { Logger } from '../core/log';
import { redact } from '../core/redact';
import type { ImageRequest, WireContent } from '../core/request';
import { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from '../core/retry';
import { toPictorError } from './errors';
import { originGuardedFetch, type RequestTracker } from './origin-guard';
import { loadSdk, type Sdk } from './sdk';

type SdkClient = InstanceType<Sdk['GoogleGenAI']>;

/** One try of a call: the attempt's signal, an SDK client on the guarded fetch, and that fetch's tracker. */
type AttemptOnce<T> = (signal: AbortSignal, ai: SdkClient, tracker: RequestTracker) => Promise<T>;

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
  /** Calls that are not idempotent on the service (creating a batch job) are sent once. */
  noRetry?: boolean;
  /** Overrides the per-attempt deadline (long downloads); 0 = none. */
  timeoutSeconds?: number;
  /** Uploads: called as each chunk is sent, with the bytes sent before it. */
  onUploadOffset?: (bytesSent: number) => void;
}

/** Where a batch job's requests come from: inline (SDK InlinedRequest objects) or an uploaded `files/…`. */
export type BatchSource = { inlinedRequests: unknown[] } | { fileName: string };

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

  /**
   * The one origin requests (and the key) go to, without a trailing API version.
   * @throws PictorError('badInput') for a given base URL Pictor cannot use: falling back to Google would
   *   send the key somewhere the user did not choose.
   */
  get baseUrl(): string {
    for (const [given, name] of [[this.options.baseUrl, 'pictor.api.baseUrl'], [process.env.GOOGLE_GEMINI_BASE_URL, 'GOOGLE_GEMINI_BASE_URL']] as const) {
      if (!given?.trim()) continue;
      const normalized = normalizeBaseUrl(given);
      if (!normalized) throw new PictorError('badInput', `${name} is not an http(s) URL Pictor can use ("${baseUrlForMessage(given)}"); it must be ${BASE_URL_RULE}.`);
      return normalized;
    }
    return DEFAULT_BASE_URL;
  }

  /** One generateContent call (with bounded retries); returns the response as the SDK parsed it. */
  async generateContent(request: ImageRequest | { model: string; contents: WireContent[]; config: ImageRequest['config'] }, call: CallOptions = {}): Promise<unknown> {
    try {
      return await this.withRetries(call, async (signal, ai) => {
        return ai.models.generateContent({
          model: request.model,
          contents: request.contents as never,
          config: { ...request.config, abortSignal: signal } as never,
        });
      });
    } catch (error) {
      // A 404 from Gemini here is about the model: say whether it is retired or not open to this key's
      // project. A 404 from something that is not the API (a wrong base URL path) stays about the base URL.
      throw error instanceof PictorError && isModelNotFound(error) ? modelNotFound(request.model, error) : error;
    }
  }

  /**
   * The models the key can see (`models.list`, every page). Free: listing models is not billed.
   * Returns ids without the `models/` prefix.
   */
  async listModels(call: CallOptions = {}): Promise<ServiceModel[]> {
    return this.withRetries({ ...call, label: call.label ?? 'list models' }, async (signal, ai) => {
      const models: ServiceModel[] = [];
      const pager = await ai.models.list({ config: { pageSize: 1000, abortSignal: signal } });
      for await (const model of pager) {
        const id = (model.name ?? '').replace(/^models\//, '');
        if (id) models.push({ id, displayName: model.displayName, methods: model.supportedActions });
      }
      return models;
    });
  }

  /**
   * countTokens for a one-word prompt on `model`: a model call that generates nothing. Google's billing FAQ
   * lists token counting as not billed; it proves the key may call the model, not that generation is open.
   */
  async countTokens(model: string, call: CallOptions = {}): Promise<number | undefined> {
    return this.withRetries({ ...call, label: call.label ?? 'count tokens' }, async (signal, ai) => {
      const answer = await ai.models.countTokens({ model, contents: 'ping', config: { abortSignal: signal } });
      return answer.totalTokens;
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

  /** Creates a batch job (sent once: creation is not idempotent, seed 004); returns the job's name. */
  async createBatch(model: string, src: BatchSource, displayName: string, call: CallOptions = {}): Promise<{ name: string; state?: string; createTime?: string }> {
    return this.withRetries({ ...call, noRetry: true, label: call.label ?? `batch create ${model}` }, async (signal, ai) => {
      const job = await ai.batches.create({ model, src: src as never, config: { displayName, abortSignal: signal } });
      if (!job.name) throw new PictorError('server', 'Gemini created a batch job but did not say its name.');
      return { name: job.name, state: job.state, createTime: job.createTime };
    });
  }

  /**
   * The job's long-running operation exactly as the service sent it: the SDK's BatchJob drops the
   * operation's `error` and `metadata.batchStats`, which Pictor shows. The SDK's generic operation
   * getter hands the raw JSON to the object's `_fromAPIResponse`.
   */
  async getBatchOperation(name: string, call: CallOptions = {}): Promise<unknown> {
    return this.withRetries({ ...call, label: call.label ?? `batch get ${name}` }, async (signal, ai) => {
      const raw = { name, _fromAPIResponse: ({ apiResponse }: { apiResponse: unknown }) => apiResponse };
      return ai.operations.get({ operation: raw as never, config: { abortSignal: signal } }) as Promise<unknown>;
    });
  }

  /** The account's batch jobs, newest first, as the SDK lists them (name, display name, model, state, times). */
  async listBatches(limit = 100, call: CallOptions = {}): Promise<Array<{ name?: string; displayName?: string; model?: string; state?: string; createTime?: string }>> {
    return this.withRetries({ ...call, label: call.label ?? 'batch list' }, async (signal, ai) => {
      const jobs: Array<{ name?: string; displayName?: string; model?: string; state?: string; createTime?: string }> = [];
      const pager = await ai.batches.list({ config: { pageSize: Math.min(limit, 100), abortSignal: signal } });
      for await (const job of pager) {
        jobs.push({ name: job.name, displayName: job.displayName, model: job.model, state: job.state, createTime: job.createTime });
        if (jobs.length >= limit) break;
      }
      return jobs;
    });
  }

  async cancelBatch(name: string, call: CallOptions = {}): Promise<void> {
    await this.withRetries({ ...call, label: call.label ?? `batch cancel ${name}` }, async (signal, ai) => {
      await ai.batches.cancel({ name, config: { abortSignal: signal } });
    });
  }

  async deleteBatch(name: string, call: CallOptions = {}): Promise<void> {
    await this.withRetries({ ...call, label: call.label ?? `batch delete ${name}` }, async (signal, ai) => {
      await ai.batches.delete({ name, config: { abortSignal: signal } });
    });
  }

  /** Uploads a batch input file (JSON Lines, read from disk in chunks by the SDK); returns its `files/…` name. */
  async uploadBatchInput(filePath: string, displayName: string, call: CallOptions = {}): Promise<string> {
    return this.withRetries({ ...call, timeoutSeconds: call.timeoutSeconds ?? 0, label: call.label ?? `upload ${displayName}` }, async (signal, ai) => {
      // Seed 004 uploads batch input with the MIME type `jsonl`.
      const file = await ai.files.upload({ file: filePath, config: { mimeType: 'jsonl', displayName, abortSignal: signal } });
      if (!file.name) throw new PictorError('server', 'Gemini took the batch input file but did not say its name.');
      return file.name;
    });
  }

  /** Streams a file (a batch responses file) to `destinationPath` without holding it in memory. */
  async downloadFile(name: string, destinationPath: string, call: CallOptions = {}): Promise<void> {
    await this.withRetries({ ...call, timeoutSeconds: call.timeoutSeconds ?? 0, label: call.label ?? `download ${name}` }, async (signal, ai, tracker) => {
      // A dropped connection or a cancel part-way must reject here, not crash the host or hang (see RequestTracker).
      tracker.holdBodyErrors = true;
      await ai.files.download({ file: name, downloadPath: destinationPath, config: { abortSignal: signal } });
      if (tracker.bodyError !== undefined) throw tracker.bodyError;
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
  private async sdkClient(tracker: RequestTracker, baseUrl: string): Promise<SdkClient> {
    const { GoogleGenAI } = await loadSdk();
    return new GoogleGenAI({
      apiKey: this.options.apiKey,
      apiVersion: API_VERSION,
      httpOptions: { apiVersion: API_VERSION, baseUrl, fetch: originGuardedFetch(baseUrl, tracker) },
    });
  }

  private async withRetries<T>(call: CallOptions, attemptOnce: AttemptOnce<T>): Promise<T> {
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
        const delay = call.noRetry ? undefined : retryDelayMs(failure, attempt + 1, this.retry);
        if (delay === undefined || call.signal?.aborted) throw failure;
        this.options.log.info(`${call.label ?? 'request'}: retry ${attempt + 1}/${this.retry.maxRetries} in ${delay} ms`);
        call.onRetry?.(attempt + 1, delay, failure);
        await sleep(delay, call.signal);
      }
    }
  }

  /** One attempt with its own deadline, so we can tell a timeout from the user's cancel. */
  private async attempt<T>(call: CallOptions, attemptOnce: AttemptOnce<T>): Promise<T> {
    if (call.signal?.aborted) throw new PictorError('cancelled', 'Cancelled.');
    const baseUrl = this.baseUrl;
    const controller = new AbortController();
    let timedOut = false;
    const seconds = call.timeoutSeconds ?? this.options.timeoutSeconds;
    const timer = seconds > 0
      ? setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, seconds * 1000)
      : undefined;
    const onCancel = () => controller.abort();
    call.signal?.addEventListener('abort', onCancel, { once: true });
    const tracker: RequestTracker = { answered: false, ...(call.onUploadOffset ? { onUploadOffset: call.onUploadOffset } : {}) };
    try {
      return await attemptOnce(controller.signal, await this.sdkClient(tracker, baseUrl), tracker);
    } catch (error) {
      // A service or proxy may echo the request back: no text that leaves here carries the key.
      throw toPictorError(error, {
        cancelledByUser: call.signal?.aborted ?? false,
        timedOut,
        timeoutSeconds: seconds,
        baseUrl,
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
