/** How many images the model takes, and whether this turn goes past it (which disables Send). */
import { limitNote, sendButton } from './layout';
import { scheduleEstimate } from './estimate';
import { currentSettings, isRunning, modelOf, state } from './state';

/** Also re-asks for the turn's estimate: every change that moves the limits (settings, attachments, conversation) moves the price. */
export function renderLimits(): void {
  scheduleEstimate();
  const model = modelOf(currentSettings().model);
  const used = (state.conversation?.turns ?? []).reduce((n, t) => n + t.attachments.length, 0);
  const count = state.attachments.length;
  if (!model || (count === 0 && used === 0)) {
    limitNote.textContent = '';
    limitNote.className = 'limit-note';
    sendButton.disabled = isRunning();
    return;
  }
  const total = used + count;
  limitNote.textContent = `${total} of ${model.maxImages} images`;
  limitNote.setAttribute('aria-label', `${count} attached now, ${used} sent earlier; ${model.label} accepts ${model.maxImages} in a conversation`);
  limitNote.className = total > model.maxImages ? 'limit-note over' : total > model.recommendedImages ? 'limit-note warn' : 'limit-note';
  limitNote.title =
    total > model.maxImages
      ? `${model.label} accepts at most ${model.maxImages} images in a conversation: remove some, or start a new chat.`
      : total > model.recommendedImages
        ? `${model.label} works best with up to ${model.recommendedImages} images.`
        : `${count} attached now, ${used} sent earlier in this conversation.`;
  sendButton.disabled = isRunning() || total > model.maxImages;
}
