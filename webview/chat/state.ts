/**
 * The webview's one state object, what of it survives the view being hidden (the webview is not
 * retained, so it reloads when shown again), and the settings derived from it.
 */
import { DEFAULT_MODEL } from '../../src/core/catalog';
import type { ChatSettings } from '../../src/core/conversation';
import type { AttachmentView, ConversationView, SummaryView, ViewSetup } from '../../src/views/chat/protocol';
import { saveState, savedState } from '../shared/host';
import { transcript } from './layout';

interface SavedState {
  conversationId: string | null;
  /** The composer: the prompt being written in the conversation shown, and its images. */
  draft: string;
  attachments: AttachmentView[];
  /** What was being written in the other conversations (key: conversation id, '' for the new chat). */
  drafts: Record<string, { text: string; attachments: AttachmentView[] }>;
  draftSettings: ChatSettings | null;
  /** The composer's Transparent background toggle: a setting of each turn sent while it is on. */
  transparent: boolean;
  historyOpen: boolean;
  promptHistory: string[];
  scrollTop: number | null;
}

const saved = savedState<SavedState>();
export const state: SavedState & {
  setup: ViewSetup | null;
  conversations: SummaryView[];
  conversation: ConversationView | null;
  recallIndex: number;
  banner: string | null;
  /** True while a new chat's first send waits for its reply: the conversation it becomes keeps the composer. */
  adopting: boolean;
  /** New chats started so far: tells the unsaved chat a prompt was sent from from a later one. */
  newChats: number;
} = {
  conversationId: saved.conversationId ?? null,
  draft: saved.draft ?? '',
  attachments: Array.isArray(saved.attachments) ? saved.attachments : [],
  drafts: Object.fromEntries(
    Object.entries(saved.drafts && typeof saved.drafts === 'object' ? saved.drafts : {}).filter(
      ([, d]) => d && typeof d.text === 'string' && Array.isArray(d.attachments),
    ),
  ),
  draftSettings: saved.draftSettings ?? null,
  transparent: saved.transparent === true,
  historyOpen: saved.historyOpen ?? false,
  promptHistory: Array.isArray(saved.promptHistory) ? saved.promptHistory.slice(-50) : [],
  scrollTop: saved.scrollTop ?? null,
  setup: null,
  conversations: [],
  conversation: null,
  recallIndex: -1,
  banner: null,
  adopting: false,
  newChats: 0,
};

export function persist(): void {
  const { conversationId, draft, attachments, drafts, draftSettings, transparent, historyOpen, promptHistory } = state;
  saveState({ conversationId, draft, attachments, drafts, draftSettings, transparent, historyOpen, promptHistory, scrollTop: transcript.scrollTop } satisfies SavedState);
}

export function modelOf(id: string) {
  return state.setup?.models.find((m) => m.id === id);
}

export function currentSettings(): ChatSettings {
  return state.conversation?.settings ?? state.draftSettings ?? state.setup?.defaults ?? { model: DEFAULT_MODEL, aspectRatio: '1:1', imageSize: null, grounding: false };
}

/** Drops what the chosen model cannot do, so a model switch never sends an option it rejects. */
export function normalizeSettings(settings: ChatSettings): ChatSettings {
  const model = modelOf(settings.model);
  return {
    ...settings,
    imageSize: model?.supportsImageSize ? (settings.imageSize && model.imageSizes.includes(settings.imageSize) ? settings.imageSize : '1K') : null,
    aspectRatio: settings.aspectRatio && model && !model.aspectRatios.includes(settings.aspectRatio) ? null : settings.aspectRatio,
    grounding: model?.supportsGrounding ? settings.grounding : false,
    thinkingLevel: settings.thinkingLevel && model?.thinkingLevels.includes(settings.thinkingLevel) ? settings.thinkingLevel : null,
    serviceTier: settings.serviceTier === 'flex' && model?.flex ? 'flex' : 'standard',
  };
}

export function isRunning(): boolean {
  return !!state.conversation?.pending?.running;
}
