import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import {
  buildHistory,
  checkNextTurn,
  cleanTitle,
  createConversation,
  describeExchange,
  inlineParts,
  summarize,
  titleFromPrompt,
  toStoredParts,
  toWireParts,
  userParts,
  type ChatSettings,
  type Conversation,
  type ConversationSummary,
  type Exchange,
  type ImageRef,
  type ImageReader,
} from '../core/conversation';
import { parseChatResponse, type ChatAnswer } from '../core/conversation-response';
import { PictorError, cancelled, isPictorError } from '../core/errors';
import { inspectImage, sha256Hex } from '../core/image-info';
import type { Logger } from '../core/log';
import { modelInfo, type AspectRatio, type ImageSize } from '../core/models';
import { candidateFileNames, extensionForMime, slugify } from '../core/naming';
import { RESPONSE_MODALITIES, type ImageRequest } from '../core/request';
import { serializeSidecar, type Sidecar } from '../core/sidecar';
import { buildSidecar } from '../core/sidecar-builder';
import type { GenerationSpec, InputImage, UriLike } from '../core/spec';
import type { GeminiClient } from '../gemini/client';
import { readInputImage, removeOwnFile, resolveWorkspaceFile, workspaceRelativePath, writeNewImage, writeSidecar } from '../workspace/files';
import type { ConversationStore } from './store';

export interface ChatSendRequest {
  prompt: string;
  conversationId?: string;
  /** Workspace-relative paths or URIs of images inside the workspace. */
  attachments?: Array<string | vscode.Uri | UriLike>;
  model?: string;
  aspectRatio?: AspectRatio | null;
  imageSize?: ImageSize | null;
  grounding?: boolean;
}

/** What `pictor.chat.send` resolves to: public API. */
export interface ChatTurnResult {
  conversationId: string;
  /** 1-based number of the turn that was answered. */
  turn: number;
  images: Array<{ uri: vscode.Uri; sidecar: vscode.Uri }>;
  text?: string;
}

export type ChatEvent =
  | { kind: 'changed'; conversationId: string }
  | { kind: 'deleted'; conversationId: string }
  | { kind: 'running'; conversationId: string; running: boolean }
  | { kind: 'progress'; conversationId: string; message: string };

export interface ChatEngineDeps {
  store: ConversationStore;
  log: Logger;
  generator: { name: string; version: string };
  /** A client with the current key; rejects with missingKey when there is none. */
  client(): Promise<GeminiClient>;
  /** Settings a new conversation starts with. */
  defaults(): ChatSettings;
  /** Where generated images are saved (the `pictor.outputFolder` setting). */
  outputDir(): vscode.Uri;
  now?(): Date;
}

export interface TurnHooks {
  /** Called once the turn is under way, with its conversation id (new conversations get one here). */
  onStarted?(conversationId: string): void;
}

interface TurnInput {
  prompt: string;
  attachments: ImageRef[];
  /** Bytes of the attachments, by hash, as read for this turn. */
  bytes: Map<string, Uint8Array>;
  inputs: InputImage[];
}

/**
 * The conversation engine behind the chat view and `pictor.chat.send`: one turn at a time per
 * conversation, the whole history on every request, every image saved as soon as it arrives and
 * the conversation persisted before and after each turn.
 */
