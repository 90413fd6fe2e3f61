/**
 * The webview's only line to the extension host: the VS Code API (acquired once, as it must be)
 * and request/reply by id, so a caller can await the host's answer to what it asked.
 */
import type { FromWebview, FromWebviewRequest, ToWebview } from '../../src/views/chat/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export const vscode = acquireVsCodeApi();

export type Reply = Extract<ToWebview, { type: 'reply' }>;

let nextRequestId = 1;
const waiting = new Map<number, (reply: Reply) => void>();

export function request(message: FromWebviewRequest): Promise<Reply> {
  const requestId = nextRequestId++;
  return new Promise((resolve) => {
    waiting.set(requestId, resolve);
    vscode.postMessage({ ...message, requestId });
  });
}

/** Hands a reply from the host to the request that is waiting for it. */
export function settle(reply: Reply): void {
  const resolve = waiting.get(reply.requestId);
  waiting.delete(reply.requestId);
  resolve?.(reply);
}

/** Tells the host the webview listens now; it answers with the full state. */
export function sayReady(conversationId: string | null): void {
  vscode.postMessage({ type: 'ready', conversationId } satisfies FromWebview);
}
