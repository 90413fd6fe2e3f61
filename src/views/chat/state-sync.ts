import type * as vscode from 'vscode';
import type { ChatEngine, ChatEvent } from '../../chat/engine';
import type { ConversationStore } from '../../chat/store';
import type { WebviewChannel } from '../shared/channel';
import { conversationView } from './conversation-view';
import type { SummaryView, ToWebview } from './protocol';

/**
 * Keeps the webview in step with the engine: which conversation it shows, that conversation after
 * every change (with the latest progress note), and the conversation list (batched, since a run
 * changes it many times in a row).
 */
export class ChatStateSync implements vscode.Disposable {
  /** The conversation the view shows; null for a new, unsaved chat. */
  currentId: string | null = null;
  private readonly progress = new Map<string, { message: string; retryAt?: number }>();
  private listTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly channel: WebviewChannel<ToWebview>,
    private readonly engine: ChatEngine,
    private readonly store: ConversationStore,
  ) {}

  async onEngineEvent(event: ChatEvent): Promise<void> {
    if (event.kind === 'progress') {
      this.progress.set(event.conversationId, { message: event.message, ...(event.retryAt ? { retryAt: event.retryAt } : {}) });
    } else if (event.kind === 'running' && !event.running) {
      this.progress.delete(event.conversationId);
    }
    if (event.kind === 'deleted' && event.conversationId === this.currentId) this.currentId = null;
    if (event.conversationId === this.currentId || (event.kind === 'deleted' && this.currentId === null)) await this.postConversation();
    this.scheduleList();
  }

  private scheduleList(): void {
    if (this.listTimer) return;
    this.listTimer = setTimeout(() => {
      this.listTimer = undefined;
      void this.postList();
    }, 50);
  }

  async postList(): Promise<void> {
    const webview = this.channel.webview;
    if (!webview || !this.channel.isReady) return;
    const conversations: SummaryView[] = (await this.engine.list()).map((summary) => ({
      id: summary.id,
      title: summary.title,
      updatedAt: summary.updatedAt,
      turns: summary.turns,
      thumbnail: summary.thumbnail ? webview.asWebviewUri(this.store.imageUri(summary.thumbnail)).toString() : null,
      running: this.engine.isRunning(summary.id),
      hasError: summary.hasError,
    }));
    this.channel.post({ type: 'conversations', conversations });
  }

  async postConversation(): Promise<void> {
    const webview = this.channel.webview;
    if (!webview || !this.channel.isReady) return;
    const conversation = this.currentId ? await this.engine.get(this.currentId) : undefined;
    const view = conversation
      ? conversationView(
          conversation,
          { running: this.engine.isRunning(conversation.id), ...liveProgress(this.progress.get(conversation.id)) },
          (ref) => webview.asWebviewUri(this.store.imageUri(ref)).toString(),
        )
      : null;
    this.channel.post({ type: 'conversation', conversation: view });
  }

  dispose(): void {
    if (this.listTimer) clearTimeout(this.listTimer);
  }
}

/** The retry note and, while a retry is waiting, how long is left (from now, so the webview's clock does not matter). */
function liveProgress(progress: { message: string; retryAt?: number } | undefined): { progress: string | null; retryInMs: number | null } {
  if (!progress) return { progress: null, retryInMs: null };
  const left = progress.retryAt === undefined ? null : Math.max(0, progress.retryAt - Date.now());
  return { progress: progress.message, retryInMs: left };
}
