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
  'budget',
] as const;

export type PictorErrorCode = (typeof ERROR_CODES)[number];

/** Next steps a user can take; the UI layer turns them into buttons. */
export type PictorAction = 'setApiKey' | 'openSettings' | 'retry' | 'showLog';

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
  /** For a retired or unavailable model: the model to use instead. Public API (`error.replacement`). */
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
    if (options.replacement !== undefined) this.replacement = options.replacement;
    if (options.model !== undefined) this.model = options.model;
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
      replacement: this.replacement,
      model: this.model,
    });
  }

  /** Which next steps make sense for this failure, most useful first. */
  get actions(): PictorAction[] {
    switch (this.code) {
      case 'missingKey':
      case 'invalidKey':
        return ['setApiKey', 'showLog'];
      case 'quota':
      case 'server':
      case 'noImage':
      case 'blocked':
        return ['retry', 'showLog'];
      case 'network':
        return this.setting ? ['retry', 'openSettings', 'showLog'] : ['retry', 'showLog'];
      case 'badInput':
        return this.setting ? ['openSettings', 'showLog'] : ['showLog'];
      case 'budget':
        return ['openSettings', 'showLog'];
      case 'cancelled':
        return [];
    }
  }
}

export function isPictorError(value: unknown): value is PictorError {
  return value instanceof PictorError;
}

export const cancelled = (): PictorError => new PictorError('cancelled', 'Cancelled.');
