import * as z from 'zod/mini';

/**
 * A `vscode.CancellationToken` by shape, so core can accept one without importing vscode: agent tools
 * and scripts pass theirs in a command's argument object (`cancellationToken`).
 */
export interface CancellationTokenLike {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => unknown): { dispose(): unknown };
}

/** Validates the shape only; the object itself is kept (zod returns it unchanged). */
export const cancellationTokenSchema = z.custom<CancellationTokenLike>(
  (v) =>
    !!v &&
    typeof v === 'object' &&
    typeof (v as CancellationTokenLike).isCancellationRequested === 'boolean' &&
    typeof (v as CancellationTokenLike).onCancellationRequested === 'function',
  'expected a vscode.CancellationToken',
);

/**
 * Aborts `controller` when `token` is cancelled (at once when it already is). Returns the subscription
 * to dispose when the work ends; with no token, a no-op.
 */
export function abortOnCancel(token: CancellationTokenLike | undefined, controller: AbortController): { dispose(): void } {
  if (!token) return { dispose() {} };
  if (token.isCancellationRequested) {
    controller.abort();
    return { dispose() {} };
  }
  const subscription = token.onCancellationRequested(() => controller.abort());
  return { dispose: () => void subscription.dispose() };
}
