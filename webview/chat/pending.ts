/** The turn still waiting for its answer: a progress line while running, or the error with its actions. */
import type { AttachmentView, ErrorActionView, PendingView } from '../../src/views/chat/protocol';
import { addAttachments } from './attachments';
import { act, showBanner } from './banner';
import { request } from './host';
import { startCountdown } from './countdown';
import { codicon, el, textButton } from '../shared/dom';
import { promptBox } from './layout';
import { state } from './state';
import { userMessage } from './turn';

export function renderPending(pending: PendingView, conversationId: string): HTMLElement {
  const article = el('article');
  article.className = 'turn pending';
  article.appendChild(userMessage(pending.prompt, pending.attachments));
  const answer = el('div');
  answer.className = 'message model';
  if (pending.running) {
    const status = el('div');
    status.className = 'status';
    status.setAttribute('role', 'status');
    const spinner = codicon('loading');
    spinner.classList.add('codicon-modifier-spin');
    const text = el('span', pending.progress ?? 'Generating…');
    status.append(spinner, text);
    // A wait before a retry (rate limit, server error) counts down second by second.
    if (pending.progress && pending.retryInMs !== null) startCountdown(text, pending.progress, pending.retryInMs);
    answer.appendChild(status);
  } else if (pending.error) {
    const error = el('div');
    error.className = pending.error.code === 'cancelled' ? 'turn-error stopped' : 'turn-error';
    error.setAttribute('role', 'alert');
    error.append(codicon(pending.error.code === 'cancelled' ? 'debug-stop' : 'error'), el('span', pending.error.message));
    const buttons = el('div');
    buttons.className = 'error-actions';
    for (const action of pending.error.actions) buttons.appendChild(errorButton(action, pending, conversationId));
    error.appendChild(buttons);
    answer.appendChild(error);
  }
  article.appendChild(answer);
  return article;
}

/** One button of the shared action table; Retry and Edit Prompt act here, the rest on the host. */
function errorButton(action: ErrorActionView, pending: PendingView, conversationId: string): HTMLButtonElement {
  return textButton(action.icon, action.label, action.id === 'retry' ? 'primary' : 'secondary', () => {
    switch (action.id) {
      case 'retry':
        void retry(conversationId);
        return;
      case 'editPrompt':
        editPending(pending);
        void act({ type: 'discardPending', conversationId });
        return;
      default:
        void act({ type: 'errorAction', action: action.id, conversationId });
    }
  });
}

/** Puts a failed turn back into the composer: its prompt, and its images that are workspace files. */
function editPending(pending: PendingView): void {
  promptBox.value = pending.prompt;
  state.draft = pending.prompt;
  const images = pending.attachments.flatMap((image): AttachmentView[] =>
    // A stored turn knows its images by folder-relative path only, hence no URI.
    image.path ? [{ path: image.path, uri: null, src: image.src, name: image.path.split('/').pop() ?? image.path }] : [],
  );
  addAttachments(images);
  if (images.length < pending.attachments.length) showBanner('Some images of that prompt are not workspace files: attach them again.');
  promptBox.focus();
}

async function retry(conversationId: string): Promise<void> {
  showBanner(null);
  await request({ type: 'retry', conversationId });
}
