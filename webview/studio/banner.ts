/** The alert banner, and requests whose failure is only worth that banner. */
import type { FromWebviewRequest } from '../../src/views/studio/protocol';
import { fillBanner } from '../shared/regions';
import { request } from './host';
import { bannerEl } from './layout';

export function showBanner(message: string | null): void {
  fillBanner(bannerEl, message, () => showBanner(null));
}

/** Sends a request; a failure (other than a cancel) shows in the banner. Resolves with the reply's value. */
export async function act(message: FromWebviewRequest): Promise<unknown> {
  const reply = await request(message);
  if (reply.error && reply.error.code !== 'cancelled') showBanner(reply.error.message);
  return reply.error ? undefined : reply.value;
}
