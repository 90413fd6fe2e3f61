/** The alert banner above the transcript, and requests whose failure is only worth that banner. */
import type { FromWebviewRequest } from '../../src/views/chat/protocol';
import { request } from './host';
import { fillBanner } from '../shared/regions';
import { bannerEl } from './layout';
import { state } from './state';

export function showBanner(message: string | null): void {
  state.banner = message;
  fillBanner(bannerEl, message, () => showBanner(null));
}

export async function act(message: FromWebviewRequest): Promise<void> {
  const reply = await request(message);
  if (reply.error && reply.error.code !== 'cancelled') showBanner(reply.error.message);
}

/** Links in model text and sources open through the host, which accepts web links only. */
export function openLink(url: string): void {
  void act({ type: 'openLink', url });
}
