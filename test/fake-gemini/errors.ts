/**
 * Google API error bodies: `{error:{code,message,status,details}}`, with the canonical status
 * name for the HTTP code and the google.rpc detail types the SDK and apps look at.
 */

import { DEFAULT_IMAGE_MODEL } from './catalog';

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  412: 'FAILED_PRECONDITION',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

const DEFAULT_MESSAGES: Record<string, string> = {
  INVALID_ARGUMENT: 'Request contains an invalid argument.',
  UNAUTHENTICATED: 'Request had invalid authentication credentials.',
  PERMISSION_DENIED: 'The caller does not have permission',
  NOT_FOUND: 'Requested entity was not found.',
  RESOURCE_EXHAUSTED:
    'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.',
  INTERNAL:
    'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
  UNAVAILABLE: 'The model is overloaded. Please try again later.',
  DEADLINE_EXCEEDED: 'Deadline expired before operation could complete.',
};

/** google.rpc.Code numbers, used where an error travels as a google.rpc.Status (batch results). */
const RPC_CODES: Record<string, number> = {
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
};

export function statusNameFor(code: number): string {
  return STATUS_NAMES[code] ?? (code >= 500 ? 'INTERNAL' : 'UNKNOWN');
}

export interface ErrorSpec {
  status: number;
  message?: string;
  statusName?: string;
  retryDelay?: string;
  reason?: string;
  model?: string;
  /** RESOURCE_EXHAUSTED only: the QuotaFailure's quotaValue (default "10"; "0" = not on this plan). */
  quotaValue?: string;
  /** RESOURCE_EXHAUSTED only: the QuotaFailure's quotaId (default a per-minute free-tier id). */
  quotaId?: string;
}

/** An error the request handlers throw; the server turns it into the JSON error response. */
export class ApiFailure extends Error {
  constructor(
    readonly spec: ErrorSpec,
  ) {
    super(spec.message ?? statusNameFor(spec.status));
  }

  get status(): number {
    return this.spec.status;
  }
}

export function fail(status: number, message: string, extra: Omit<ErrorSpec, 'status' | 'message'> = {}): ApiFailure {
  return new ApiFailure({ status, message, ...extra });
}

export function errorBody(spec: ErrorSpec): { error: { code: number; message: string; status: string; details?: object[] } } {
  const status = spec.statusName ?? statusNameFor(spec.status);
  const message = spec.message ?? DEFAULT_MESSAGES[status] ?? 'Unknown error.';
  const details: object[] = [];
  if (spec.reason) {
    details.push({
      '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
      reason: spec.reason,
      domain: 'googleapis.com',
      metadata: { service: 'generativelanguage.googleapis.com' },
    });
  }
  if (status === 'RESOURCE_EXHAUSTED') {
    details.push(
      {
        '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
        violations: [
          {
            quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
            quotaId: spec.quotaId ?? 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
            quotaDimensions: { location: 'global', model: spec.model ?? DEFAULT_IMAGE_MODEL },
            quotaValue: spec.quotaValue ?? '10',
          },
        ],
      },
      {
        '@type': 'type.googleapis.com/google.rpc.Help',
        links: [{ description: 'Learn more about Gemini API quotas', url: 'https://ai.google.dev/gemini-api/docs/rate-limits' }],
      },
    );
  }
  if (spec.retryDelay) {
    details.push({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: spec.retryDelay });
  }
  if (spec.reason === 'API_KEY_INVALID') {
    details.push({ '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message });
  }
  return { error: { code: spec.status, message, status, ...(details.length ? { details } : {}) } };
}

/** The same error as a google.rpc.Status, as it appears inside batch results. */
export function rpcStatus(spec: ErrorSpec): { code: number; message: string; details?: object[] } {
  const { error } = errorBody(spec);
  return { code: RPC_CODES[error.status] ?? 2, message: error.message, ...(error.details ? { details: error.details } : {}) };
}

export const INVALID_KEY_MESSAGE = 'API key not valid. Please pass a valid API key.';
export const MISSING_KEY_MESSAGE =
  "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.";
