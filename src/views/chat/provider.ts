import * as vscode from 'vscode';
import type { ChatEngine } from '../../chat/engine';
import type { ConversationStore } from '../../chat/store';
import type { ChatSettings } from '../../core/conversation';
import { PictorError } from '../../core/errors';
import type { Services } from '../../services';
import { Disposable, DisposableStore } from '../../ui/disposable';
import { pickWorkspaceImages } from '../../ui/targets';
import { attachmentViews } from './attachments';
import { WebviewChannel } from '../shared/channel';
import { webviewHtml, webviewResourceRoots } from '../shared/html';
import { parseWebviewMessage, webviewFailure } from '../shared/messages';
import { runImageAction } from './image-actions';
import { fromWebviewSchema, type AttachmentView, type ToWebview } from './protocol';
import { handleRequest, type ChatRequest, type RequestContext, type RequestNotes } from './request-handlers';
import { ChatStateSync } from './state-sync';
import { viewSetup } from './view-setup';
import { showPictorError } from '../../ui/errors';

/**
 * Host side of the chat view: renders conversations of the shared engine into view models, and
 * carries out what the webview asks after validating it (paths inside the workspace, known ids,
 * http(s) links only). Posts wait until the webview says it is ready.
 */
export class ChatViewProvider extends Disposable implements vscode.WebviewViewProvider {
  static readonly viewType = 'pictor.chatView';

  /** One-shot messages a command sent while the webview loaded are applied once it is ready. */
  private readonly channel = new WebviewChannel<ToWebview>((m) => ['attachments', 'newChat', 'toggleHistory', 'focusPrompt'].includes(m.type));
  private readonly sync: ChatStateSync;
  /** A conversation a command asked for before the webview was ready; wins over the webview's own memory. */
  private requested: string | null | undefined;
  /** Listeners of the view currently resolved; emptied when that view goes, so a re-resolve never doubles them. */
  private readonly viewListeners = this._register(new DisposableStore());
  private readonly requestContext: RequestContext;

  constructor(
    private readonly services: Services,
    private readonly engine: ChatEngine,
    private readonly store: ConversationStore,
    private readonly defaults: () => ChatSettings,
  ) {
    super();
    this.sync = this._register(new ChatStateSync(this.channel, engine, store));
    this.requestContext = {
      engine,
      store,
      channel: this.channel,
      sync: this.sync,
      pickAttachments: () => this.addAttachments(),
      imageAction: (action, path) =>
        runImageAction(action, path, {
          engine,
          currentId: this.sync.currentId,
          useAsReference: async (uri) => {
            this.channel.post({ type: 'attachments', attachments: await attachmentViews([uri], this.channel.webview, store) });
            this.channel.post({ type: 'focusPrompt' });
          },
          editInNewChat: async (uri) => this.newChat(await attachmentViews([uri], this.channel.webview, store)),
        }),
    };
    this._register(engine.onDidChange((event) => void this.sync.onEngineEvent(event)));
  }

  static register(services: Services, engine: ChatEngine, store: ConversationStore, defaults: () => ChatSettings): ChatViewProvider {
    const provider = new ChatViewProvider(services, engine, store, defaults);
    services.context.subscriptions.push(
      provider,
      vscode.window.registerWebviewViewProvider(ChatViewProvider.viewType, provider),
    );
    return provider;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    const webview = view.webview;
    const extensionUri = this.services.context.extensionUri;
    webview.options = { enableScripts: true, enableForms: false, localResourceRoots: webviewResourceRoots(extensionUri, this.store.imagesDir) };
    webview.html = webviewHtml(webview, extensionUri, { title: 'Pictor Chat', script: 'chat.js', stylesheets: ['chat.css'] });
    this.channel.connect(view, view.onDidChangeVisibility, (message) => void this.receive(message), this.viewListeners);
  }

  // ---- entry points for commands ----

  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${ChatViewProvider.viewType}.focus`);
  }

  async showConversation(id: string): Promise<void> {
    if (!(await this.engine.get(id))) throw new PictorError('badInput', `There is no conversation with id "${id}".`);
    this.sync.currentId = id;
    if (!this.channel.isReady) this.requested = id;
    await this.sync.postConversation();
  }

  newChat(attachments: AttachmentView[]): void {
    this.sync.currentId = null;
    if (!this.channel.isReady) this.requested = null;
    this.channel.post({ type: 'newChat', attachments });
  }

  toggleHistory(): void {
    this.channel.post({ type: 'toggleHistory' });
  }

  /** Adds images to the prompt being written (asks for them when none are given). */
  async addAttachments(uris?: vscode.Uri[]): Promise<void> {
    const picked = uris ?? (await pickWorkspaceImages('Pictor: Attach images to the chat', true));
    const views = await attachmentViews(picked, this.channel.webview, this.store);
    if (views.length) this.channel.post({ type: 'attachments', attachments: views });
    this.channel.post({ type: 'focusPrompt' });
  }

  // ---- messages from the webview ----

  private async receive(raw: unknown): Promise<void> {
    const message = parseWebviewMessage(fromWebviewSchema, raw, this.services.log.for('chat view'));
    if (!message) return;
    if (message.type === 'ready') {
      await this.onReady(message.conversationId);
      return;
    }
    const notes: RequestNotes = {};
    try {
      const conversationId = await handleRequest(message, this.requestContext, notes);
      this.channel.post({
        type: 'reply',
        requestId: message.requestId,
        error: null,
        ...(conversationId ? { conversationId } : {}),
        ...(notes.estimate ? { estimate: notes.estimate } : {}),
      });
    } catch (error) {
      const failure = webviewFailure(error, this.services.log.for('chat view'), message.type);
      // The webview needs the conversation of a failed send to know whether it still shows it.
      const about = notes.conversationId ? { conversationId: notes.conversationId } : {};
      this.channel.post({ type: 'reply', requestId: message.requestId, error: failure, ...about });
      if (message.type === 'send') {
        const original = PictorError.from(error);
        if (original.replacement) this.offerReplacement(original, message);
      }
    }
  }

  /** A retired model: "X was shut down on DATE; its replacement is Y" with [Use Y], which sends the turn again with Y. */
  private offerReplacement(failure: PictorError, message: Extract<ChatRequest, { type: 'send' }>): void {
    void showPictorError(failure, this.services.log, {
      useModel: (model) => this.receive({ ...message, settings: { ...message.settings, model } }),
    });
  }

  /** The webview (re)loaded: send it everything, then what commands asked for meanwhile. */
  private async onReady(conversationId: string | null): Promise<void> {
    this.channel.markReady();
    const wanted = this.requested !== undefined ? this.requested : conversationId;
    this.requested = undefined;
    this.sync.currentId = wanted && (await this.engine.get(wanted)) ? wanted : null;
    this.channel.post({ type: 'setup', setup: viewSetup(this.defaults()) });
    await this.sync.postList();
    await this.sync.postConversation();
    this.channel.flushQueue();
    void this.offerListedModels();
  }

  /**
   * The settings bar offers the catalog at once, and the merged list (the models the key lists too) when it
   * answers, without holding up the view. A failure keeps the catalog's menu; ModelDirectory logs why.
   */
  private async offerListedModels(): Promise<void> {
    try {
      const listed = await this.services.models.list();
      this.channel.post({ type: 'setup', setup: viewSetup(this.defaults(), listed) });
    } catch (error) {
      this.services.log.warn(`Chat: the model menu stays the catalog's (${String((error as Error)?.message ?? error)}).`);
    }
  }
}
