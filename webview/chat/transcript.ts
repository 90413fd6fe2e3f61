/** The conversation's turns (or a welcome when there are none), kept scrolled where the user left it. */
import { codicon, el } from '../shared/dom';
import { transcript } from './layout';
import { renderPending } from './pending';
import { isRunning, persist, state } from './state';
import { renderTurn } from './turn';

export function renderTranscript(): void {
  const atBottom = transcript.scrollHeight - transcript.scrollTop - transcript.clientHeight < 40;
  transcript.replaceChildren();
  const conversation = state.conversation;
  if (!conversation || (!conversation.turns.length && !conversation.pending)) {
    const empty = el('div');
    empty.className = 'empty';
    empty.append(codicon('sparkle'), el('p', 'Describe an image to start a conversation. Then ask for changes: each answer builds on the last, and every image is saved into your workspace.'));
    const tips = el('ul');
    for (const tip of ['Attach reference images with the paperclip, by pasting, or Shift+drag from the Explorer.', 'Up recalls your last prompt; Escape stops a running request.']) tips.appendChild(el('li', tip));
    empty.appendChild(tips);
    transcript.appendChild(empty);
  } else {
    for (const turn of conversation.turns) transcript.appendChild(renderTurn(turn));
    if (conversation.pending) transcript.appendChild(renderPending(conversation.pending, conversation.id));
  }
  if (state.scrollTop !== null) {
    transcript.scrollTop = state.scrollTop;
    state.scrollTop = null;
  } else if (atBottom || isRunning()) {
    transcript.scrollTop = transcript.scrollHeight;
  }
}

/** Saves the scroll position (debounced), so the transcript reopens where it was. */
export function rememberScroll(): void {
  let scrollTimer = 0;
  transcript.addEventListener('scroll', () => {
    window.clearTimeout(scrollTimer);
    scrollTimer = window.setTimeout(persist, 200);
  });
}
