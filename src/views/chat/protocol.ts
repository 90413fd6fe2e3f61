/**
 * The one message protocol between the chat view's host (src/views/chat) and its webview
 * (webview/chat). The webview imports the types only; the host validates every incoming message
 * with the schemas below, since the webview is treated as untrusted input.
 */
import * as z from 'zod/mini';
import type { ChatSettings, Grounding } from '../../core/conversation';
import { ERROR_ACTION_IDS, type ErrorActionView } from '../../core/error-actions';
import { ASPECT_RATIOS, IMAGE_SIZES, MODEL_ID_PATTERN } from '../../core/models';

// ---- view models (host → webview) ----

export interface ImageView {
  /** Workspace-relative path, when the image is a workspace file (actions work on it). */
  path: string | null;
  /** A webview URI. */
  src: string;
  alt: string;
  width: number | null;
  height: number | null;
}

export interface AttachmentView {
  /** Relative to its workspace folder; shown, and the reference when `uri` is null. */
  path: string;
  /**
   * The file's URI, which also names its workspace folder (a path alone is ambiguous in a multi-root
   * workspace): what a send refers to. Null when only the path is known (an image of a stored turn).
   */
  uri: string | null;
  src: string;
  name: string;
}

export interface TurnView {
  /** 1-based. */
  turn: number;
  prompt: string;
  attachments: ImageView[];
  images: ImageView[];
  thoughtImages: ImageView[];
  text: string | null;
  thoughts: string | null;
  grounding: Grounding | null;
  /** "Nano Banana Pro · 16:9 · 2K". */
  settingsLabel: string;
  receivedAt: string;
}

/** A failed turn's buttons come from the shared action table (src/core/error-actions.ts). */
export type { ErrorActionView };

export interface PendingView {
  prompt: string;
  attachments: ImageView[];
  running: boolean;
  /** A retry note from the client ("Rate limited; retry 1"). */
  progress: string | null;
  /** Milliseconds until that retry is sent, as of the message: the view counts down from it. */
  retryInMs: number | null;
  error: { code: string; message: string; actions: ErrorActionView[] } | null;
}

export interface ConversationView {
  id: string;
  title: string;
  settings: ChatSettings;
  turns: TurnView[];
  pending: PendingView | null;
}

export interface SummaryView {
  id: string;
  title: string;
  updatedAt: string;
  turns: number;
  thumbnail: string | null;
  running: boolean;
  hasError: boolean;
}

export interface ModelOption {
  id: string;
  label: string;
  supportsImageSize: boolean;
  supportsGrounding: boolean;
  maxImages: number;
  recommendedImages: number;
}

export interface ViewSetup {
  models: ModelOption[];
  aspectRatios: readonly string[];
  imageSizes: readonly string[];
  defaults: ChatSettings;
}

export type ToWebview =
  | { type: 'setup'; setup: ViewSetup }
  | { type: 'conversations'; conversations: SummaryView[] }
  /** `null`: a new, unsaved chat. */
  | { type: 'conversation'; conversation: ConversationView | null }
  | { type: 'attachments'; attachments: AttachmentView[] }
  /** Start a new chat, optionally with images already attached (Edit in New Chat). */
  | { type: 'newChat'; attachments: AttachmentView[] }
  | { type: 'toggleHistory' }
  | { type: 'focusPrompt' }
  /** `conversationId`: the conversation a send made or continued, also when the turn then failed. */
  | { type: 'reply'; requestId: number; error: { code: string; message: string } | null; conversationId?: string };

// ---- requests (webview → host) ----

const requestId = z.int().check(z.nonnegative());
const conversationId = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{7,63}$/));
const workspacePath = z.string().check(z.minLength(1), z.maxLength(1000));
/** A workspace path or a file's URI string; the host still refuses anything outside the workspace. */
const fileReference = z.string().check(z.minLength(1), z.maxLength(4000));

export const settingsSchema = z.strictObject({
  model: z.string().check(z.regex(MODEL_ID_PATTERN)),
  aspectRatio: z.nullable(z.enum(ASPECT_RATIOS)),
  imageSize: z.nullable(z.enum(IMAGE_SIZES)),
  grounding: z.boolean(),
});

export const IMAGE_ACTIONS = ['open', 'reveal', 'copyPath', 'insertLink', 'useAsReference', 'editInNewChat'] as const;
export type ImageAction = (typeof IMAGE_ACTIONS)[number];

/** Pasted images travel as base64; this bounds a message to the API's own inline limit. */
export const MAX_PASTE_BASE64 = Math.ceil((20 * 1024 * 1024) / 3) * 4;

export const fromWebviewSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready'), conversationId: z.nullable(conversationId) }),
  z.strictObject({
    type: z.literal('send'),
    requestId,
    conversationId: z.nullable(conversationId),
    prompt: z.string().check(z.maxLength(20_000)),
    attachments: z.array(fileReference).check(z.maxLength(14)),
    settings: settingsSchema,
  }),
  z.strictObject({ type: z.literal('retry'), requestId, conversationId }),
  z.strictObject({ type: z.literal('stop'), requestId, conversationId }),
  z.strictObject({ type: z.literal('discardPending'), requestId, conversationId }),
  z.strictObject({ type: z.literal('open'), requestId, conversationId: z.nullable(conversationId) }),
  z.strictObject({ type: z.literal('rename'), requestId, conversationId }),
  z.strictObject({ type: z.literal('delete'), requestId, conversationId }),
  z.strictObject({ type: z.literal('updateSettings'), requestId, conversationId, settings: settingsSchema }),
  z.strictObject({ type: z.literal('pickAttachments'), requestId }),
  z.strictObject({ type: z.literal('dropFiles'), requestId, uris: z.array(z.string().check(z.maxLength(4000))).check(z.maxLength(50)) }),
  z.strictObject({
    type: z.literal('pasteImage'),
    requestId,
    mimeType: z.string().check(z.maxLength(100)),
    data: z.string().check(z.maxLength(MAX_PASTE_BASE64)),
  }),
  z.strictObject({ type: z.literal('imageAction'), requestId, action: z.enum(IMAGE_ACTIONS), path: workspacePath }),
  z.strictObject({ type: z.literal('openLink'), requestId, url: z.string().check(z.maxLength(4000)) }),
  /** An action of a failed turn's error card that the host carries out (Retry and Edit Prompt stay in the webview). */
  z.strictObject({ type: z.literal('errorAction'), requestId, action: z.enum(ERROR_ACTION_IDS), conversationId: z.nullable(conversationId) }),
]);

export type FromWebview = z.infer<typeof fromWebviewSchema>;

/** Messages the webview sends, without the request id it adds itself. */
export type FromWebviewRequest = FromWebview extends infer M ? (M extends { requestId: number } ? Omit<M, 'requestId'> : never) : never;
