/**
 * The one message protocol between the chat view's host (src/views/chat) and its webview
 * (webview/chat). The webview imports the types only; the host validates every incoming message
 * with the schemas below, since the webview is treated as untrusted input.
 */
import * as z from 'zod/mini';
import type { ChatSettings, Grounding } from '../../core/conversation';
import { ERROR_ACTION_IDS, type ErrorActionView } from '../../core/error-actions';
import { ASPECT_RATIOS, IMAGE_SIZES, MODEL_ID_PATTERN, SERVICE_TIERS, THINKING_LEVELS } from '../../core/models';
import type { ModelOption } from '../shared/models';
import { fileReference, imageActionSchema, requestId, sharedRequestSchemas, type ImageView } from '../shared/protocol';

export type { ImageView } from '../shared/protocol';

// ---- view models (host → webview) ----

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

export type { ModelOption } from '../shared/models';

/** What the composer shows about the turn being written: the one estimator's figure, and how it was reached. */
export interface EstimateView {
  /** Dollars for the turn, or null when the model has no known price. */
  usd: number | null;
  /** "≈ $0.0421" (or "cost unknown"). */
  text: string;
  /** The basis, and how much of the conversation is sent again with the turn. */
  detail: string;
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
  | { type: 'reply'; requestId: number; error: { code: string; message: string } | null; conversationId?: string; estimate?: EstimateView };

// ---- requests (webview → host) ----

const backgroundSchema = z.enum(['transparent', 'opaque']);

const conversationId = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{7,63}$/));

export const settingsSchema = z.strictObject({
  model: z.string().check(z.regex(MODEL_ID_PATTERN)),
  aspectRatio: z.nullable(z.enum(ASPECT_RATIOS)),
  imageSize: z.nullable(z.enum(IMAGE_SIZES)),
  grounding: z.boolean(),
  thinkingLevel: z.optional(z.nullable(z.enum(THINKING_LEVELS))),
  serviceTier: z.optional(z.enum(SERVICE_TIERS)),
});

/** The shared actions the chat offers, and its own two. */
export const IMAGE_ACTIONS = ['open', 'reveal', 'copyPath', 'insertLink', 'useAsReference', 'editInNewChat'] as const;
export type ImageAction = (typeof IMAGE_ACTIONS)[number];

export const fromWebviewSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready'), conversationId: z.nullable(conversationId) }),
  z.strictObject({
    type: z.literal('send'),
    requestId,
    conversationId: z.nullable(conversationId),
    prompt: z.string().check(z.maxLength(20_000)),
    attachments: z.array(fileReference).check(z.maxLength(14)),
    settings: settingsSchema,
    /** The composer's Transparent background toggle. */
    background: z.optional(backgroundSchema),
  }),
  /** The estimate of the turn being written, for the composer (sends nothing to the service). */
  z.strictObject({
    type: z.literal('estimate'),
    requestId,
    conversationId: z.nullable(conversationId),
    prompt: z.string().check(z.maxLength(20_000)),
    attachments: z.int().check(z.minimum(0), z.maximum(14)),
    settings: settingsSchema,
    background: z.optional(backgroundSchema),
  }),
  z.strictObject({ type: z.literal('retry'), requestId, conversationId }),
  z.strictObject({ type: z.literal('stop'), requestId, conversationId }),
  z.strictObject({ type: z.literal('discardPending'), requestId, conversationId }),
  z.strictObject({ type: z.literal('open'), requestId, conversationId: z.nullable(conversationId) }),
  z.strictObject({ type: z.literal('rename'), requestId, conversationId }),
  z.strictObject({ type: z.literal('delete'), requestId, conversationId }),
  z.strictObject({ type: z.literal('updateSettings'), requestId, conversationId, settings: settingsSchema }),
  z.strictObject({ type: z.literal('pickAttachments'), requestId }),
  imageActionSchema(IMAGE_ACTIONS),
  ...sharedRequestSchemas,
  /** An action of a failed turn's error card that the host carries out (Retry and Edit Prompt stay in the webview). */
  z.strictObject({ type: z.literal('errorAction'), requestId, action: z.enum(ERROR_ACTION_IDS), conversationId: z.nullable(conversationId) }),
]);

export type FromWebview = z.infer<typeof fromWebviewSchema>;

/** Messages the webview sends, without the request id it adds itself. */
export type FromWebviewRequest = FromWebview extends infer M ? (M extends { requestId: number } ? Omit<M, 'requestId'> : never) : never;
