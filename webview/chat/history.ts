/** The list of conversations (opened from the view's title bar): open, rename or delete one. */
import { switchDraftTo } from './drafts';
import { act } from './banner';
import { renderHeader } from './header';
import { codicon, el, iconButton } from '../shared/dom';
import { historyPanel } from './layout';
import { persist, state } from './state';

const formatDate = (iso: string) => {
  const date = new Date(iso);
  const today = new Date();
  return date.toDateString() === today.toDateString()
    ? date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleDateString(undefined, { month: 'short', day: 'numeric', year: date.getFullYear() === today.getFullYear() ? undefined : 'numeric' });
};

export function renderHistory(): void {
  historyPanel.hidden = !state.historyOpen;
  historyPanel.replaceChildren();
  if (!state.historyOpen) return;
  const heading = el('h3', 'Conversations');
  historyPanel.appendChild(heading);
  if (!state.conversations.length) {
    historyPanel.appendChild(el('p', 'No conversations yet.'));
    return;
  }
  const list = el('ul');
  list.className = 'history-list';
  for (const summary of state.conversations) {
    const item = el('li');
    item.className = summary.id === state.conversation?.id ? 'history-item current' : 'history-item';
    const open = el('button');
    open.className = 'history-open';
    open.type = 'button';
    if (summary.thumbnail) {
      const img = el('img');
      img.src = summary.thumbnail;
      img.alt = '';
      img.className = 'history-thumb';
      open.appendChild(img);
    } else {
      const placeholder = codicon('comment-discussion');
      placeholder.classList.add('history-thumb');
      open.appendChild(placeholder);
    }
    const text = el('span');
    text.className = 'history-text';
    const title = el('span', summary.title);
    title.className = 'history-title';
    const meta = el('span', `${formatDate(summary.updatedAt)} · ${summary.turns} turn${summary.turns === 1 ? '' : 's'}${summary.running ? ' · running' : summary.hasError ? ' · failed' : ''}`);
    meta.className = 'history-meta';
    text.append(title, meta);
    open.appendChild(text);
    open.setAttribute('aria-label', `${summary.title}, ${meta.textContent}`);
    open.addEventListener('click', () => openConversation(summary.id));
    item.append(
      open,
      iconButton('edit', `Rename ${summary.title}`, () => void act({ type: 'rename', conversationId: summary.id })),
      iconButton('trash', `Delete ${summary.title}`, () => void act({ type: 'delete', conversationId: summary.id })),
    );
    list.appendChild(item);
  }
  historyPanel.appendChild(list);
}

export function toggleHistory(): void {
  state.historyOpen = !state.historyOpen;
  persist();
  renderHeader();
  renderHistory();
}

function openConversation(id: string): void {
  switchDraftTo(id);
  state.conversationId = id;
  state.historyOpen = false;
  persist();
  void act({ type: 'open', conversationId: id });
  renderHistory();
}
