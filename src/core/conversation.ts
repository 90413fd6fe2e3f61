import * as z from 'zod/mini';
import { PictorError } from './errors';
import { sha256Hex } from './image-info';
import { ASPECT_RATIOS, IMAGE_SIZES, INLINE_REQUEST_LIMIT_BYTES, MODEL_ID_PATTERN, SERVICE_TIERS, THINKING_LEVELS, modelInfo } from './models';
import { stripBidiControls } from './naming';
import { groundingSchema } from './grounding';
import type { WireContent, WirePart } from './request';

export type { Grounding } from './grounding';

/**
 * A chat conversation as Pictor persists it. Every part of every turn is kept as the API sent it,
 * except that inline image bytes are replaced by a reference (workspace path + SHA-256): the history
 * sent on the next turn is rebuilt from those references and must equal what the API returned,
 * `thoughtSignature` values byte-for-byte. No `vscode`, no I/O: bytes come back through a callback.
 */

export const CONVERSATION_VERSION = 1;

/** Conversation ids end up in file names: keep them boring. */
export const CONVERSATION_ID_PATTERN = /^[a-z0-9][a-z0-9-]{7,63}$/;

export const MAX_TITLE_CHARS = 80;

const relativePath = z.string().check(
  z.minLength(1),
  z.refine((p) => !p.startsWith('/') && !/^[a-z]:/i.test(p) && !p.includes('\\') && !p.split('/').includes('..'), 'must be workspace-relative with /'),
);
const sha256 = z.string().check(z.regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex SHA-256'));
const isoDate = z.iso.datetime({ offset: true });

/** Where the bytes of one inline part can be found again. */
export const imageRefSchema = z.strictObject({
  sha256,
  mimeType: z.string().check(z.minLength(1)),
  bytes: z.int().check(z.nonnegative()),
  /** Workspace-relative file that holds these bytes (generated image or attachment); absent for thought images. */
  path: z.optional(relativePath),
  /** Hash of the file at `path` when it differs from these bytes (provenance embedded on saving). */
  fileSha256: z.optional(sha256),
  width: z.optional(z.int().check(z.positive())),
  height: z.optional(z.int().check(z.positive())),
});
export type ImageRef = z.infer<typeof imageRefSchema>;

/**
 * A wire part with `inlineData` replaced by `image`. Loose: fields Pictor does not know (function
 * calls, future additions) are kept and sent back unchanged.
 */
export const storedPartSchema = z.looseObject({
  text: z.optional(z.string()),
  thought: z.optional(z.boolean()),
  thoughtSignature: z.optional(z.string()),
  image: z.optional(imageRefSchema),
});
export type StoredPart = z.infer<typeof storedPartSchema>;

export const chatSettingsSchema = z.strictObject({
  model: z.string().check(z.regex(MODEL_ID_PATTERN)),
  /** null: let the model choose (it keeps the input image's ratio when editing). */
  aspectRatio: z.nullable(z.enum(ASPECT_RATIOS)),
  /** null: the model's default; only sent to models that support it. */
  imageSize: z.nullable(z.enum(IMAGE_SIZES)),
  grounding: z.boolean(),
  /** null or absent: the model's default thinking (conversations saved before 0.2 have none). */
  thinkingLevel: z.optional(z.nullable(z.enum(THINKING_LEVELS))),
  /** Absent: standard. */
  serviceTier: z.optional(z.enum(SERVICE_TIERS)),
});
export type ChatSettings = z.infer<typeof chatSettingsSchema>;

const count = z.nullable(z.int().check(z.nonnegative()));


/** A failed turn's error as stored: enough for the shared action table (src/core/error-actions.ts) to pick buttons. */
export const errorInfoSchema = z.strictObject({
  code: z.string(),
  message: z.string(),
  setting: z.optional(z.string()),
  retryable: z.optional(z.boolean()),
  replacement: z.optional(z.string()),
});
export type ErrorInfo = z.infer<typeof errorInfoSchema>;

export const exchangeSchema = z.strictObject({
  user: z.strictObject({ parts: z.array(storedPartSchema), sentAt: isoDate }),
  model: z.strictObject({
    parts: z.array(storedPartSchema),
    /** Which model answered, and with which settings (they can change between turns). */
    settings: chatSettingsSchema,
    finishReason: z.nullable(z.string()),
    modelVersion: z.nullable(z.string()),
    responseId: z.nullable(z.string()),
    /** `thoughtTokens`: Pro's thinking, reported apart from the output. */
    usage: z.strictObject({ promptTokens: count, outputTokens: count, totalTokens: count, thoughtTokens: z.optional(count) }),
    grounding: z.nullable(groundingSchema),
    receivedAt: isoDate,
  }),
  /**
   * Set on a turn asked for with a transparent background: the model's answer (in `model.parts`, re-sent
   * as it came) is the image on white; `image` is the transparent PNG made from it and its edit onto
   * black, which the turn shows and the next turn's sidecar names as parent. `instruction` is the
   * white-background text sent after the prompt (kept in `user.parts`, not shown as part of the prompt).
   */
  transparent: z.optional(
    z.strictObject({
      image: imageRefSchema,
      instruction: z.string(),
      op: z.enum(['differenceMatte', 'colorKey']),
    }),
  ),
});
export type Exchange = z.infer<typeof exchangeSchema>;

/** A turn that was sent but has no answer (yet): failed, stopped, or interrupted by a reload. */
export const pendingSchema = z.strictObject({
  prompt: z.string(),
  attachments: z.array(imageRefSchema),
  startedAt: isoDate,
  error: z.nullable(errorInfoSchema),
  /** The turn asked for a transparent background (a retry asks again). */
  background: z.optional(z.literal('transparent')),
});
export type PendingTurn = z.infer<typeof pendingSchema>;

export const conversationSchema = z.strictObject({
  version: z.literal(CONVERSATION_VERSION),
  id: z.string().check(z.regex(CONVERSATION_ID_PATTERN)),
  title: z.string(),
  /** A title the user typed is never replaced by one derived from a prompt. */
  titleIsCustom: z.boolean(),
  createdAt: isoDate,
  updatedAt: isoDate,
  settings: chatSettingsSchema,
  exchanges: z.array(exchangeSchema),
  pending: z.nullable(pendingSchema),
});
export type Conversation = z.infer<typeof conversationSchema>;

export function createConversation(id: string, settings: ChatSettings, now: Date): Conversation {
  if (!CONVERSATION_ID_PATTERN.test(id)) throw new PictorError('badInput', `"${id}" is not a valid conversation id.`);
  const at = now.toISOString();
  return { version: CONVERSATION_VERSION, id, title: 'New chat', titleIsCustom: false, createdAt: at, updatedAt: at, settings, exchanges: [], pending: null };
}

/** Readable JSON (stable, diffable); the file holds no image bytes, so it stays small. */
export function serializeConversation(conversation: Conversation): string {
  return `${JSON.stringify(conversation, null, 2)}\n`;
}

/** Parses a stored conversation; throws a badInput PictorError that says what is wrong. */
export function parseConversation(text: string): Conversation {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PictorError('badInput', 'The conversation file is not valid JSON.', { detail: String(error) });
  }
  const result = conversationSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new PictorError('badInput', 'The conversation file does not match the expected format.', {
      detail: issue ? `${issue.path.join('.')}: ${issue.message}` : 'unknown problem',
    });
  }
  return result.data;
}

