/**
 * The composer's cost line: what the turn being written would cost, with the whole history that is
 * sent again, from the host's one estimator. Asked again (debounced) whenever the prompt, the
 * attachments, the settings, the transparency toggle or the conversation change; a late answer to an
 * older question is ignored.
 */
import { request } from './host';
import { estimateNote, sendButton } from './layout';
import { currentSettings, state } from './state';

const DEBOUNCE_MS = 250;
let timer: ReturnType<typeof setTimeout> | undefined;
let asked = 0;

export function scheduleEstimate(): void {
  if (timer !== undefined) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = undefined;
    void refreshEstimate();
  }, DEBOUNCE_MS);
}

async function refreshEstimate(): Promise<void> {
  if (!state.setup) return;
  const mine = ++asked;
  const reply = await request({
    type: 'estimate',
    conversationId: state.conversation?.id ?? null,
    prompt: state.draft,
    attachments: state.attachments.length,
    settings: currentSettings(),
    ...(state.transparent ? { background: 'transparent' as const } : {}),
  });
  if (mine !== asked) return;
  const estimate = reply.error ? null : reply.estimate;
  estimateNote.textContent = estimate?.text ?? '';
  estimateNote.title = estimate ? `Estimated cost of this turn. ${estimate.detail}` : '';
  estimateNote.setAttribute('aria-label', estimate ? `Estimated cost of this turn: ${estimate.text.replace('≈', 'about')}` : '');
  estimateNote.dataset.usd = estimate?.usd === null || estimate?.usd === undefined ? '' : String(estimate.usd);
  // Read with the Send button, so a screen reader hears the price before sending (not on every keystroke).
  if (estimate) sendButton.setAttribute('aria-describedby', estimateNote.id);
  else sendButton.removeAttribute('aria-describedby');
}
