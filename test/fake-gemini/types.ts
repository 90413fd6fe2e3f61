/**
 * Public types of the fake Gemini server. Scenarios are plain JSON so that a test in another
 * process can send them over the control API.
 */

export interface FakeGeminiOptions {
  /** 0 or absent: pick a free port. */
  port?: number;
  /** Keys the fake accepts. Default: any non-empty key except those starting with "invalid". */
  validKeys?: string[];
}

export interface FakeGemini {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  /** Every request except control calls and CORS preflights, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Queued scenarios are consumed FIFO by generateContent / streamGenerateContent calls. */
  enqueue(...scenarios: Scenario[]): void;
  /** Used when the queue is empty; `undefined` restores the built-in default. */
  setDefault(scenario: Scenario | undefined): void;
  /** How batch jobs progress and answer; applies to jobs created afterwards. */
  setBatchOptions(options: BatchOptions): void;
  /** Redirects requests of some actions (uploads, files, models…) elsewhere; `undefined` stops. Cleared by reset. */
  setRedirect(rule: RedirectRule | undefined): void;
  /** Clears queue, default, batch options, redirect, requests, files and batches; closes legacy models again. */
  reset(): void;
  /**
   * Legacy models (closed to new projects) answer generateContent with 404 by default, as for a new
   * project's key; `true` lets them generate, as for a project that used them before.
   */
  setLegacyModelsOpen(open: boolean): void;
  /** Resolves with the generate requests once at least `n` of them have arrived. */
  waitForRequests(n: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  /** Stops listening and destroys every open socket, hanging ones included. */
  close(): Promise<void>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Model id without the `models/` prefix, for `models/{model}:{action}` calls. */
  model?: string;
  /**
   * `generateContent`, `streamGenerateContent`, `batchGenerateContent`, or for other routes
   * `models.get`, `models.list`, `files.uploadStart`, `files.uploadChunk`, `files.get`,
   * `files.list`, `files.delete`, `files.download`, `batches.get`, `batches.list`,
   * `batches.cancel`, `batches.delete`; absent for unknown routes.
   */
  action?: string;
  apiKey?: string;
  /** Lower-cased names; the API key header is redacted. */
  headers: Record<string, string>;
  /** Parsed JSON body, or undefined (no body, not JSON, or raw upload bytes). */
  body: any;
  bodyBytes: number;
  /** The client went away before the response was complete. */
  aborted: boolean;
  /** Top-level `store` of a generate request, when it was sent (absent: the service stores the request). */
  store?: boolean;
  /** Top-level `serviceTier` of a generate request, when it was sent. */
  serviceTier?: string;
}

export type ImageMimeType = 'image/png' | 'image/jpeg' | 'image/webp';

export interface ScenarioCommon {
  /** Latency injected before answering. */
  delayMs?: number;
  /** Serve this scenario this many times before it leaves the queue (default 1). */
  times?: number;
}

export interface ImageSpec {
  mimeType?: ImageMimeType;
  /** Default: the size the model would produce for the request's aspect ratio and image size. */
  width?: number;
  height?: number;
  /** An incompressible PNG (random pixels), for payload-size tests. PNG only. */
  noise?: boolean;
  /** The MIME type the part is labelled with, when it should differ from the bytes (the service labels JPEG bytes `image/png`). */
  label?: string;
  /** Send this text (base64-encoded) as the part's data instead of an image, labelled `label` or `image/png`. */
  notAnImage?: string;
  /** Keep only this fraction (0–1) of the image's bytes: an answer cut off after a readable header. */
  truncate?: number;
  /**
   * Pixels the subject moves right on a pure white or black backdrop (a model that did not keep it in
   * place), so a difference matte sees a misaligned pair.
   */
  subjectOffset?: number;
}

export interface UsageOverride {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  thoughtsTokenCount?: number;
  totalTokenCount?: number;
}

export interface ImageScenario extends ScenarioCommon {
  kind: 'image';
  /** Default: one image. */
  images?: ImageSpec[];
  /** Default: a short caption; `''` omits the text part. */
  text?: string;
  /** Include a thought text part and a thought image first. Default: true for Pro models. */
  thoughts?: boolean;
  /** Thought signature put on the final parts instead of a generated one (any model). */
  signature?: string;
  finishReason?: string;
  usage?: UsageOverride;
  modelVersion?: string;
}

export interface TextScenario extends ScenarioCommon {
  kind: 'text';
  text: string;
}

export interface BlockedScenario extends ScenarioCommon {
  kind: 'blocked';
  blockReason: string;
}

export interface FinishScenario extends ScenarioCommon {
  kind: 'finish';
  finishReason: string;
  text?: string;
}

export interface ErrorScenario extends ScenarioCommon {
  kind: 'error';
  status: number;
  message?: string;
  /** Canonical status name; default derived from `status` (e.g. 400 → INVALID_ARGUMENT). */
  statusName?: string;
  /** e.g. "7s": adds a google.rpc.RetryInfo detail. */
  retryDelay?: string;
  /** e.g. "API_KEY_INVALID": adds a google.rpc.ErrorInfo detail. */
  reason?: string;
  /** 429 only: the QuotaFailure's quotaValue ("0": the plan has no quota for the model). */
  quotaValue?: string;
  /** 429 only: the QuotaFailure's quotaId, e.g. "GenerateRequestsPerDayPerProjectPerModel-FreeTier". */
  quotaId?: string;
  /**
   * Streaming only: answer 200 and send the error as an SSE event (`data: {"error":…}`) instead
   * of an HTTP error status before the stream starts (the default).
   */
  inStream?: boolean;
}

/** Never answers, until the client aborts or the server closes. */
export interface HangScenario extends ScenarioCommon {
  kind: 'hang';
}

/** 200 with a body that is not valid JSON. */
export interface MalformedScenario extends ScenarioCommon {
  kind: 'malformed';
}

/** 200 with `{}`: no candidates, no feedback. */
export interface EmptyScenario extends ScenarioCommon {
  kind: 'empty';
}

/** Destroys the socket without answering (a network error for the client). */
export interface ResetScenario extends ScenarioCommon {
  kind: 'reset';
}

/** Answers with a redirect (default 302) to `location`, as a misconfigured proxy or a hostile base URL would. */
export interface RedirectScenario extends ScenarioCommon {
  kind: 'redirect';
  location: string;
  status?: 301 | 302 | 303 | 307 | 308;
}

/** 200 with `content-encoding: gzip` but a body that is not gzip: the server answered, unreadably. */
export interface BadGzipScenario extends ScenarioCommon {
  kind: 'badGzip';
}

/** A redirect for every request of the given actions (see `RecordedRequest.action`), until cleared. */
export interface RedirectRule {
  actions: string[];
  location: string;
  status?: 301 | 302 | 303 | 307 | 308;
}

export type Scenario =
  | ImageScenario
  | TextScenario
  | BlockedScenario
  | FinishScenario
  | ErrorScenario
  | HangScenario
  | MalformedScenario
  | EmptyScenario
  | ResetScenario
  | RedirectScenario
  | BadGzipScenario;

export type BatchFinalState = 'SUCCEEDED' | 'FAILED' | 'EXPIRED';

export interface BatchOptions {
  /** The job reaches its final state on this `batches.get` call (default 2); earlier gets see RUNNING. */
  pollsToComplete?: number;
  /** If set, the job reaches its final state this many ms after creation instead, whatever the polls. */
  completeAfterMs?: number;
  /** Default SUCCEEDED. FAILED jobs carry an `error`; neither FAILED nor EXPIRED jobs have output. */
  finalState?: BatchFinalState;
  /** The operation's error when the job FAILED (default 500 "The batch job failed."). */
  failure?: { status: number; message: string };
  /** Scenario per request key (inline `metadata.key` or JSONL `key`; index as a string when absent). */
  scenarios?: Record<string, Scenario>;
}
