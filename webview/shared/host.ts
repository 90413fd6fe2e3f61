/**
 * A webview's only line to the extension host: the VS Code API (acquired once, as it must be),
 * request/reply by id so a caller can await the host's answer, and the state VS Code keeps for the
 * webview while it is hidden or the window reloads.
 */

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export const vscode = acquireVsCodeApi();

let nextRequestId = 1;
const waiting = new Map<number, (reply: never) => void>();

/**
 * Sends a request (the view's own message, without its id) and resolves with the host's reply.
 * `Reply` is the view's reply message type.
 */
export function requestOf<Request extends object, Reply extends { requestId: number }>(message: Request): Promise<Reply> {
  const requestId = nextRequestId++;
  return new Promise((resolve) => {
    waiting.set(requestId, resolve as (reply: never) => void);
    vscode.postMessage({ ...message, requestId });
  });
}

/** Hands a reply from the host to the request that is waiting for it. */
export function settle(reply: { requestId: number }): void {
  const resolve = waiting.get(reply.requestId);
  waiting.delete(reply.requestId);
  resolve?.(reply as never);
}

/** What VS Code kept for this webview (`{}` the first time); each field is checked by its reader. */
export function savedState<T extends object>(): Partial<T> {
  const saved = vscode.getState();
  return saved && typeof saved === 'object' ? (saved as Partial<T>) : {};
}

export function saveState<T extends object>(state: T): void {
  vscode.setState(state);
}

/** Tells the host the webview listens now (with what it remembers); it answers with the full state. */
export function sayReady(details: object): void {
  vscode.postMessage({ type: 'ready', ...details });
}