export class ChatEngine implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ChatEvent>();
  readonly onDidChange = this.emitter.event;
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly deps: ChatEngineDeps) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  async list(): Promise<ConversationSummary[]> {
    return (await this.deps.store.list()).map(summarize);
  }

  get(id: string): Promise<Conversation | undefined> {
    return this.deps.store.get(id);
  }

  isRunning(id: string): boolean {
    return this.running.has(id);
  }

  /** Cancels the turn in flight, if any; resolves at once (the turn settles as cancelled). */
  stop(id: string): boolean {
    const controller = this.running.get(id);
    controller?.abort();
    return !!controller;
  }

  async rename(id: string, title: string): Promise<void> {
    const conversation = await this.require(id);
    const clean = cleanTitle(title);
    if (!clean) throw new PictorError('badInput', 'A conversation title cannot be empty.');
    await this.save({ ...conversation, title: clean, titleIsCustom: true });
  }

  async delete(id: string): Promise<void> {
    await this.require(id);
    this.stop(id);
    await this.deps.store.delete(id);
    this.emitter.fire({ kind: 'deleted', conversationId: id });
  }

  /** Changes the settings the next turns use (model, aspect ratio, size, grounding). */
  async updateSettings(id: string, changes: Partial<ChatSettings>): Promise<ChatSettings> {
    const conversation = await this.require(id);
    const settings = resolveSettings(conversation.settings, changes, false);
    await this.save({ ...conversation, settings }, false);
    return settings;
  }

  /** Forgets a failed or stopped turn (its prompt went back to the editor). */
  async discardPending(id: string): Promise<void> {
    const conversation = await this.require(id);
    if (conversation.pending && !this.isRunning(id)) await this.save({ ...conversation, pending: null }, false);
  }

  /** Reads the bytes of an image a conversation refers to: Pictor's copy first, then the workspace file. */
  readonly readImage: ImageReader = async (ref) => {
    const copy = await this.deps.store.readImage(ref);
    if (copy) return copy;
    if (!ref.path) throw new Error('no stored copy');
    return vscode.workspace.fs.readFile(resolveWorkspaceFile(ref.path));
  };

  /** Sends one turn (a new conversation when no id is given) and resolves when it is saved. */
  async send(request: ChatSendRequest, signal?: AbortSignal, hooks: TurnHooks = {}): Promise<ChatTurnResult> {
    const prompt = request.prompt;
    if (!prompt.trim()) throw new PictorError('badInput', 'Type a prompt first.');
    let conversation: Conversation;
    if (request.conversationId) {
      conversation = await this.require(request.conversationId);
    } else {
      const settings = resolveSettings(this.deps.defaults(), {}, false);
      conversation = createConversation(randomUUID(), settings, this.now());
    }
    const settings = resolveSettings(conversation.settings, pickSettings(request), true);
    const inputs: InputImage[] = [];
    for (const attachment of request.attachments ?? []) inputs.push(await readInputImage(attachment, 'reference'));
    const bytes = new Map<string, Uint8Array>();
    const attachments: ImageRef[] = [];
    for (const input of inputs) {
      await this.deps.store.putImage(input.bytes, input.mimeType);
      bytes.set(input.sha256, input.bytes);
      const info = inspectImage(input.bytes);
      attachments.push({
        sha256: input.sha256,
        mimeType: input.mimeType,
        bytes: input.bytes.byteLength,
        path: input.path,
        ...(info ? { width: info.width, height: info.height } : {}),
      });
    }
    return this.runTurn(conversation, settings, { prompt, attachments, bytes, inputs }, signal, hooks);
  }

  /** Sends the failed or stopped turn of a conversation again, with the images it had. */
  async retry(id: string, signal?: AbortSignal, hooks: TurnHooks = {}): Promise<ChatTurnResult> {
    const conversation = await this.require(id);
    const pending = conversation.pending;
    if (!pending) throw new PictorError('badInput', 'This conversation has no failed turn to retry.');
    const bytes = new Map<string, Uint8Array>();
    const inputs: InputImage[] = [];
    for (const ref of pending.attachments) {
      let data: Uint8Array;
      try {
        data = await this.readImage(ref);
      } catch {
        throw new PictorError('badInput', `${ref.path ?? 'An attached image'} is no longer available. Attach it again.`);
      }
      bytes.set(ref.sha256, data);
      inputs.push({ path: ref.path ?? `${ref.sha256}`, mimeType: ref.mimeType, bytes: data, sha256: ref.sha256, role: 'reference' });
    }
    return this.runTurn(conversation, conversation.settings, { prompt: pending.prompt, attachments: pending.attachments, bytes, inputs }, signal, hooks);
  }

  private async runTurn(base: Conversation, settings: ChatSettings, input: TurnInput, signal: AbortSignal | undefined, hooks: TurnHooks): Promise<ChatTurnResult> {
    const id = base.id;
    if (this.running.has(id)) {
      throw new PictorError('badInput', 'A turn is already running in this conversation. Wait for it or stop it first.');
    }
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    if (signal?.aborted) throw cancelled();
    signal?.addEventListener('abort', onAbort, { once: true });
    this.running.set(id, controller);
    const turn = base.exchanges.length + 1;
    const startedAt = this.now();
    let conversation: Conversation = {
      ...base,
      settings,
      title: base.titleIsCustom || base.exchanges.length > 0 ? base.title : titleFromPrompt(input.prompt),
      pending: { prompt: input.prompt, attachments: input.attachments, startedAt: startedAt.toISOString(), error: null },
    };
    const label = `chat ${id.slice(0, 8)} turn ${turn}`;
    try {
      checkNextTurn(base, settings.model, input.attachments);
      // Persisted before sending: a crash or reload mid-turn leaves the prompt, not nothing.
      await this.save(conversation);
      hooks.onStarted?.(id);
      this.emitter.fire({ kind: 'running', conversationId: id, running: true });
      const client = await this.deps.client();
      const history = await buildHistory(base, this.readImage, settings.model);
      const parts = await toWireParts(userParts(input.prompt, input.attachments), async (ref) => {
        const data = input.bytes.get(ref.sha256);
        if (!data) throw new Error('attachment bytes missing');
        return data;
      });
      const request: ImageRequest = { model: settings.model, contents: [...history, { role: 'user', parts }], config: configFor(settings) };
      this.deps.log.info(`${label}: ${JSON.stringify({ model: settings.model, ...request.config, history: history.length, attachments: input.attachments.length })}`);
      const raw = await client.generateContent(request, {
        signal: controller.signal,
        label,
        onRetry: (attempt, delayMs, error) =>
          this.emitter.fire({
            kind: 'progress',
            conversationId: id,
            message: `${error.code === 'quota' ? 'Rate limited' : 'Server error'}; retry ${attempt} in ${Math.ceil(delayMs / 1000)} s…`,
          }),
      });
      // Stopped while the answer was on its way: nothing is written.
      if (controller.signal.aborted) throw cancelled();
      const answer = parseChatResponse(raw);
      const exchange = await this.saveAnswer(conversation, settings, input, answer, turn, startedAt);
      const latest = await this.deps.store.get(id);
      if (latest) {
        conversation = { ...latest, exchanges: [...latest.exchanges, exchange.exchange], pending: null };
        await this.save(conversation);
      } else {
        // Deleted while the answer was being saved: the images stay in the workspace, the history does not come back.
        this.deps.log.info(`${label}: the conversation was deleted meanwhile; its answer is not kept`);
      }
      this.deps.log.info(`${label}: ${exchange.saved.length} image(s) saved${answer.result.text ? ', with text' : ''}`);
      return {
        conversationId: id,
        turn,
        images: exchange.saved.map((s) => ({ uri: s.uri, sidecar: s.sidecarUri })),
        ...(answer.result.text ? { text: answer.result.text } : {}),
      };
    } catch (error) {
      const failure = isPictorError(error) ? error : new PictorError('server', String((error as Error)?.message ?? error), { cause: error });
      if (failure.code !== 'cancelled') this.deps.log.warn(`${label}: ${failure.code}: ${failure.message}${failure.detail ? ` (${failure.detail})` : ''}`);
      const latest = await this.deps.store.get(id);
      // Only a saved conversation keeps the failed prompt: one deleted meanwhile stays deleted, and a
      // new one refused before anything was sent is not created at all.
      if (latest) {
        await this.save({
          ...latest,
          pending: { ...conversation.pending!, error: { code: failure.code, message: failure.code === 'cancelled' ? 'Stopped.' : failure.message } },
        }).catch((saveError: unknown) => this.deps.log.error(`${label}: could not save the failed turn: ${String(saveError)}`));
      }
      throw failure;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.running.delete(id);
      this.emitter.fire({ kind: 'running', conversationId: id, running: false });
    }
  }

  /** Saves every image of the answer (final ones into the workspace with sidecars) and builds the exchange. */
  private async saveAnswer(
    conversation: Conversation,
    settings: ChatSettings,
    input: TurnInput,
    answer: ChatAnswer,
    turn: number,
    startedAt: Date,
  ): Promise<{ exchange: Exchange; saved: Array<{ uri: vscode.Uri; sidecarUri: vscode.Uri; sidecar: Sidecar }> }> {
    const ancestors = conversation.exchanges.flatMap((e) => describeExchange(e).images.filter((i) => i.path).slice(-1));
    const parentRef = ancestors[ancestors.length - 1];
    const spec: GenerationSpec = {
      prompt: input.prompt,
      preset: 'none',
      model: settings.model,
      ...(settings.aspectRatio ? { aspectRatio: settings.aspectRatio } : {}),
      ...(settings.imageSize && modelInfo(settings.model).supportsImageSize ? { imageSize: settings.imageSize } : {}),
      count: 1,
      inputs: input.inputs,
      parent: parentRef?.path ? { path: parentRef.path, sha256: parentRef.sha256 } : null,
      lineage: ancestors.slice(0, -1).map((a) => ({ path: a.path!, sha256: a.sha256 })),
    };
    const refs = new Map<number, ImageRef>();
    const saved: Array<{ uri: vscode.Uri; sidecarUri: vscode.Uri; sidecar: Sidecar }> = [];
    const dir = this.deps.outputDir();
    const baseName = slugify(input.prompt);
    for (const part of inlineParts(answer.content)) {
      await this.deps.store.putImage(part.bytes, part.mimeType);
      const info = inspectImage(part.bytes);
      // The reference keeps the MIME type as sent: the history must repeat it exactly.
      const ref: ImageRef = {
        sha256: sha256Hex(part.bytes),
        mimeType: part.mimeType,
        bytes: part.bytes.byteLength,
        ...(info ? { width: info.width, height: info.height } : {}),
      };
      if (part.thought || !part.mimeType.startsWith('image/')) {
        refs.set(part.index, ref);
        continue;
      }
      const mimeType = info?.mimeType ?? part.mimeType;
      const uri = await writeNewImage(dir, candidateFileNames(baseName, extensionForMime(mimeType)), part.bytes);
      const path = workspaceRelativePath(uri);
      const sidecar: Sidecar = {
        ...buildSidecar(
          spec,
          answer.result,
          { file: path, mimeType, sha256: ref.sha256, bytes: ref.bytes, width: info?.width ?? null, height: info?.height ?? null },
          { generator: this.deps.generator, createdAt: this.now(), imagesInResponse: answer.result.images.length },
        ),
        conversation: { id: conversation.id, turn },
      };
      try {
        const sidecarUri = await writeSidecar(uri, serializeSidecar(sidecar));
        saved.push({ uri, sidecarUri, sidecar });
      } catch (error) {
        await removeOwnFile(uri);
        throw error;
      }
      refs.set(part.index, { ...ref, path });
    }
    const exchange: Exchange = {
      user: { parts: userParts(input.prompt, input.attachments), sentAt: startedAt.toISOString() },
      model: {
        parts: toStoredParts(answer.content.parts, refs),
        settings,
        finishReason: answer.result.finishReason,
        modelVersion: answer.result.modelVersion,
        responseId: answer.result.responseId,
        usage: answer.result.usage,
        grounding: answer.grounding,
        receivedAt: this.now().toISOString(),
      },
    };
    return { exchange, saved };
  }

  private async require(id: string): Promise<Conversation> {
    const conversation = await this.deps.store.get(id);
    if (!conversation) throw new PictorError('badInput', `There is no conversation with id "${id}".`);
    return conversation;
  }

  private async save(conversation: Conversation, touch = true): Promise<void> {
    await this.deps.store.save(touch ? { ...conversation, updatedAt: this.now().toISOString() } : conversation);
    this.emitter.fire({ kind: 'changed', conversationId: conversation.id });
  }

  dispose(): void {
    for (const controller of this.running.values()) controller.abort();
    this.emitter.dispose();
  }
}

