/** The conversation's title with its Rename and Delete buttons. */
import { act } from './banner';
import { iconButton } from '../shared/dom';
import { headerActions, titleEl } from './layout';
import { state } from './state';

export function renderHeader(): void {
  const conversation = state.conversation;
  titleEl.textContent = conversation?.title ?? 'New chat';
  titleEl.title = titleEl.textContent;
  headerActions.replaceChildren();
  if (conversation) {
    headerActions.append(
      iconButton('edit', 'Rename conversation', () => void act({ type: 'rename', conversationId: conversation.id })),
      iconButton('trash', 'Delete conversation', () => void act({ type: 'delete', conversationId: conversation.id })),
    );
  }
  // New Chat and the conversation list are in the view's title bar (pictor.chat.new / .history).
}
