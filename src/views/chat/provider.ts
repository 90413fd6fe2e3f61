import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ChatEngine, ChatEvent } from '../../chat/engine';
import type { ConversationStore } from '../../chat/store';
import { describeExchange, type ChatSettings, type Conversation, type ImageRef } from '../../core/conversation';
import { PictorError, isPictorError, type PictorErrorCode } from '../../core/errors';
import { inspectImage } from '../../core/image-info';
import { altTextFrom, formatImageLink, linkStyleFor, relativeLinkPath } from '../../core/insert-link';
import { ASPECT_RATIOS, IMAGE_SIZES, MODELS, isInputMimeType, modelInfo } from '../../core/models';
import { candidateFileNames, extensionForMime } from '../../core/naming';
import type { Services } from '../../services';
import { isImagePath, pickWorkspaceImages } from '../../commands/targets';
import { resolveOutputFolder, resolveWorkspaceFile, workspaceRelativePath, writeNewImage } from '../../workspace/files';
import { outputFolderSetting } from '../../workspace/settings';
import {
  fromWebviewSchema,
  type AttachmentView,
  type ConversationView,
  type ErrorAction,
  type FromWebview,
  type ImageView,
  type SummaryView,
  type ToWebview,
  type ViewSetup,
} from './protocol';

/**
 * Host side of the chat view: renders conversations of the shared engine into view models, and
 * carries out what the webview asks after validating it (paths inside the workspace, known ids,
 * http(s) links only). Posts wait until the webview says it is ready.
 */
