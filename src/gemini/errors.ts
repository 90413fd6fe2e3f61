import { PictorError } from '../core/errors';
import { parseDurationSeconds } from '../core/retry';

interface ServiceErrorBody {
  error?: {
    code?: number;
    message?: string;
    status?: string;
    details?: Array<{ '@type'?: string; reason?: string; retryDelay?: string }>;
  };
}

/** The SDK puts the whole JSON error body into `message`; read what it says. */
function parseServiceBody(message: string): ServiceErrorBody['error'] | undefined {
  const start = message.indexOf('{');
  if (start < 0) return undefined;
  try {
    return (JSON.parse(message.slice(start)) as ServiceErrorBody).error;
  } catch {
    return undefined;
  }
}

export interface ErrorCircumstances {
  cancelledByUser: boolean;
  timedOut: boolean;
  timeoutSeconds: number;
  baseUrl: string;
}

/** Turns anything the SDK or the network threw into the one PictorError a user should see. */
export function toPictorError(error: unknown, circumstances: ErrorCircumstances): PictorError {
  if (error instanceof PictorError) return error;
  if (circumstances.cancelledByUser) return new PictorError('cancelled', 'Cancelled.');
  if (circumstances.timedOut) {
    return new PictorError(
      'network',
      `Gemini did not answer within ${circumstances.timeoutSeconds} s. Try again, or raise the timeout in settings.`,
      { setting: 'pictor.requestTimeoutSeconds', detail: 'client timeout' },
    );
  }
  const status = typeof (error as { status?: unknown })?.status === 'number' ? (error as { status: number }).status : undefined;
  const rawMessage = error instanceof Error ? error.message : String(error);
  if (status !== undefined) return fromStatus(status, rawMessage);
  if (error instanceof SyntaxError || /JSON|Unexpected token|Incomplete JSON/i.test(rawMessage)) {
    return new PictorError('server', 'Gemini sent a response Pictor could not read (malformed JSON). Try again.', {
      detail: describeCause(error),
    });
  }
  return new PictorError(
    'network',
    `Could not reach Gemini at ${originOf(circumstances.baseUrl)}. Check your connection (and any proxy), then retry.`,
    { detail: describeCause(error), setting: 'pictor.api.baseUrl' },
  );
}

/** Scheme, host and port only: a proxy URL's user, token or path stays out of messages. */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'the configured address';
  }
}

function fromStatus(status: number, rawMessage: string): PictorError {
  const body = parseServiceBody(rawMessage);
  const serviceMessage = body?.message ?? '';
  const reasons = (body?.details ?? []).map((d) => d.reason).filter(Boolean);
  const detail = `HTTP ${status} ${body?.status ?? ''} ${serviceMessage}`.trim();
  const options = { status, detail };
  if (reasons.includes('API_KEY_INVALID') || /api key not valid/i.test(serviceMessage) || status === 401) {
    return new PictorError('invalidKey', 'Gemini rejected the API key. Set a valid key from Google AI Studio.', options);
  }
  if (status === 403) {
    return new PictorError(
      'invalidKey',
      `Gemini refused the request with this API key (permission denied${serviceMessage ? `: ${serviceMessage}` : ''}). Check the key and its project.`,
      options,
    );
  }
  if (status === 429) {
    const retryInfo = body?.details?.find((d) => d['@type']?.endsWith('RetryInfo'));
    const retryAfterSeconds = parseDurationSeconds(retryInfo?.retryDelay);
    const wait = retryAfterSeconds !== undefined ? ` Try again in ${Math.ceil(retryAfterSeconds)} s.` : ' Wait a moment and retry.';
    return new PictorError('quota', `Gemini's rate limit or quota was reached.${wait}`, { ...options, retryAfterSeconds });
  }
  if (status === 404) {
    return new PictorError('badInput', `Gemini does not know this model or resource${serviceMessage ? ` (${serviceMessage})` : ''}. Pick another model.`, {
      ...options,
      setting: 'pictor.defaultModel',
    });
  }
  if (status >= 400 && status < 500) {
    return new PictorError('badInput', `Gemini rejected the request: ${serviceMessage || `HTTP ${status}`}`, options);
  }
  return new PictorError('server', `Gemini had a server error (HTTP ${status}). Try again in a moment.`, options);
}

function describeCause(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    const e = current as { name?: string; message?: string; code?: string; cause?: unknown };
    parts.push([e.name, e.code, e.message].filter(Boolean).join(' '));
    current = e.cause;
  }
  return parts.join(' <- ');
}
