/**
 * The prompt being written belongs to the conversation it was written in: switching conversations puts
 * it aside and brings back the other one's. Kept in the webview state, so it survives the view reloading.
 */
import type { AttachmentView } from '../../src/views/chat/protocol';
import { renderAttachments } from './attachments';
import { promptBox } from './layout';
import { renderLimits } from './limits';
import { state } from './state';

/** The unsaved new chat's key (conversation ids are never empty). */
const NEW_CHAT = '';
/** Enough for any real use; the oldest drafts go first beyond it. */
const MAX_DRAFTS = 30;

export interface Draft {
  text: string;
  attachments: AttachmentView[];
}

/** Shows `id`'s draft in the composer after putting the current one aside. Nothing happens when `id` is already shown. */
export function switchDraftTo(id: string | null): void {
  const from = state.conversationId;
  if (from === id) return;
  putAside(from);
  const next = state.drafts[id ?? NEW_CHAT];
  delete state.drafts[id ?? NEW_CHAT];
  state.draft = next?.text ?? '';
  state.attachments = next?.attachments ?? [];
  state.recallIndex = -1;
  promptBox.value = state.draft;
  renderAttachments();
  renderLimits();
}

function putAside(id: string | null): void {
  const key = id ?? NEW_CHAT;
  delete state.drafts[key];
  if (!state.draft.trim() && state.attachments.length === 0) return;
  // Re-inserted last, so the object's order is oldest first.
  state.drafts[key] = { text: state.draft, attachments: state.attachments };
  const keys = Object.keys(state.drafts);
  for (const old of keys.slice(0, Math.max(0, keys.length - MAX_DRAFTS))) delete state.drafts[old];
}