/** The first line of the first prompt, whitespace collapsed, cut at a word boundary. */
export function titleFromPrompt(prompt: string, max = 60): string {
  const line = prompt.split(/\r?\n/).find((l) => l.trim()) ?? '';
  const oneLine = line.replace(/\s+/g, ' ').trim();
  if (!oneLine) return 'New chat';
  if (oneLine.length <= max) return oneLine;
  const cut = oneLine.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:!?-]+$/, '')}…`;
}

/**
 * What a conversation is about, for naming its images: its title once it has one (typed by the user, or
 * taken from the first prompt), else the prompt of this first turn. A later instruction ("make it blue")
 * never names the file.
 */
export function conversationSubject(conversation: Pick<Conversation, 'title' | 'titleIsCustom' | 'exchanges'>, prompt: string): string {
  return conversation.titleIsCustom || conversation.exchanges.length > 0 ? conversation.title : prompt;
}

/** Titles typed by the user: one line, trimmed, bounded. */
export function cleanTitle(title: string): string {
  return stripBidiControls(title).replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, MAX_TITLE_CHARS);
}

// ---- wire ↔ stored parts ----

/** One inline part of a wire content, decoded. */
export interface InlinePart {
  /** Index of the part in `content.parts`. */
  index: number;
  bytes: Uint8Array;
  mimeType: string;
  thought: boolean;
}

const BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}$/;

function fromBase64(data: string): Uint8Array | undefined {
  if (!data || !BASE64.test(data)) return undefined;
  const buffer = Buffer.from(data, 'base64');
  return buffer.byteLength ? new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) : undefined;
}

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Every inline part of a model turn (final and thought images), decoded, in order. */
export function inlineParts(content: WireContent | null | undefined): InlinePart[] {
  const found: InlinePart[] = [];
  (content?.parts ?? []).forEach((part, index) => {
    if (!part || typeof part !== 'object' || !part.inlineData) return;
    const bytes = fromBase64(part.inlineData.data ?? '');
    if (!bytes) {
      throw new PictorError('server', 'Gemini sent image data Pictor could not decode. Try again.', {
        detail: `part ${index}: inlineData of ${part.inlineData.data?.length ?? 0} characters`,
      });
    }
    found.push({ index, bytes, mimeType: part.inlineData.mimeType ?? 'application/octet-stream', thought: part.thought === true });
  });
  return found;
}

/**
 * The stored form of wire parts: each inline part becomes `image: refs.get(index)`; every other
 * field, `thoughtSignature` above all, is copied as is.
 */
export function toStoredParts(parts: readonly WirePart[] | undefined, refs: ReadonlyMap<number, ImageRef>): StoredPart[] {
  return (parts ?? []).map((part, index) => {
    const { inlineData, ...rest } = part as WirePart & Record<string, unknown>;
    if (!inlineData) return { ...rest } as StoredPart;
    const ref = refs.get(index);
    if (!ref) throw new Error(`no image reference for part ${index}`);
    return { ...rest, image: ref } as StoredPart;
  });
}

/** Reads the bytes of a reference (workspace file or Pictor's own copy); rejects when they are gone. */
export type ImageReader = (ref: ImageRef) => Promise<Uint8Array>;

/**
 * Signature the service documents for turns that were made by another model (which made none): it
 * tells a thinking model to skip validation. Only ever added where a part has no signature at all.
 */
export const FOREIGN_TURN_SIGNATURE = 'context_engineering_is_the_way_to_go';

/** Wire parts from stored ones, with the bytes read back and checked against their hash. */
export async function toWireParts(
  parts: readonly StoredPart[],
  read: ImageReader,
  fillSignature = false,
  where = 'this turn',
): Promise<WirePart[]> {
  const wire: WirePart[] = [];
  for (const part of parts) {
    const { image, ...rest } = part;
    let out: WirePart & Record<string, unknown> = { ...rest };
    if (image) {
      let bytes: Uint8Array;
      try {
        bytes = await read(image);
      } catch (error) {
        throw missingImage(image, where, error);
      }
      if (sha256Hex(bytes) !== image.sha256) throw missingImage(image, where, new Error('content changed'));
      out = { ...rest, inlineData: { mimeType: image.mimeType, data: toBase64(bytes) } };
      if (fillSignature && !part.thought && part.thoughtSignature === undefined) out.thoughtSignature = FOREIGN_TURN_SIGNATURE;
    }
    wire.push(out);
  }
  return wire;
}

function missingImage(image: ImageRef, where: string, cause: unknown): PictorError {
  const name = image.path ?? `an image of ${where}`;
  return new PictorError(
    'badInput',
    `${name} is no longer available as it was when the conversation used it, so the history cannot be sent. Continue from its last image with "Edit in New Chat".`,
    { detail: `${image.sha256}: ${cause instanceof Error ? cause.message : String(cause)}`, cause },
  );
}

/**
 * The `contents` the API expects for the next turn: every earlier exchange, parts exactly as they
 * were sent and received. Turns made by a non-thinking model get the documented placeholder
 * signature when the next turn goes to a thinking model (they never had one of their own).
 */
export async function buildHistory(conversation: Conversation, read: ImageReader, targetModel: string): Promise<WireContent[]> {
  const thinking = modelInfo(targetModel).supportsThinking;
  const contents: WireContent[] = [];
  for (const [i, exchange] of conversation.exchanges.entries()) {
    const where = `turn ${i + 1}`;
    const foreign = thinking && exchange.model.settings.model !== targetModel && !modelInfo(exchange.model.settings.model).supportsThinking;
    contents.push({ role: 'user', parts: await toWireParts(exchange.user.parts, read, false, where) });
    contents.push({ role: 'model', parts: await toWireParts(exchange.model.parts, read, foreign, where) });
  }
  return contents;
}

/** The new user turn: the prompt, then the attached images (the order the service's examples use). */
export function userParts(prompt: string, attachments: readonly ImageRef[]): StoredPart[] {
  return [{ text: prompt }, ...attachments.map((image) => ({ image }))];
}

// ---- reading a conversation ----

export interface TurnView {
  prompt: string;
  attachments: ImageRef[];
  /** Final (non-thought) images of the answer, in order. */
  images: ImageRef[];
  thoughtImages: ImageRef[];
  text: string | null;
  thoughts: string | null;
}

/** What a turn shows: the user's prompt and images, the model's text, images and thoughts. */
export function describeExchange(exchange: Exchange): TurnView {
  const sent = exchange.user.parts.filter((p) => typeof p.text === 'string').map((p) => p.text).join('\n');
  const suffix = exchange.transparent ? `\n\n${exchange.transparent.instruction}` : '';
  const userText = suffix && sent.endsWith(suffix) ? sent.slice(0, -suffix.length) : sent;
  const attachments = exchange.user.parts.flatMap((p) => (p.image ? [p.image] : []));
  const final = exchange.model.parts.filter((p) => !p.thought);
  const thought = exchange.model.parts.filter((p) => p.thought);
  const joinText = (parts: StoredPart[]) => parts.filter((p) => typeof p.text === 'string').map((p) => p.text).join('').trim() || null;
  return {
    prompt: userText,
    attachments,
    // A transparent turn shows the image made from the answer; the answer (on white) is only re-sent.
    images: exchange.transparent ? [exchange.transparent.image] : final.flatMap((p) => (p.image ? [p.image] : [])),
    thoughtImages: thought.flatMap((p) => (p.image ? [p.image] : [])),
    text: joinText(final),
    thoughts: joinText(thought),
  };
}

/** The image a new turn refines: the last final image of the conversation, for the sidecar's `parent`. */
export function lastImage(conversation: Conversation): ImageRef | undefined {
  for (let i = conversation.exchanges.length - 1; i >= 0; i--) {
    const images = describeExchange(conversation.exchanges[i]).images.filter((image) => image.path);
    if (images.length) return images[images.length - 1];
  }
  return undefined;
}

/**
 * The images a conversation saved into the workspace, oldest first. Each one's sidecar names the
 * one before it as `parent` (the same turn included), so the conversation can be followed file by file.
 */
export function savedImages(conversation: Conversation): Array<{ path: string; sha256: string }> {
  return conversation.exchanges.flatMap((exchange) =>
    describeExchange(exchange).images.flatMap((image) => (image.path ? [{ path: image.path, sha256: image.fileSha256 ?? image.sha256 }] : [])),
  );
}

/** Every image a conversation needs to rebuild its history (for clean-up of unreferenced copies). */
export function referencedImages(conversation: Conversation): ImageRef[] {
  const refs: ImageRef[] = [];
  for (const exchange of conversation.exchanges) {
    for (const part of [...exchange.user.parts, ...exchange.model.parts]) if (part.image) refs.push(part.image);
    if (exchange.transparent) refs.push(exchange.transparent.image);
  }
  if (conversation.pending) refs.push(...conversation.pending.attachments);
  return refs;
}

/** How many images the user has sent so far (the API counts them across the whole history). */
export function userImageCount(conversation: Conversation): number {
  return conversation.exchanges.reduce((n, e) => n + e.user.parts.filter((p) => p.image).length, 0);
}

/**
 * Checks a next turn against the model's limits before anything is sent: how many images the user
 * has sent in all, and the inline size of the whole request (the history travels every time).
 */
export function checkNextTurn(conversation: Conversation, model: string, attachments: readonly ImageRef[]): void {
  const info = modelInfo(model);
  const images = userImageCount(conversation) + attachments.length;
  if (images > info.maxReferenceImages) {
    throw new PictorError(
      'badInput',
      `${info.label} accepts at most ${info.maxReferenceImages} images from you in one conversation; this turn would make ${images}. Continue in a new chat with "Edit in New Chat".`,
    );
  }
  // What the history sends: the parts' images (a transparent turn's result stays local).
  const sentImages = conversation.exchanges.flatMap((e) => [...e.user.parts, ...e.model.parts].flatMap((p) => (p.image ? [p.image] : [])));
  const inline = sentImages.reduce((n, r) => n + r.bytes, 0) + attachments.reduce((n, r) => n + r.bytes, 0);
  // Base64 grows data by a third; the request limit is on what is sent.
  const sent = Math.ceil(inline / 3) * 4;
  if (sent > INLINE_REQUEST_LIMIT_BYTES) {
    const mb = (sent / 1024 / 1024).toFixed(1);
    throw new PictorError(
      'badInput',
      `This conversation's images add up to ${mb} MB per request; Gemini accepts at most 20 MB. Continue from the last image with "Edit in New Chat".`,
    );
  }
}

export interface ConversationSummary {
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  turns: number;
  model: string;
  /** The last final image, for a thumbnail. */
  thumbnail: ImageRef | null;
  hasError: boolean;
}

export function summarize(conversation: Conversation): ConversationSummary {
  return {
    id: conversation.id,
    title: conversation.title,
    createdAt: conversation.createdAt,
    updatedAt: conversation.updatedAt,
    turns: conversation.exchanges.length,
    model: conversation.settings.model,
    thumbnail: lastImage(conversation) ?? null,
    hasError: !!conversation.pending?.error && conversation.pending.error.code !== 'cancelled',
  };
}