export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewType = 'pictor.chatView';

  private view: vscode.WebviewView | undefined;
  private ready = false;
  private queue: ToWebview[] = [];
  private currentId: string | null = null;
  /** A conversation a command asked for before the webview was ready; wins over the webview's own memory. */
  private requested: string | null | undefined;
  private readonly progress = new Map<string, string>();
  private readonly disposables: vscode.Disposable[] = [];
  private listTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly services: Services,
    private readonly engine: ChatEngine,
    private readonly store: ConversationStore,
    private readonly defaults: () => ChatSettings,
  ) {
    this.disposables.push(engine.onDidChange((event) => void this.onEngineEvent(event)));
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
    this.view = view;
    this.ready = false;
    const webview = view.webview;
    webview.options = { enableScripts: true, enableForms: false, localResourceRoots: this.resourceRoots() };
    webview.html = this.html(webview);
    this.disposables.push(
      webview.onDidReceiveMessage((message: unknown) => void this.receive(message)),
      // Not retained when hidden: the webview reloads and says "ready" again when shown.
      view.onDidChangeVisibility(() => {
        if (!view.visible) this.ready = false;
      }),
      view.onDidDispose(() => {
        if (this.view === view) {
          this.view = undefined;
          this.ready = false;
        }
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        webview.options = { ...webview.options, localResourceRoots: this.resourceRoots() };
      }),
    );
  }

  // ---- entry points for commands ----

  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${ChatViewProvider.viewType}.focus`);
  }

  async showConversation(id: string): Promise<void> {
    if (!(await this.engine.get(id))) throw new PictorError('badInput', `There is no conversation with id "${id}".`);
    this.currentId = id;
    if (!this.ready) this.requested = id;
    await this.postConversation();
  }

  newChat(attachments: AttachmentView[]): void {
    this.currentId = null;
    if (!this.ready) this.requested = null;
    this.post({ type: 'newChat', attachments });
  }

  toggleHistory(): void {
    this.post({ type: 'toggleHistory' });
  }

  /** Adds images to the prompt being written (asks for them when none are given). */
  async addAttachments(uris?: vscode.Uri[]): Promise<void> {
    const picked = uris ?? (await pickWorkspaceImages('Pictor: Attach images to the chat', true));
    const views = this.attachmentViews(picked);
    if (views.length) this.post({ type: 'attachments', attachments: views });
    this.post({ type: 'focusPrompt' });
  }

  // ---- messages ----

  private post(message: ToWebview): void {
    if (!this.view || !this.ready) {
      // Full state is re-sent on "ready"; only one-shot messages need to wait.
      if (message.type === 'attachments' || message.type === 'newChat' || message.type === 'toggleHistory' || message.type === 'focusPrompt') {
        this.queue.push(message);
      }
      return;
    }
    void this.view.webview.postMessage(message);
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = fromWebviewSchema.safeParse(raw);
    if (!parsed.success) {
      this.services.log.warn(`chat view: ignored a malformed message (${parsed.error.issues[0]?.path.join('.') ?? '?'})`);
      return;
    }
    const message = parsed.data;
    if (message.type === 'ready') {
      await this.onReady(message.conversationId);
      return;
    }
    let conversationId: string | undefined;
    try {
      conversationId = await this.handle(message);
      this.post({ type: 'reply', requestId: message.requestId, error: null, ...(conversationId ? { conversationId } : {}) });
    } catch (error) {
      const failure = isPictorError(error) ? error : new PictorError('server', String((error as Error)?.message ?? error));
      if (failure.code !== 'cancelled') this.services.log.warn(`chat view: ${message.type}: ${failure.code}: ${failure.message}`);
      this.post({ type: 'reply', requestId: message.requestId, error: { code: failure.code, message: failure.message } });
    }
  }

  private async onReady(conversationId: string | null): Promise<void> {
    this.ready = true;
    const wanted = this.requested !== undefined ? this.requested : conversationId;
    this.requested = undefined;
    this.currentId = wanted && (await this.engine.get(wanted)) ? wanted : null;
    this.post({ type: 'setup', setup: this.setup() });
    await this.postList();
    await this.postConversation();
    const queued = this.queue;
    this.queue = [];
    for (const message of queued) this.post(message);
  }

  private async handle(message: Exclude<FromWebview, { type: 'ready' }>): Promise<string | undefined> {
    switch (message.type) {
      case 'send': {
        const onStarted = (id: string) => {
          this.currentId = id;
          void this.postConversation();
        };
        const result = await this.engine.send(
          { prompt: message.prompt, conversationId: message.conversationId ?? undefined, attachments: message.attachments, ...message.settings },
          undefined,
          { onStarted },
        );
        return result.conversationId;
      }
      case 'retry': {
        const result = await this.engine.retry(message.conversationId);
        return result.conversationId;
      }
      case 'stop':
        this.engine.stop(message.conversationId);
        return undefined;
      case 'discardPending':
        await this.engine.discardPending(message.conversationId);
        return undefined;
      case 'open':
        this.currentId = message.conversationId;
        await this.postConversation();
        return undefined;
      case 'rename': {
        const conversation = await this.engine.get(message.conversationId);
        if (!conversation) return undefined;
        const title = await vscode.window.showInputBox({
          title: 'Rename Conversation',
          value: conversation.title,
          prompt: 'A title for this conversation',
          validateInput: (v) => (v.trim() ? undefined : 'The title cannot be empty.'),
        });
        if (title?.trim()) await this.engine.rename(message.conversationId, title);
        return undefined;
      }
      case 'delete': {
        const conversation = await this.engine.get(message.conversationId);
        if (!conversation) return undefined;
        const choice = await vscode.window.showWarningMessage(
          `Delete the conversation "${conversation.title}"?`,
          { modal: true, detail: 'Its history is removed from Pictor. The images it saved stay in the workspace.' },
          'Delete',
        );
        if (choice !== 'Delete') return undefined;
        await this.engine.delete(message.conversationId);
        return undefined;
      }
      case 'updateSettings':
        await this.engine.updateSettings(message.conversationId, message.settings);
        return undefined;
      case 'pickAttachments':
        await this.addAttachments();
        return undefined;
      case 'dropFiles': {
        const uris = message.uris.flatMap((text) => {
          try {
            return [vscode.Uri.parse(text, true)];
          } catch {
            return [];
          }
        });
        const views = this.attachmentViews(uris);
        if (!views.length) throw new PictorError('badInput', 'Only PNG, JPEG, WebP and GIF images from the workspace can be attached.');
        this.post({ type: 'attachments', attachments: views });
        return undefined;
      }
      case 'pasteImage':
        this.post({ type: 'attachments', attachments: this.attachmentViews([await this.savePastedImage(message.data)]) });
        return undefined;
      case 'imageAction':
        await this.imageAction(message.action, message.path);
        return undefined;
      case 'openLink': {
        let url: vscode.Uri;
        try {
          url = vscode.Uri.parse(message.url, true);
        } catch {
          throw new PictorError('badInput', 'That link is not a valid web address.');
        }
        if (url.scheme !== 'https' && url.scheme !== 'http') throw new PictorError('badInput', 'Only web links can be opened.');
        await vscode.env.openExternal(url);
        return undefined;
      }
      case 'errorAction': {
        const command = { setApiKey: 'pictor.setApiKey', showLog: 'pictor.showLog', openSettings: 'workbench.action.openSettings' }[message.action];
        await vscode.commands.executeCommand(command, ...(message.action === 'openSettings' ? ['pictor'] : []));
        return undefined;
      }
    }
  }

  private async imageAction(action: string, path: string): Promise<void> {
    const uri = resolveWorkspaceFile(path);
    if (!isImagePath(uri)) throw new PictorError('badInput', `${path} is not an image.`);
    const relative = workspaceRelativePath(uri);
    switch (action) {
      case 'open':
        await vscode.commands.executeCommand('vscode.open', uri, { preview: false });
        return;
      case 'reveal':
        await vscode.commands.executeCommand('revealInExplorer', uri);
        return;
      case 'copyPath':
        await vscode.env.clipboard.writeText(relative);
        void vscode.window.setStatusBarMessage(`Copied ${relative}`, 3000);
        return;
      case 'insertLink':
        await this.insertLink(relative);
        return;
      case 'useAsReference':
        this.post({ type: 'attachments', attachments: this.attachmentViews([uri]) });
        this.post({ type: 'focusPrompt' });
        return;
      case 'editInNewChat':
        this.newChat(this.attachmentViews([uri]));
        return;
    }
  }

  /** A relative link at the cursor of the last active editor, or on the clipboard when there is none. */
  private async insertLink(relative: string): Promise<void> {
    const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
    const alt = altTextFrom(await this.promptOf(relative));
    if (!editor || editor.document.isUntitled || !vscode.workspace.getWorkspaceFolder(editor.document.uri)) {
      await vscode.env.clipboard.writeText(formatImageLink('markdown', relative, alt));
      void vscode.window.showInformationMessage('Pictor: No editor to insert into; the Markdown link is on the clipboard.');
      return;
    }
    const docDir = workspaceRelativePath(editor.document.uri).split('/').slice(0, -1).join('/');
    const link = formatImageLink(linkStyleFor(editor.document.languageId), relativeLinkPath(docDir, relative), alt);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(editor.document.uri, editor.selection.active, link);
    await vscode.workspace.applyEdit(edit);
  }

  private async promptOf(path: string): Promise<string> {
    if (!this.currentId) return 'Generated image';
    const conversation = await this.engine.get(this.currentId);
    for (const exchange of conversation?.exchanges ?? []) {
      const turn = describeExchange(exchange);
      if (turn.images.some((i) => i.path === path)) return turn.prompt;
    }
    return 'Generated image';
  }

  /** Saves a pasted image into the output folder, so it can be referenced like any other file. */
  private async savePastedImage(data: string): Promise<vscode.Uri> {
    const bytes = new Uint8Array(Buffer.from(data, 'base64'));
    const info = inspectImage(bytes);
    if (!info || !isInputMimeType(info.mimeType)) {
      throw new PictorError('badInput', 'The pasted data is not a PNG, JPEG, WebP or GIF image.');
    }
    const dir = resolveOutputFolder(outputFolderSetting()).dir;
    return writeNewImage(dir, candidateFileNames('pasted-image', extensionForMime(info.mimeType)), bytes);
  }

  // ---- view models ----

  private async onEngineEvent(event: ChatEvent): Promise<void> {
    if (event.kind === 'progress') {
      this.progress.set(event.conversationId, event.message);
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

  private async postList(): Promise<void> {
    if (!this.view || !this.ready) return;
    const webview = this.view.webview;
    const conversations: SummaryView[] = (await this.engine.list()).map((summary) => ({
      id: summary.id,
      title: summary.title,
      updatedAt: summary.updatedAt,
      turns: summary.turns,
      thumbnail: summary.thumbnail ? webview.asWebviewUri(this.store.imageUri(summary.thumbnail)).toString() : null,
      running: this.engine.isRunning(summary.id),
      hasError: summary.hasError,
    }));
    this.post({ type: 'conversations', conversations });
  }

  private async postConversation(): Promise<void> {
    if (!this.view || !this.ready) return;
    const conversation = this.currentId ? await this.engine.get(this.currentId) : undefined;
    this.post({ type: 'conversation', conversation: conversation ? this.conversationView(conversation, this.view.webview) : null });
  }

  private conversationView(conversation: Conversation, webview: vscode.Webview): ConversationView {
    const image = (ref: ImageRef, alt: string): ImageView => ({
      path: ref.path ?? null,
      src: webview.asWebviewUri(this.store.imageUri(ref)).toString(),
      alt,
      width: ref.width ?? null,
      height: ref.height ?? null,
    });
    const turns = conversation.exchanges.map((exchange, i) => {
      const turn = describeExchange(exchange);
      const about = altTextFrom(turn.prompt);
      const n = i + 1;
      return {
        turn: n,
        prompt: turn.prompt,
        attachments: turn.attachments.map((ref, k) => image(ref, `Attached image ${k + 1}${ref.path ? `: ${ref.path}` : ''}`)),
        images: turn.images.map((ref, k) => image(ref, `Generated image${turn.images.length > 1 ? ` ${k + 1}` : ''} of turn ${n}: ${about}`)),
        thoughtImages: turn.thoughtImages.map((ref, k) => image(ref, `Draft ${k + 1} while thinking about turn ${n}`)),
        text: turn.text,
        thoughts: turn.thoughts,
        grounding: exchange.model.grounding,
        settingsLabel: settingsLabel(exchange.model.settings),
        receivedAt: exchange.model.receivedAt,
      };
    });
    const pending = conversation.pending;
    const running = this.engine.isRunning(conversation.id);
    return {
      id: conversation.id,
      title: conversation.title,
      settings: conversation.settings,
      turns,
      pending:
        pending && (running || pending.error)
          ? {
              prompt: pending.prompt,
              attachments: pending.attachments.map((ref, k) => image(ref, `Attached image ${k + 1}${ref.path ? `: ${ref.path}` : ''}`)),
              running,
              progress: this.progress.get(conversation.id) ?? null,
              error: running ? null : errorView(pending.error),
            }
          : pending && !running
            ? // Sent before a reload or crash and never answered.
              {
                prompt: pending.prompt,
                attachments: pending.attachments.map((ref, k) => image(ref, `Attached image ${k + 1}`)),
                running: false,
                progress: null,
                error: { code: 'cancelled', message: 'Interrupted: the window was reloaded or closed before the answer arrived.', actions: ['retry', 'edit'] },
              }
            : null,
    };
  }

  private attachmentViews(uris: readonly vscode.Uri[]): AttachmentView[] {
    const webview = this.view?.webview;
    const views: AttachmentView[] = [];
    for (const uri of uris) {
      let inside: vscode.Uri;
      try {
        inside = resolveWorkspaceFile(asWorkspaceUri(uri));
      } catch {
        continue;
      }
      if (!isImagePath(inside)) continue;
      const path = workspaceRelativePath(inside);
      views.push({ path, name: path.split('/').pop() ?? path, src: webview ? webview.asWebviewUri(inside).toString() : '' });
    }
    return views;
  }

  private setup(): ViewSetup {
    return {
      models: MODELS.map((m) => ({
        id: m.id,
        label: m.label.replace(/ \(.*\)$/, ''),
        supportsImageSize: m.supportsImageSize,
        supportsGrounding: m.supportsGrounding,
        maxImages: m.maxReferenceImages,
        recommendedImages: m.recommendedReferenceImages,
      })),
      aspectRatios: ASPECT_RATIOS,
      imageSizes: IMAGE_SIZES,
      defaults: this.defaults(),
    };
  }

  private resourceRoots(): vscode.Uri[] {
    const extension = this.services.context.extensionUri;
    return [
      vscode.Uri.joinPath(extension, 'dist', 'webview'),
      vscode.Uri.joinPath(extension, 'media'),
      this.store.imagesDir,
      ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri),
    ];
  }

  private html(webview: vscode.Webview): string {
    const nonce = randomBytes(16).toString('base64');
    const asset = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.services.context.extensionUri, ...path)).toString();
    const csp = [
      "default-src 'none'",
      `img-src ${webview.cspSource}`,
      `style-src ${webview.cspSource}`,
      `font-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('dist', 'webview', 'codicons', 'codicon.css')}">
