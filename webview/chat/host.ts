/** The chat's requests and replies over the shared host line (webview/shared/host). */
import type { FromWebview, FromWebviewRequest, ToWebview } from '../../src/views/chat/protocol';
import { requestOf, sayReady as sayReadyWith } from '../shared/host';

export { settle } from '../shared/host';

export type Reply = Extract<ToWebview, { type: 'reply' }>;

export function request(message: FromWebviewRequest): Promise<Reply> {
  return requestOf<FromWebviewRequest, Reply>(message);
}

/** Tells the host the webview listens now; it answers with the full state. */
export function sayReady(conversationId: string | null): void {
  sayReadyWith({ conversationId } satisfies Omit<Extract<FromWebview, { type: 'ready' }>, 'type'>);
}
