import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import {
  buildHistory,
  checkNextTurn,
  cleanTitle,
  createConversation,
  inlineParts,
  savedImages,
  summarize,
  titleFromPrompt,
  conversationSubject,
  toStoredParts,
  userParts,
  type ChatSettings,
  type Conversation,
  type ConversationSummary,
  type ErrorInfo,
  type Exchange,
  type ImageRef,
  type ImageReader,
  type PendingTurn,
} from '../core/conversation';
import { parseChatResponse, type ChatAnswer } from '../core/conversation-response';
import { readUsage } from '../core/response';
import { PictorError, cancelled } from '../core/errors';
import { estimateChatTurn, historyLoad, type HistoryLoad } from '../core/conversation-cost';
import { costOfUsage, formatUsd, type CostEstimate } from '../core/estimate';
import { onWhiteBackground } from '../core/postprocess-plan';
import { identifyOutputImage, inspectImage, sha256Hex } from '../core/image-info';
import type { Logger } from '../core/log';
import { SUGGESTED, assertModelAvailable, modelInfo, type AspectRatio, type ImageSize, type ServiceTier, type ThinkingLevel } from '../core/models';
import { candidateFileNames, slugify } from '../core/naming';
import { buildRequest, effectivePromptOf, type WireContent } from '../core/request';
import { buildSidecar } from '../core/sidecar-builder';
import { checkAspectRatio, checkImageSize, checkServiceTier, checkThinkingLevel, validateSpec, type GenerationSpec, type InputImage, type UriLike } from '../core/spec';
import type { GeminiClient } from '../gemini/client';
import type { CostApproval, SpendReservation } from '../spend/guard';
import { readInputImage } from '../workspace/files';
import type { ImageWriter } from '../writer/image-writer';
import type { ConversationStore } from './store';
import { finishTransparentTurn, type SavedTurnImage } from './transparent-turn';

export interface ChatSendRequest {
  prompt: string;
  conversationId?: string;
  /** Workspace-relative paths or URIs of images inside the workspace. */
  attachments?: Array<string | vscode.Uri | UriLike>;
  model?: string;
  aspectRatio?: AspectRatio | null;
  imageSize?: ImageSize | null;
  grounding?: boolean;
  /** minimal | low | medium | high; null: the model's default. Only for models that take a level. */
  thinkingLevel?: ThinkingLevel | null;
  serviceTier?: ServiceTier;
  /**
   * `transparent`: the turn's image is made on white, then edited onto black, and the turn's result is
   * the transparent PNG computed from the pair (as `pictor.generate({ background: 'transparent' })`).
   */
  background?: 'transparent' | 'opaque';
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
  /** `retryAt`: when a retry after a rate limit or server error will be sent (epoch ms), for a countdown. */
  | { kind: 'progress'; conversationId: string; message: string; retryAt?: number };

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
  /** The one writer of images and sidecars. */
  writer: ImageWriter<vscode.Uri>;
  /** Whether requests may be stored by the service (`pictor.privacy.allowRequestStorage`); default false. */
  allowRequestStorage?(): boolean;
  /** Whether a transparent turn keeps `name.white.png` / `name.black.png` (`pictor.transparency.keepSources`); default true. */
  keepTransparencySources?(): boolean;
  now?(): Date;
  /** The budget check before each turn and the ledger entry after it. */
  spend?: {
    approve(estimate: CostEstimate, approval: CostApproval): Promise<SpendReservation>;
  };
}

export interface TurnHooks {
  /** Called once the turn is under way, with its conversation id (new conversations get one here). */
  onStarted?(conversationId: string): void;
  /** How an expensive turn is approved; the chat view asks, `pictor.chat.send` passes its `confirmCost`. */
  approval?: CostApproval;
}

interface TurnInput {
  prompt: string;
  attachments: ImageRef[];
  /** Bytes of the attachments, by hash, as read for this turn. */
  bytes: Map<string, Uint8Array>;
  inputs: InputImage[];
  transparent: boolean;
}