function pickSettings(request: ChatSendRequest): Partial<ChatSettings> {
  const changes: Partial<ChatSettings> = {};
  if (request.model !== undefined) changes.model = request.model;
  if (request.aspectRatio !== undefined) changes.aspectRatio = request.aspectRatio;
  if (request.imageSize !== undefined) changes.imageSize = request.imageSize;
  if (request.grounding !== undefined) changes.grounding = request.grounding;
  return changes;
}

/**
 * Applies changes to a conversation's settings. Options the new model lacks are dropped when they
 * were inherited, and refused when the caller asked for them explicitly (`strict`).
 */
export function resolveSettings(base: ChatSettings, changes: Partial<ChatSettings>, strict: boolean): ChatSettings {
  const model = changes.model ?? base.model;
  const info = modelInfo(model);
  let imageSize = changes.imageSize !== undefined ? changes.imageSize : base.imageSize;
  let grounding = changes.grounding ?? base.grounding;
  if (imageSize && !info.supportsImageSize) {
    if (strict && changes.imageSize) {
      throw new PictorError('badInput', `${info.label} always makes 1K images; imageSize ${imageSize} needs gemini-3-pro-image-preview.`);
    }
    imageSize = null;
  }
  if (grounding && !info.supportsGrounding) {
    if (strict && changes.grounding) {
      throw new PictorError('badInput', `${info.label} cannot use Google Search grounding; it needs gemini-3-pro-image-preview.`);
    }
    grounding = false;
  }
  const aspectRatio = changes.aspectRatio !== undefined ? changes.aspectRatio : base.aspectRatio;
  return { model, aspectRatio, imageSize, grounding };
}

function configFor(settings: ChatSettings): ImageRequest['config'] {
  const info = modelInfo(settings.model);
  const imageConfig: { aspectRatio?: string; imageSize?: string } = {};
  if (settings.aspectRatio) imageConfig.aspectRatio = settings.aspectRatio;
  if (settings.imageSize && info.supportsImageSize) imageConfig.imageSize = settings.imageSize;
  return {
    responseModalities: [...RESPONSE_MODALITIES],
    ...(Object.keys(imageConfig).length ? { imageConfig } : {}),
    ...(settings.grounding && info.supportsGrounding ? { tools: [{ googleSearch: {} }] } : {}),
  };
}
