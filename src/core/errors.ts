/** The one error type that crosses every boundary. `code` is public API (command rejections). */
import { redact } from './redact';

export const ERROR_CODES = [
  'missingKey',
  'invalidKey',
  'quota',
  'blocked',
  'noImage',
  'badInput',
  'network',
  'cancelled',
  'server',
] as const;

export type PictorErrorCode = (typeof ERROR_CODES)[number];


export interface PictorErrorOptions {
  /** Seconds the service asked us to wait (429 RetryInfo). */
  retryAfterSeconds?: number;
  /** Text the model answered with instead of an image. */
  text?: string;
  /** Extra detail for the log; never shown raw to the user. */
  detail?: string;
  /** HTTP status when the error came from the service. */
  status?: number;
  /** Setting id to open with the "Open Settings" action. */
  setting?: string;
  /**
   * False when trying again soon fails the same way (a quota of 0, a daily limit, billing): no automatic
   * retry and no Retry button. Undefined: the code decides.
   */
  retryable?: boolean;
  /** For a retired or unavailable model: the model to use instead ("Use …"). Public API (`error.replacement`). */
  replacement?: string;
  /** The model id the failure is about, when it is about one. */
  model?: string;
  cause?: unknown;
}

export class PictorError extends Error {
  readonly code: PictorErrorCode;
  readonly retryAfterSeconds?: number;
  readonly text?: string;
  readonly detail?: string;
  readonly status?: number;
  readonly setting?: string;
  readonly retryable?: boolean;
  readonly replacement?: string;
  readonly model?: string;

  constructor(code: PictorErrorCode, message: string, options: PictorErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PictorError';
    this.code = code;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.text = options.text;
    this.detail = options.detail;
    this.status = options.status;
    this.setting = options.setting;
    this.retryable = options.retryable;
    if (options.replacement !== undefined) this.replacement = options.replacement;
    if (options.model !== undefined) this.model = options.model;
  }

  /**
   * The one way to turn anything thrown into a PictorError: a PictorError is returned as it is; anything
   * else becomes `server` with its message (a bug or an unexpected failure, not the user's doing).
   */
  static from(error: unknown, fallbackMessage?: string): PictorError {
    if (error instanceof PictorError) return error;
    const message = error instanceof Error ? error.message : typeof error === 'string' ? error : undefined;
    return new PictorError('server', fallbackMessage ?? message ?? String(error), {
      ...(fallbackMessage && message ? { detail: message } : {}),
      cause: error,
    });
  }

  /** The same failure with `secrets` (the key) cut out of every text it carries; the raw cause is dropped. */
  redacted(secrets: readonly string[]): PictorError {
    const clean = (text: string | undefined) => (text === undefined ? undefined : redact(text, secrets));
    return new PictorError(this.code, redact(this.message, secrets), {
      retryAfterSeconds: this.retryAfterSeconds,
      text: clean(this.text),
      detail: clean(this.detail),
      status: this.status,
      setting: this.setting,
      retryable: this.retryable,
      replacement: this.replacement,
      model: this.model,
    });
  }
}

export function isPictorError(value: unknown): value is PictorError {
  return value instanceof PictorError;
}

export const cancelled = (): PictorError => new PictorError('cancelled', 'Cancelled.');
