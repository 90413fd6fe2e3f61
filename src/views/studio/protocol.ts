/**
 * The message protocol between the Studio panel's host (src/views/studio) and its webview
 * (webview/studio). The webview imports the types only; the host validates every incoming message
 * with the schemas below, since the webview is treated as untrusted input.
 */
import * as z from 'zod/mini';
import type { GalleryRecord } from '../../core/gallery';
import type { Grounding } from '../../core/grounding';
import { ASPECT_RATIOS, IMAGE_SIZES, MODEL_ID_PATTERN, SERVICE_TIERS, THINKING_LEVELS } from '../../core/models';
import type { ModelOption } from '../shared/models';
import type { Preset } from '../../core/presets';
import { ERROR_ACTION_IDS, type ErrorActionView } from '../../core/error-actions';
import type { ReplyMessage } from '../shared/messages';
import { SHARED_IMAGE_ACTIONS, fileReference, imageActionSchema, requestId, sharedRequestSchemas, workspacePath } from '../shared/protocol';

/** Variants one Generate makes at most (each its own request). */
export const MAX_VARIANTS = 8;

// ---- view models (host → webview) ----

export interface StudioSetup {
  presets: Preset[];
  /** The catalog's models with what each takes (ratios, sizes, thinking levels, flex). */
  models: ModelOption[];
  /** The user's settings, for a form that has nothing chosen yet. */
  defaults: { model: string; aspectRatio: string; imageSize: string; outputFolder: string; thinkingLevel: string | null; serviceTier: string };
}

export interface ReferenceView {
  /** Workspace-relative path. */
  path: string;
  /** The file's URI string (names its workspace folder); what a Generate refers to. */
  uri: string;
  src: string;
}

/** One saved image, in the results grid or the gallery: what the gallery knows of it, and where it shows from. */
export type ResultView = Pick<GalleryRecord, 'prompt' | 'model' | 'preset' | 'createdAt' | 'width' | 'height'> & {
  /** Workspace-relative path: what actions name. */
  path: string;
  src: string;
  /** The image it was made from (an edit's source), when known and in the workspace. */
  parent: { path: string; src: string } | null;
};

export interface GalleryPage {
  total: number;
  items: ResultView[];
  /** What the filters offer, from the whole gallery. */
  facets: { models: string[]; presets: string[]; folders: string[] };
  problems: number;
}

export type ToWebview =
  /** `preselect`: fields an `openStudio` argument (or a restore) sets, on top of what the form holds. */
  | { type: 'setup'; setup: StudioSetup; preselect: Partial<StudioForm> | null }
  | { type: 'presets'; presets: Preset[] }
  /** The model menu again, once the service's list for the key has answered (its ids merged into the catalog's). */
  | { type: 'models'; models: ModelOption[] }
  | { type: 'references'; references: ReferenceView[] }
  /** The search grounding of the answer comes with its image, when the variant was grounded. */
  | { type: 'variant'; runId: number; index: number; result: ResultView; grounding: Grounding | null }
  | { type: 'variantFailed'; runId: number; index: number; error: { code: string; message: string; actions: ErrorActionView[] } }
  | { type: 'galleryChanged' }
  | (ReplyMessage & { type: 'reply' });

// ---- requests (webview → host) ----

const fieldValue = z.union([z.string().check(z.maxLength(10_000)), z.number(), z.boolean()]);

/** Everything the form holds; kept in the webview's state, so a restored panel shows it again. */
export const formSchema = z.strictObject({
  preset: z.string().check(z.maxLength(100)),
  prompt: z.string().check(z.maxLength(20_000)),
  fields: z.record(z.string().check(z.maxLength(100)), fieldValue),
  /** The effective prompt as edited by hand; null while it follows the form. */
  promptOverride: z.nullable(z.string().check(z.maxLength(20_000))),
  model: z.string().check(z.regex(MODEL_ID_PATTERN)),
  aspectRatio: z.enum(ASPECT_RATIOS),
  imageSize: z.nullable(z.enum(IMAGE_SIZES)),
  /** Only where the model takes a thinking level; null for the model's own default. */
  thinkingLevel: z.optional(z.nullable(z.enum(THINKING_LEVELS))),
  /** `flex` only where the model offers it. */
  serviceTier: z.optional(z.enum(SERVICE_TIERS)),
  variants: z.int().check(z.minimum(1), z.maximum(MAX_VARIANTS)),
  references: z.array(z.strictObject({ path: workspacePath, uri: fileReference, src: z.string().check(z.maxLength(4000)) })).check(z.maxLength(14)),
  /** Ground the image with Google Search; offered (and sent) only for models that have it. */
  grounding: z.optional(z.boolean()),
  /** A transparent background (two requests per image, difference-matted); offered where the preset suggests it. */
  transparent: z.optional(z.boolean()),
  outputFolder: z.string().check(z.maxLength(1000)),
  baseName: z.string().check(z.maxLength(200)),
});
export type StudioForm = z.infer<typeof formSchema>;

export const STUDIO_IMAGE_ACTIONS = [...SHARED_IMAGE_ACTIONS, 'discard'] as const;
export type StudioImageAction = (typeof STUDIO_IMAGE_ACTIONS)[number];

export const gallerySearchSchema = z.strictObject({
  text: z.optional(z.string().check(z.maxLength(500))),
  model: z.optional(z.string().check(z.maxLength(100))),
  preset: z.optional(z.string().check(z.maxLength(100))),
  folder: z.optional(z.string().check(z.maxLength(1000))),
  /** Only images made in the last this many days. */
  withinDays: z.optional(z.int().check(z.minimum(1), z.maximum(3650))),
  sort: z.enum(['newest', 'oldest']),
  offset: z.int().check(z.nonnegative()),
  limit: z.int().check(z.minimum(1), z.maximum(500)),
});
export type GallerySearch = z.infer<typeof gallerySearchSchema>;

const runId = z.int().check(z.nonnegative());

export const fromWebviewSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('formChanged'), form: formSchema }),
  z.strictObject({ type: z.literal('preview'), requestId, form: formSchema }),
  z.strictObject({ type: z.literal('estimate'), requestId, form: formSchema }),
  z.strictObject({ type: z.literal('generate'), requestId, runId, form: formSchema }),
  z.strictObject({ type: z.literal('cancel'), requestId, runId }),
  z.strictObject({ type: z.literal('pickReferences'), requestId }),
  z.strictObject({ type: z.literal('pickOutputFolder'), requestId }),
  z.strictObject({ type: z.literal('gallery'), requestId, search: gallerySearchSchema }),
  z.strictObject({ type: z.literal('thumbnail'), requestId, path: workspacePath }),
  z.strictObject({ type: z.literal('savePreset'), requestId, form: formSchema }),
  /** An action of a variant's error card; the host looks the failure up by run and variant. */
  z.strictObject({ type: z.literal('errorAction'), requestId, runId, index: z.int().check(z.nonnegative()), action: z.enum(ERROR_ACTION_IDS) }),
  imageActionSchema(STUDIO_IMAGE_ACTIONS),
  ...sharedRequestSchemas,
]);

export type FromWebview = z.infer<typeof fromWebviewSchema>;

/** Messages the webview sends, without the request id it adds itself. */
export type FromWebviewRequest = FromWebview extends infer M ? (M extends { requestId: number } ? Omit<M, 'requestId'> : never) : never;

/** What a preview request answers. */
export interface PromptPreview {
  text: string;
  /** Why the form cannot be generated yet (a required field is empty), or null. */
  problem: string | null;
}
