import type * as z from 'zod/mini';
import type { Logger } from '../../core/log';
import { PictorError } from '../../core/errors';

/** The reply every Pictor webview gets to a request: its id, an error or null, and the request's value. */
export interface ReplyMessage {
  type: 'reply';
  requestId: number;
  error: { code: string; message: string } | null;
  value?: unknown;
}

/**
 * Checks a message from a webview (untrusted input) against the view's schema; a malformed one is
 * logged (where it went wrong, never its content) and dropped.
 * @returns the typed message, or undefined when it does not match
 */
export function parseWebviewMessage<T>(schema: z.ZodMiniType<T>, raw: unknown, log: Logger): T | undefined {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  log.warn(`ignored a malformed message (${parsed.error.issues[0]?.path.join('.') ?? '?'})`);
  return undefined;
}

/** Any failure as the error a webview shows (with what the action table reads); logged unless the user cancelled. */
export function webviewFailure(error: unknown, log: Logger, what: string): { code: string; message: string } {
  const failure = PictorError.from(error);
  if (failure.code !== 'cancelled') log.warn(`${what}: ${failure.code}: ${failure.message}`);
  return { code: failure.code, message: failure.message };
}
