import { ERROR_CODES, PictorError, type PictorErrorCode } from '../core/errors';

/**
 * A failure as a PictorError. Commands run through `executeCommand` reject with Pictor's own error, but
 * one that crossed a module boundary (another copy of Pictor's code, a transported error) is no longer an
 * instance: its `code`, message and setting are kept when the code is one of Pictor's.
 */
export function asPictorError(error: unknown): PictorError {
  if (error instanceof PictorError) return error;
  const coded = error as { code?: unknown; message?: unknown; setting?: unknown } | undefined;
  if (coded && typeof coded.message === 'string' && (ERROR_CODES as readonly unknown[]).includes(coded.code)) {
    return new PictorError(coded.code as PictorErrorCode, coded.message, { ...(typeof coded.setting === 'string' ? { setting: coded.setting } : {}), cause: error });
  }
  return PictorError.from(error);
}
