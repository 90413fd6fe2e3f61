/** Applies what the host sends to the state, and re-renders only the parts it touches. */
import type { AttachmentView, ToWebview } from '../../src/views/chat/protocol';
import { announceChange } from './announce';
import { addAttachments } from './attachments';
import { act } from './banner';
import { renderComposerState } from './composer';
import { renderHeader } from './header';
import { renderHistory, toggleHistory } from './history';
import { settle } from './host';
import { promptBox } from './layout';
import { renderLimits } from './limits';
import { renderAll } from './render-all';
import { renderSettings } from './settings-bar';
import { switchDraftTo } from './drafts';
import { currentSettings, normalizeSettings, persist, state } from './state';
import { renderTranscript } from './transcript';

function newChat(attachments: AttachmentView[]): void {
  state.newChats++;
  switchDraftTo(null);
  state.conversationId = null;
  state.conversation = null;
  state.draftSettings = normalizeSettings({ ...(state.setup?.defaults ?? currentSettings()) });
  state.attachments = [...state.attachments.filter((a) => !attachments.some((b) => b.path === a.path)), ...attachments];
  state.historyOpen = false;
  persist();
  void act({ type: 'open', conversationId: null });
  renderAll();
  promptBox.focus();
}

export function listenToHost(): void {
  window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
    const message = event.data;
    switch (message.type) {
      case 'setup':
        state.setup = message.setup;
        if (!state.draftSettings) state.draftSettings = normalizeSettings({ ...message.setup.defaults });
        renderSettings();
        renderLimits();
        return;
      case 'conversations':
        state.conversations = message.conversations;
        renderHistory();
        return;
      case 'conversation':
        announceChange(state.conversation, message.conversation);
        // Left for an unsaved chat (the one shown was deleted, say): a new one.
        if (state.conversationId !== null && !message.conversation) state.newChats++;
        // The new chat a prompt was just sent from becomes this conversation and keeps its composer;
        // any other switch puts the draft aside and brings back the one of the conversation shown.
        if (!(state.adopting && state.conversationId === null)) switchDraftTo(message.conversation?.id ?? null);
        state.conversation = message.conversation;
        state.conversationId = message.conversation?.id ?? null;
        persist();
        renderHeader();
        renderHistory();
        renderSettings();
        renderTranscript();
        renderComposerState();
        return;
      case 'attachments':
        addAttachments(message.attachments);
        return;
      case 'newChat':
        newChat(message.attachments);
        return;
      case 'toggleHistory':
        toggleHistory();
        return;
      case 'focusPrompt':
        promptBox.focus();
        return;
      case 'reply':
        settle(message);
        return;
    }
  });
}