<link rel="stylesheet" href="${asset('media', 'chat.css')}">
<title>Pictor Chat</title>
</head>
<body>
<div id="app" class="app"></div>
<script nonce="${nonce}" src="${asset('dist', 'webview', 'chat.js')}"></script>
</body>
</html>`;
  }

  dispose(): void {
    if (this.listTimer) clearTimeout(this.listTimer);
    for (const d of this.disposables) d.dispose();
  }
}

/**
 * Files dragged from the Explorer arrive as the workbench names them, which in a browser-based or
 * remote window is `vscode-remote://authority/path` while the extension host knows `file:///path`:
 * the same file when the path lies in a workspace folder.
 */
function asWorkspaceUri(uri: vscode.Uri): vscode.Uri {
  if (vscode.workspace.getWorkspaceFolder(uri)) return uri;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const base = folder.uri.path.replace(/\/+$/, '');
    if (uri.path.startsWith(`${base}/`)) return folder.uri.with({ path: uri.path });
  }
  return uri;
}

export function settingsLabel(settings: ChatSettings): string {
  const info = modelInfo(settings.model);
  return [
    info.label.replace(/ \(.*\)$/, ''),
    settings.aspectRatio ?? 'auto ratio',
    info.supportsImageSize && settings.imageSize ? settings.imageSize : null,
    settings.grounding ? 'Search' : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

function errorView(error: { code: string; message: string } | null): PendingViewError {
  if (!error) return null;
  const code = error.code as PictorErrorCode;
  const actions: ErrorAction[] =
    code === 'missingKey' || code === 'invalidKey'
      ? ['setApiKey', 'retry', 'edit']
      : code === 'badInput'
        ? ['edit', 'retry']
        : code === 'cancelled'
          ? ['retry', 'edit']
          : ['retry', 'edit', 'showLog'];
  return { code: error.code, message: error.message, actions };
}

type PendingViewError = NonNullable<ConversationView['pending']>['error'];