/**
 * The conversation engine behind the chat view and `pictor.chat.send`: one turn at a time per
 * conversation (later sends wait their turn), the whole history on every request, every image saved
 * as soon as it arrives and the conversation persisted before and after each turn.
 */
export class ChatEngine implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ChatEvent>();
  readonly onDidChange = this.emitter.event;
  private readonly running = new Map<string, AbortController>();
  /** The last turn queued per conversation; the next one starts when it settles. */
  private readonly queues = new Map<string, Promise<void>>();
  private disposed = false;

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
    const clean = cleanTitle(title);
    if (!clean) throw new PictorError('badInput', 'A conversation title cannot be empty.');
    if (!(await this.change(id, (c) => c && { ...c, title: clean, titleIsCustom: true }))) throw noConversation(id);
  }

  async delete(id: string): Promise<void> {
    await this.require(id);
    this.stop(id);
    await this.deps.store.delete(id);
    this.emitter.fire({ kind: 'deleted', conversationId: id });
  }

  /** Changes the settings the next turns use (model, aspect ratio, size, grounding). */
  async updateSettings(id: string, changes: Partial<ChatSettings>): Promise<ChatSettings> {
    const saved = await this.change(id, (c) => c && { ...c, settings: resolveSettings(c.settings, changes, false) }, false);
    if (!saved) throw noConversation(id);
    return saved.settings;
  }

  /**
   * What a turn with these settings would cost now, through the one estimator (sends nothing): the
   * conversation's whole history re-sent as input plus the prompt, the attachments and the image; a
   * transparent turn adds its edit onto black. Options the model lacks are dropped as a send would
   * drop inherited ones; an unknown conversation is priced as a new chat.
   */
  async estimateTurn(request: {
    conversationId?: string;
    prompt: string;
    attachments: number;
    settings: Partial<ChatSettings>;
    background?: 'transparent' | 'opaque';
  }): Promise<{ estimate: CostEstimate; history: HistoryLoad }> {
    const conversation = request.conversationId ? await this.deps.store.get(request.conversationId) : undefined;
    const settings = resolveSettings(conversation?.settings ?? resolveSettings(this.deps.defaults(), {}, false), request.settings, false);
    const estimate = estimateChatTurn({
      conversation,
      settings,
      prompt: request.prompt,
      attachments: request.attachments,
      ...(request.background ? { background: request.background } : {}),
    });
    return { estimate, history: historyLoad(conversation) };
  }

  /** Forgets a failed or stopped turn (its prompt went back to the editor). */
  async discardPending(id: string): Promise<void> {
    await this.require(id);
    await this.change(id, (c) => (c?.pending && !this.isRunning(id) ? { ...c, pending: null } : undefined), false);
  }

  /** Reads the bytes of an image a conversation refers to: Pictor's copy first, then the workspace file. */
  readonly readImage: ImageReader = async (ref) => {
    const copy = await this.deps.store.readImage(ref);
    if (copy) return copy;
    if (!ref.path) throw new Error('no stored copy');
    // Read as an input, so a file that was converted when attached (a GIF) is converted the same way again.
    return (await readInputImage(ref.path, 'reference')).bytes;
  };

  /**
   * Sends one turn (a new conversation when no id is given) and resolves when it is saved. A send to
   * a conversation with a turn in flight waits for it, and then reads the conversation afresh.
   */
  async send(request: ChatSendRequest, signal?: AbortSignal, hooks: TurnHooks = {}): Promise<ChatTurnResult> {
    const prompt = request.prompt;
    if (!prompt.trim()) throw new PictorError('badInput', 'Type a prompt first.');
    // Attachments do not depend on the conversation: read at once, so a bad one is refused at once.
    const inputs: InputImage[] = [];
    for (const attachment of request.attachments ?? []) inputs.push(await readInputImage(attachment, 'reference'));
    const bytes = new Map<string, Uint8Array>();
    const attachments: ImageRef[] = [];
    for (const input of inputs) {
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
    const id = request.conversationId ?? randomUUID();
    return this.inTurn(id, signal, async () => {
      const conversation = request.conversationId
        ? await this.require(id)
        : createConversation(id, resolveSettings(this.deps.defaults(), {}, false), this.now());
      const settings = resolveSettings(conversation.settings, pickSettings(request), true);
      const transparent = request.background === 'transparent';
      return this.runTurn(conversation, !request.conversationId, settings, { prompt, attachments, bytes, inputs, transparent }, signal, hooks);
    });
  }

  /** Sends the failed or stopped turn of a conversation again, with the images it had. */
  retry(id: string, signal?: AbortSignal, hooks: TurnHooks = {}): Promise<ChatTurnResult> {
    return this.inTurn(id, signal, async () => {
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
      const input = { prompt: pending.prompt, attachments: pending.attachments, bytes, inputs, transparent: pending.background === 'transparent' };
      return this.runTurn(conversation, false, conversation.settings, input, signal, hooks);
    });
  }

  /**
   * Runs `turn` once every turn queued before it in the conversation has settled. A turn reads the
   * conversation only inside `turn`, so it always builds on the answers saved before it.
   */
  private inTurn<T>(id: string, signal: AbortSignal | undefined, turn: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(id) ?? Promise.resolve();
    const run = previous.then(() => {
      if (signal?.aborted || this.disposed) throw cancelled();
      return turn();
    });
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(id, settled);
    void settled.then(() => {
      if (this.queues.get(id) === settled) this.queues.delete(id);
    });
    return run;
  }

  private async runTurn(
    base: Conversation,
    isNew: boolean,
    settings: ChatSettings,
    input: TurnInput,
    signal: AbortSignal | undefined,
    hooks: TurnHooks,
  ): Promise<ChatTurnResult> {
    const id = base.id;
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    this.running.set(id, controller);
    const turn = base.exchanges.length + 1;
    const startedAt = this.now();
    const pending: PendingTurn = {
      prompt: input.prompt,
      attachments: input.attachments,
      startedAt: startedAt.toISOString(),
      error: null,
      ...(input.transparent ? { background: 'transparent' as const } : {}),
    };
    const label = `chat ${id.slice(0, 8)} turn ${turn}`;
    let reservation: SpendReservation | undefined;
    try {
      checkNextTurn(base, settings.model, input.attachments);
      // Everything that can be refused is refused before paying: the prompt's limits, the inputs, the folder.
      const spec = turnSpec(settings, input, this.deps.allowRequestStorage?.() ?? false);
      // A transparent turn asks for its image on white; the history keeps the prompt as it was sent.
      const sentSpec: GenerationSpec = input.transparent ? { ...spec, effectivePrompt: onWhiteBackground(input.prompt) } : spec;
      const notes = validateSpec(sentSpec).map((warning) => warning.message);
      const dir = this.deps.outputDir();
      await this.deps.writer.checkOutputDirectory(dir);
      // The key before anything is saved: a send refused for want of one leaves no new conversation behind.
      const client = await this.deps.client();
      if (controller.signal.aborted) throw cancelled();
      // Copies are kept only for turns that passed the checks, so a refused attachment leaves none.
      for (const image of input.inputs) await this.deps.store.putImage(image.bytes, image.mimeType);
      // Persisted before sending: a crash or reload mid-turn leaves the prompt, not nothing.
      const started = await this.change(id, (current) => {
        const latest = current ?? (isNew ? base : undefined);
        if (!latest) return undefined;
        const title = latest.titleIsCustom || latest.exchanges.length > 0 ? latest.title : titleFromPrompt(input.prompt);
        return { ...latest, settings, title, pending };
      });
      if (!started) throw noConversation(id);
      hooks.onStarted?.(id);
      this.emitter.fire({ kind: 'running', conversationId: id, running: true });
      // A converted attachment (a GIF sent as a PNG) is said while the turn runs, and logged.
      for (const note of notes) {
        this.deps.log.warn(`${label}: ${note}`);
        this.emitter.fire({ kind: 'progress', conversationId: id, message: note });
      }
      const history = await buildHistory(base, this.readImage, settings.model);
      const request = buildRequest(sentSpec, { history, grounding: settings.grounding });
      // The whole history is sent again, so it is part of this turn's price; a transparent turn adds its edit onto black.
      const turnCost = { conversation: base, settings, prompt: input.prompt, attachments: input.attachments.length };
      const estimate = estimateChatTurn({ ...turnCost, ...(input.transparent ? { background: 'transparent' as const } : {}) });
      // What this first call is expected to cost (recorded in its stead if the service reports no usage).
      const firstCall = input.transparent ? estimateChatTurn({ ...turnCost, prompt: onWhiteBackground(input.prompt) }) : estimate;
      reservation = await this.deps.spend?.approve(estimate, hooks.approval ?? { interactive: true });
      this.deps.log.info(`${label}: ${JSON.stringify({ model: settings.model, ...request.config, history: history.length, attachments: input.attachments.length })}`);
      const raw = await client.generateContent(request, {
        signal: controller.signal,
        label,
        onRetry: (attempt, delayMs, error) =>
          this.emitter.fire({
            kind: 'progress',
            conversationId: id,
            message: `${error.code === 'quota' ? 'Rate limited' : 'Server error'}; retry ${attempt}`,
            retryAt: Date.now() + delayMs,
          }),
      });
      // Stopped while the answer was on its way: nothing is written.
      if (controller.signal.aborted) throw cancelled();
      const usage = readUsage(raw);
      const usd = costOfUsage(settings.model, usage, countImages(raw), settings.imageSize ?? undefined, settings.serviceTier ?? 'standard');
      reservation?.record({ model: settings.model, usd, estimateUsd: firstCall.usd, images: countImages(raw) });
      this.deps.log.info(`${label}: tokens ${usage.promptTokens ?? '?'} in / ${usage.outputTokens ?? '?'} out${usage.thoughtTokens ? ` (+ ${usage.thoughtTokens} thinking)` : ''}, ${formatUsd(usd)}`);
      const answer = parseChatResponse(raw);
      const exchange = await this.saveAnswer(base, settings, sentSpec, dir, input, answer, turn, startedAt);
      if (input.transparent) {
        const progress = (message: string) => this.emitter.fire({ kind: 'progress', conversationId: id, message });
        const { store, writer, log, generator, keepTransparencySources } = this.deps;
        await finishTransparentTurn(exchange, { spec, dir, client, store, writer, log, generator, keepTransparencySources, reservation, signal: controller.signal, label, progress });
      }
      const kept = await this.change(id, (latest) => latest && { ...latest, exchanges: [...latest.exchanges, exchange.exchange], pending: null });
      // Deleted while the answer was being saved: the images stay in the workspace, the history does not come back.
      if (!kept) this.deps.log.info(`${label}: the conversation was deleted meanwhile; its answer is not kept`);
      this.deps.log.info(`${label}: ${exchange.saved.length} image(s) saved${answer.result.text ? ', with text' : ''}`);
      return {
        conversationId: id,
        turn,
        images: exchange.saved.map((s) => ({ uri: s.uri, sidecar: s.sidecarUri })),
        ...(answer.result.text ? { text: answer.result.text } : {}),
      };
    } catch (error) {
      const failure = PictorError.from(error);
      if (failure.code !== 'cancelled') this.deps.log.warn(`${label}: ${failure.code}: ${failure.message}${failure.detail ? ` (${failure.detail})` : ''}`);
      // Only a saved conversation keeps the failed prompt: one deleted meanwhile stays deleted, and a
      // new one refused before anything was sent is not created at all.
      const shown: ErrorInfo = {
        code: failure.code,
        message: failure.code === 'cancelled' ? 'Stopped.' : failure.message,
        ...(failure.setting ? { setting: failure.setting } : {}),
        ...(failure.retryable === false ? { retryable: false } : {}),
        ...(failure.replacement ? { replacement: failure.replacement } : {}),
      };
      await this.change(id, (latest) => latest && { ...latest, pending: { ...pending, error: shown } }).catch((saveError: unknown) =>
        this.deps.log.error(`${label}: could not save the failed turn: ${String(saveError)}`),
      );
      throw failure;
    } finally {
      reservation?.release();
      signal?.removeEventListener('abort', onAbort);
      this.running.delete(id);
      this.emitter.fire({ kind: 'running', conversationId: id, running: false });
    }
  }

  /** Saves every image of the answer (final ones into the workspace with sidecars) and builds the exchange. */
  private async saveAnswer(
    conversation: Conversation,
    settings: ChatSettings,
    spec: GenerationSpec,
    dir: vscode.Uri,
    input: TurnInput,
    answer: ChatAnswer,
    turn: number,
    startedAt: Date,
  ): Promise<{ exchange: Exchange; saved: SavedTurnImage[]; white?: SavedTurnImage }> {
    const parts = inlineParts(answer.content);
    // A transparent turn's last final image is the one on white: saved as `name.white.png`, then matted.
    const finals = parts.filter((part) => !part.thought && part.mimeType.startsWith('image/'));
    const whiteIndex = input.transparent ? finals[finals.length - 1]?.index : undefined;
    let white: SavedTurnImage | undefined;
    // An answer with an unreadable final image is refused whole, before anything is kept.
    for (const part of parts) if (!part.thought && part.mimeType.startsWith('image/')) identifyOutputImage(part.bytes);
    // Grows as images are saved: each one's parent is the image saved just before it, in this turn or an earlier one.
    const ancestors = savedImages(conversation);
    const refs = new Map<number, ImageRef>();
    const saved: SavedTurnImage[] = [];
    const baseName = slugify(conversationSubject(conversation, input.prompt));
    for (const part of parts) {
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
      const parent = ancestors[ancestors.length - 1] ?? null;
      const lineage = ancestors.slice(0, -1);
      const written = await this.deps.writer.write({
        dir,
        names: (extension) => candidateFileNames(part.index === whiteIndex ? `${baseName}.white` : baseName, extension),
        bytes: part.bytes,
        labelledMimeType: part.mimeType,
        sidecar: (image) => ({
          ...buildSidecar({ ...spec, parent, lineage }, answer.result, image, {
            generator: this.deps.generator,
            createdAt: this.now(),
            imagesInResponse: answer.result.images.length,
          }),
          conversation: { id: conversation.id, turn },
        }),
      });
      saved.push(written);
      if (part.index === whiteIndex) white = written;
      const path = written.sidecar.image.file;
      const fileSha256 = written.sidecar.image.sha256;
      refs.set(part.index, { ...ref, path, ...(fileSha256 !== ref.sha256 ? { fileSha256 } : {}) });
      ancestors.push({ path, sha256: written.sidecar.image.sha256 });
    }
    const exchange: Exchange = {
      // The prompt as it was sent (a transparent turn's white-background instruction included), for the history.
      user: { parts: userParts(effectivePromptOf(spec), input.attachments), sentAt: startedAt.toISOString() },
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
    return { exchange, saved, ...(white ? { white } : {}) };
  }

  private async require(id: string): Promise<Conversation> {
    const conversation = await this.deps.store.get(id);
    if (!conversation) throw noConversation(id);
    return conversation;
  }

  /** Changes the stored conversation in one step (see ConversationStore.update); `touch` moves it up the list. */
  private async change(
    id: string,
    change: (current: Conversation | undefined) => Conversation | undefined,
    touch = true,
  ): Promise<Conversation | undefined> {
    const saved = await this.deps.store.update(id, (current) => {
      const next = change(current);
      return next && touch ? { ...next, updatedAt: this.now().toISOString() } : next;
    });
    if (saved) this.emitter.fire({ kind: 'changed', conversationId: id });
    return saved;
  }

  dispose(): void {
    this.disposed = true;
    for (const controller of this.running.values()) controller.abort();
    this.emitter.dispose();
  }
}

function noConversation(id: string): PictorError {
  return new PictorError('badInput', `There is no conversation with id "${id}".`);
}

function pickSettings(request: ChatSendRequest): Partial<ChatSettings> {
  const changes: Partial<ChatSettings> = {};
  if (request.model !== undefined) changes.model = request.model;
  if (request.aspectRatio !== undefined) changes.aspectRatio = request.aspectRatio;
  if (request.imageSize !== undefined) changes.imageSize = request.imageSize;
  if (request.grounding !== undefined) changes.grounding = request.grounding;
  if (request.thinkingLevel !== undefined) changes.thinkingLevel = request.thinkingLevel;
  if (request.serviceTier !== undefined) changes.serviceTier = request.serviceTier;
  return changes;
}

/**
 * Applies changes to a conversation's settings. Options the new model lacks are dropped when they
 * were inherited, and refused when the caller asked for them explicitly (`strict`).
 */
export function resolveSettings(base: ChatSettings, changes: Partial<ChatSettings>, strict: boolean): ChatSettings {
  const model = changes.model ?? base.model;
  assertModelAvailable(model);
  const info = modelInfo(model);
  let grounding = changes.grounding ?? base.grounding;
  // Each option is refused when asked for explicitly and the model lacks it, and dropped when inherited.
  const kept = (explicit: boolean, check: () => void): boolean => {
    try {
      check();
      return true;
    } catch (error) {
      if (strict && explicit) throw error;
      return false;
    }
  };
  let imageSize = changes.imageSize !== undefined ? changes.imageSize : base.imageSize;
  if (imageSize) {
    const size = imageSize;
    const ok = kept(!!changes.imageSize, () => {
      if (!info.supportsImageSize) throw new PictorError('badInput', `${info.label} (${model}) always makes 1K images; image size ${size} needs another model.`);
      checkImageSize(model, size);
    });
    if (!ok) imageSize = null;
  }
  let aspectRatio = changes.aspectRatio !== undefined ? changes.aspectRatio : base.aspectRatio;
  if (aspectRatio) {
    const ratio = aspectRatio;
    if (!kept(!!changes.aspectRatio, () => checkAspectRatio(model, ratio))) aspectRatio = null;
  }
  let thinkingLevel = changes.thinkingLevel !== undefined ? changes.thinkingLevel : (base.thinkingLevel ?? null);
  if (thinkingLevel) {
    const level = thinkingLevel;
    if (!kept(!!changes.thinkingLevel, () => checkThinkingLevel(model, level))) thinkingLevel = null;
  }
  let serviceTier = changes.serviceTier ?? base.serviceTier ?? 'standard';
  if (serviceTier !== 'standard') {
    const tier = serviceTier;
    if (!kept(!!changes.serviceTier, () => checkServiceTier(model, tier))) serviceTier = 'standard';
  }
  if (grounding && !info.supportsGrounding) {
    if (strict && changes.grounding) {
      throw new PictorError('badInput', `${info.label} (${model}) cannot use Google Search grounding; ${SUGGESTED.fast} and ${SUGGESTED.pro} can.`);
    }
    grounding = false;
  }
  return { model, aspectRatio, imageSize, grounding, thinkingLevel, serviceTier };
}

/** The spec of one chat turn: the prompt as typed, the conversation's settings, the attachments. */
function turnSpec(settings: ChatSettings, input: TurnInput, store: boolean): GenerationSpec {
  return {
    prompt: input.prompt,
    effectivePrompt: input.prompt,
    preset: 'none',
    model: settings.model,
    ...(settings.aspectRatio ? { aspectRatio: settings.aspectRatio } : {}),
    ...(settings.imageSize && modelInfo(settings.model).supportsImageSize ? { imageSize: settings.imageSize } : {}),
    ...(settings.thinkingLevel ? { thinkingLevel: settings.thinkingLevel } : {}),
    serviceTier: settings.serviceTier ?? 'standard',
    store,
    count: 1,
    inputs: input.inputs,
  };
}

/** Final (non-thought) images in a raw answer, for pricing it before it is parsed. */
function countImages(raw: unknown): number {
  const parts = (raw as { candidates?: Array<{ content?: WireContent }> } | null)?.candidates?.[0]?.content?.parts ?? [];
  return parts.filter((part) => part?.inlineData && !part.thought).length;
}
