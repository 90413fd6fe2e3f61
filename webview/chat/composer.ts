/**
 * The prompt box and its buttons: Send and Stop, Enter/Escape, and Up/Down to recall earlier
 * prompts. What is typed is saved as it is typed, and comes back if a send fails.
 */
import { attachmentReference, renderAttachments } from './attachments';
import { act, showBanner } from './banner';
import { request } from './host';
import { promptBox, sendButton, stopButton } from './layout';
import { scheduleEstimate } from './estimate';
import { renderLimits } from './limits';
import { currentSettings, isRunning, persist, state } from './state';

export async function send(): Promise<void> {
  const prompt = promptBox.value;
  if (!prompt.trim() || isRunning() || sendButton.disabled) return;
  const attachments = state.attachments;
  const settings = currentSettings();
  const sentTo = state.conversation?.id ?? null;
  const newChat = state.newChats;
  state.promptHistory = [...state.promptHistory.filter((p) => p !== prompt), prompt].slice(-50);
  state.recallIndex = -1;
  promptBox.value = '';
  state.draft = '';
  state.attachments = [];
  showBanner(null);
  persist();
  renderAttachments();
  renderLimits();
  state.adopting = sentTo === null;
  const reply = await request({
    type: 'send',
    conversationId: sentTo,
    prompt,
    attachments: attachments.map(attachmentReference),
    settings,
    ...(state.transparent ? { background: 'transparent' as const } : {}),
  });
  state.adopting = false;
  // The user may have moved to another conversation meanwhile: that one's composer is not this reply's.
  if (!stillShowing(sentTo, newChat, reply.conversationId)) return;
  if (reply.conversationId) state.conversationId = reply.conversationId;
  if (reply.error) {
    // Nothing typed is lost: the prompt and its images come back, ready to edit or send again.
    if (!promptBox.value.trim()) {
      promptBox.value = prompt;
      state.draft = prompt;
      state.attachments = attachments;
      renderAttachments();
      renderLimits();
    }
    const shownInline = state.conversation?.pending?.error;
    if (!shownInline && reply.error.code !== 'cancelled') showBanner(reply.error.message);
    persist();
  }
}

/** Whether the view still shows the conversation of a send: the one sent to, or the one the host made of the new chat sent from. */
function stillShowing(sentTo: string | null, newChat: number, made: string | undefined): boolean {
  if (sentTo) return state.conversationId === sentTo;
  return state.conversationId === null ? state.newChats === newChat : state.conversationId === made;
}

export function stop(): void {
  const id = state.conversation?.id;
  if (id && isRunning()) void act({ type: 'stop', conversationId: id });
}

export function renderComposerState(): void {
  const running = isRunning();
  stopButton.hidden = !running;
  sendButton.hidden = running;
  renderLimits();
}

export function wireComposer(): void {
  sendButton.addEventListener('click', () => void send());
  stopButton.addEventListener('click', () => stop());

  promptBox.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void send();
    } else if (event.key === 'Escape' && isRunning()) {
      event.preventDefault();
      stop();
    } else if (event.key === 'ArrowUp' && state.promptHistory.length && (promptBox.value === '' || state.recallIndex >= 0) && promptBox.selectionStart === 0) {
      event.preventDefault();
      state.recallIndex = state.recallIndex < 0 ? state.promptHistory.length - 1 : Math.max(0, state.recallIndex - 1);
      promptBox.value = state.promptHistory[state.recallIndex];
    } else if (event.key === 'ArrowDown' && state.recallIndex >= 0 && promptBox.selectionEnd === promptBox.value.length) {
      event.preventDefault();
      state.recallIndex++;
      if (state.recallIndex >= state.promptHistory.length) {
        state.recallIndex = -1;
        promptBox.value = '';
      } else {
        promptBox.value = state.promptHistory[state.recallIndex];
      }
    }
  });

  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && isRunning() && event.target !== promptBox) stop();
  });

  promptBox.addEventListener('input', () => {
    state.draft = promptBox.value;
    if (state.recallIndex >= 0 && promptBox.value !== state.promptHistory[state.recallIndex]) state.recallIndex = -1;
    persist();
    scheduleEstimate();
  });
}
