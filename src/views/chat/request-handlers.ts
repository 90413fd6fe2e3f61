import * as vscode from 'vscode';
import type { ChatEngine } from '../../chat/engine';
import type { ConversationStore } from '../../chat/store';
import { PictorError } from '../../core/errors';
import { ACCEPTED_INPUT_FORMATS_TEXT } from '../../core/input-formats';
import type { WebviewChannel } from '../shared/channel';
import { runErrorAction } from '../../ui/errors';
import { handleSharedRequest } from '../shared/requests';
import { attachmentViews } from './attachments';
import { estimateView } from './estimate-view';
import type { EstimateView, ImageAction, FromWebview, ToWebview } from './protocol';
import type { ChatStateSync } from './state-sync';

export type ChatRequest = Exclude<FromWebview, { type: 'ready' }>;

/** What the handlers need from the view. */
export interface RequestContext {
  engine: ChatEngine;
  /** Keeps the copies attachments are shown from. */
  store: ConversationStore;
  channel: WebviewChannel<ToWebview>;
  sync: ChatStateSync;
  /** Asks for workspace images and attaches them. */
  pickAttachments(): Promise<void>;
  imageAction(action: ImageAction, path: string): Promise<void>;
}

/** What a request learns on the way, for its reply even when it fails. */
export interface RequestNotes {
  /** The conversation a send made or continued, once its turn started. */
  conversationId?: string;
  /** The answer to an `estimate` request. */
  estimate?: EstimateView;
}

/**
 * Carries out one validated request from the webview and returns the conversation it concerns, when
 * that is new to the webview. Failures are thrown; the provider turns them into error replies.
 */
export async function handleRequest(message: ChatRequest, context: RequestContext, notes: RequestNotes = {}): Promise<string | undefined> {
  const { engine, store, channel, sync } = context;
  switch (message.type) {
    case 'send': {
      const onStarted = (id: string) => {
        notes.conversationId = id;
        sync.currentId = id;
        void sync.postConversation();
      };
      const result = await engine.send(
        {
          prompt: message.prompt,
          conversationId: message.conversationId ?? undefined,
          attachments: message.attachments,
          ...message.settings,
          ...(message.background ? { background: message.background } : {}),
        },
        undefined,
        { onStarted },
      );
      return result.conversationId;
    }
    case 'estimate': {
      const estimate = await engine.estimateTurn({
        conversationId: message.conversationId ?? undefined,
        prompt: message.prompt,
        attachments: message.attachments,
        settings: message.settings,
        ...(message.background ? { background: message.background } : {}),
      });
      notes.estimate = estimateView(estimate.estimate, estimate.history);
      return undefined;
    }
    case 'retry': {
      const result = await engine.retry(message.conversationId);
      return result.conversationId;
    }
    case 'stop':
      engine.stop(message.conversationId);
      return undefined;
    case 'discardPending':
      await engine.discardPending(message.conversationId);
      return undefined;
    case 'open':
      sync.currentId = message.conversationId;
      await sync.postConversation();
      return undefined;
    case 'rename':
      await rename(engine, message.conversationId);
      return undefined;
    case 'delete':
      await confirmAndDelete(engine, message.conversationId);
      return undefined;
    case 'updateSettings':
      await engine.updateSettings(message.conversationId, message.settings);
      return undefined;
    case 'pickAttachments':
      await context.pickAttachments();
      return undefined;
    case 'imageAction':
      await context.imageAction(message.action, message.path);
      return undefined;
    case 'errorAction': {
      // The facts come from the stored failed turn, not from the webview: it only names the action.
      const conversation = message.conversationId ? await engine.get(message.conversationId) : undefined;
      const facts = conversation?.pending?.error ?? { code: 'server' };
      const id = message.conversationId;
      await runErrorAction(message.action, facts, {
        retry: id ? () => engine.retry(id) : undefined,
        useModel: id ? (model) => engine.updateSettings(id, { model }) : undefined,
      });
      return undefined;
    }
    default: {
      const brought = await handleSharedRequest(message);
      if (message.type === 'dropFiles' || message.type === 'pasteImage') {
        const views = await attachmentViews(brought, channel.webview, store);
        if (!views.length) throw new PictorError('badInput', `Only images from the workspace can be attached: ${ACCEPTED_INPUT_FORMATS_TEXT}.`);
        channel.post({ type: 'attachments', attachments: views });
      }
      return undefined;
    }
  }
}

async function rename(engine: ChatEngine, conversationId: string): Promise<void> {
  const conversation = await engine.get(conversationId);
  if (!conversation) return;
  const title = await vscode.window.showInputBox({
    title: 'Rename Conversation',
    value: conversation.title,
    prompt: 'A title for this conversation',
    validateInput: (v) => (v.trim() ? undefined : 'The title cannot be empty.'),
  });
  if (title?.trim()) await engine.rename(conversationId, title);
}

async function confirmAndDelete(engine: ChatEngine, conversationId: string): Promise<void> {
  const conversation = await engine.get(conversationId);
  if (!conversation) return;
  const choice = await vscode.window.showWarningMessage(
    `Delete the conversation "${conversation.title}"?`,
    { modal: true, detail: 'Its history is removed from Pictor. The images it saved stay in the workspace.' },
    'Delete',
  );
  if (choice !== 'Delete') return;
  await engine.delete(conversationId);
}
