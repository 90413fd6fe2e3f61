import { PictorError } from '../core/errors';
import { parseDurationSeconds } from '../core/retry';

interface ServiceErrorBody {
  error?: {
    code?: number;
    message?: string;
    status?: string;
    details?: Array<{
      '@type'?: string;
      reason?: string;
      retryDelay?: string;
      violations?: Array<{ quotaId?: string; quotaMetric?: string; quotaValue?: string }>;
    }>;
  };
}

/**
 * The SDK puts the whole JSON error body into `message`; read what it says. Only the service's own
 * errors count: for an answer that is not JSON (a proxy's or web server's page) the SDK makes up
 * `{ error: { message: <the page>, code, status: <the HTTP status text> } }` (@google/genai 3.3.0,
 * `throwErrorIfNotOK`, read 2026-11), while Gemini's `status` is a canonical code such as `NOT_FOUND`.
 */
function parseServiceBody(message: string): ServiceErrorBody['error'] | undefined {
  const start = message.indexOf('{');
  if (start < 0) return undefined;
  try {
    const error = (JSON.parse(message.slice(start)) as ServiceErrorBody).error;
    return error && (error.status === undefined || /^[A-Z][A-Z_]*$/.test(error.status)) ? error : undefined;
  } catch {
    return undefined;
  }
}

export interface ErrorCircumstances {
  cancelledByUser: boolean;
  timedOut: boolean;
  timeoutSeconds: number;
  baseUrl: string;
  /** Response headers had arrived when it failed: the server answered, so it is not a network failure. */
  answered?: boolean;
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
  if (status !== undefined) return fromStatus(status, rawMessage, circumstances.baseUrl);
  if (error instanceof SyntaxError || /JSON|Unexpected token|Incomplete JSON/i.test(rawMessage)) {
    return new PictorError('server', 'Gemini sent a response Pictor could not read (malformed JSON). Try again.', {
      detail: describeCause(error),
    });
  }
  if (circumstances.answered) {
    // Headers arrived, then the body could not be read (a bad gzip stream, a cut-off answer): the server's fault.
    return new PictorError('server', `Gemini at ${originOf(circumstances.baseUrl)} answered, but its response could not be read. Try again in a moment.`, {
      detail: describeCause(error),
    });
  }
  // Only a failure to connect (refused, DNS, TLS, reset before any answer) is a network error.
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

function fromStatus(status: number, rawMessage: string, baseUrl: string): PictorError {
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
  if (status === 429) return quotaError(body, serviceMessage, options);
  if (status === 404) {
    // Only the service's own JSON error speaks of a model; anything else is an address that is not the API.
    if (!body) {
      return new PictorError(
        'badInput',
        `${originOf(baseUrl)} answered "not found" (HTTP 404) without a Gemini error: the base URL does not point at the Gemini API. Check pictor.api.baseUrl (without /v1beta).`,
        { ...options, setting: 'pictor.api.baseUrl' },
      );
    }
    return new PictorError('badInput', `Gemini does not know this model or resource${serviceMessage ? ` (${serviceMessage})` : ''}. Pick another model.`, {
      ...options,
      setting: 'pictor.defaultModel',
    });
  }
  if (status >= 400 && status < 500) {
    return new PictorError('badInput', `Gemini rejected the request: ${serviceMessage || `HTTP ${status}`}`, options);
  }
  // The service's own reason ("The model is overloaded.") tells the user more than the status does; a
  // proxy's error page does not.
  const reason = body ? serviceReason(serviceMessage) : '';
  return new PictorError('server', `Gemini had a server error (HTTP ${status}). Try again in a moment.${reason ? ` Gemini said: "${reason}"` : ''}`, options);
}

/**
 * A 429 says either "slow down" (a per-minute limit, usually with RetryInfo) or "not on this plan" (a
 * limit of 0, a daily limit spent, the free tier not offering the model, billing/credits): only the first
 * gets better by waiting. The service's 429 body carries "You exceeded your current quota, please check
 * your plan and billing details…" with a QuotaFailure whose violations name `quotaId`s such as
 * `GenerateRequestsPerMinutePerProjectPerModel-FreeTier` and `GenerateRequestsPerDayPerProjectPerModel-FreeTier`
 * (a 429 for the 2.5 Flash Image model quoted in google-gemini/gemini-cli#8437, 2025-09-14); a capacity 429 says
 * only "Resource has been exhausted (e.g. check quota)." and passes with time (gemini-cli#1609, 2025-06).
 */
function quotaError(body: ServiceErrorBody['error'], serviceMessage: string, options: { status: number; detail: string }): PictorError {
  const retryInfo = body?.details?.find((d) => d['@type']?.endsWith('RetryInfo'));
  const retryAfterSeconds = parseDurationSeconds(retryInfo?.retryDelay);
  const violations = (body?.details ?? []).flatMap((d) => d.violations ?? []);
  const limitZero = violations.some((v) => v.quotaValue === '0') || /\blimit:\s*0\b/i.test(serviceMessage);
  // The per-day limit is named by the QuotaFailure's quotaId, or only by the message's metric
  // (`…/generate_requests_per_model_per_day, limit: 100`) when the service sends no QuotaFailure.
  const daily = violations.some((v) => /per ?day/i.test(v.quotaId ?? '')) || /per[ _-]?day\b|PerDay/i.test(serviceMessage);
  const notOnPlan = /free[ _-]?tier[^.]*not available|not available[^.]*free[ _-]?tier|prepay|credits? (are|is) (depleted|exhausted)/i.test(serviceMessage);
  const billingWithoutWait = retryAfterSeconds === undefined && /plan and billing/i.test(serviceMessage);
  const reason = serviceReason(serviceMessage);
  if (limitZero || notOnPlan || daily || billingWithoutWait) {
    const what = limitZero || notOnPlan
      ? "This API key's plan includes no quota for this model (its limit is 0)."
      : daily
        ? "This API key's daily quota for this model is used up."
        : 'Gemini refused the request for quota or billing reasons.';
    return new PictorError(
      'quota',
      `${what} Waiting will not help: check the plan and billing of the key's project in Google AI Studio, or pick another model.${reason ? ` Gemini said: "${reason}"` : ''}`,
      { ...options, retryable: false, setting: 'pictor.defaultModel' },
    );
  }
  const wait = retryAfterSeconds !== undefined ? ` Try again in ${Math.ceil(retryAfterSeconds)} s.` : ' Wait a moment and retry.';
  return new PictorError('quota', `Gemini's rate limit or quota was reached.${wait}`, { ...options, retryAfterSeconds });
}

/** The service's own words, short: the sentences before its boilerplate link, at most 300 characters. */
function serviceReason(message: string): string {
  const text = message.replace(/\s+/g, ' ').replace(/For more information on this error,? head to:? \S+/i, '').trim();
  return text.length > 300 ? `${text.slice(0, 297)}…` : text;
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
