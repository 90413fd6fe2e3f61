/** The Studio's requests and replies over the shared host line (webview/shared/host). */
import type { FromWebviewRequest, ToWebview } from '../../src/views/studio/protocol';
import { requestOf } from '../shared/host';

export { settle, sayReady } from '../shared/host';

export type Reply = Extract<ToWebview, { type: 'reply' }>;

export function request(message: FromWebviewRequest): Promise<Reply> {
  return requestOf<FromWebviewRequest, Reply>(message);
}
