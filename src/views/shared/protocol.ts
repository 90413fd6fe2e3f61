/**
 * What every Pictor webview's protocol shares: the view models of images, the checks of the requests
 * all views make (drop, paste, image and error actions, links), and the reply. The webviews import the
 * types only; hosts validate every incoming message, since a webview is untrusted input.
 */
import * as z from 'zod/mini';

export type { ReplyMessage } from './messages';

export interface ImageView {
  /** Workspace-relative path, when the image is a workspace file (actions work on it). */
  path: string | null;
  /** A webview URI. */
  src: string;
  alt: string;
  width: number | null;
  height: number | null;
}

export const requestId = z.int().check(z.nonnegative());
export const workspacePath = z.string().check(z.minLength(1), z.maxLength(1000));
/** A workspace path or a file's URI string; the host still refuses anything outside the workspace. */
export const fileReference = z.string().check(z.minLength(1), z.maxLength(4000));

/** Pasted images travel as base64; this bounds a message to the API's own inline limit. */
export const MAX_PASTE_BASE64 = Math.ceil((20 * 1024 * 1024) / 3) * 4;

/** Image actions every view offers on a workspace image. */
export const SHARED_IMAGE_ACTIONS = ['open', 'reveal', 'copyPath', 'copyMarkdownLink', 'insertLink', 'edit', 'variations', 'continueInChat'] as const;
export type SharedImageAction = (typeof SHARED_IMAGE_ACTIONS)[number];

/** The requests every view accepts, to be put in its own discriminated union. */
export const sharedRequestSchemas = [
  z.strictObject({ type: z.literal('dropFiles'), requestId, uris: z.array(fileReference).check(z.maxLength(50)) }),
  z.strictObject({
    type: z.literal('pasteImage'),
    requestId,
    mimeType: z.string().check(z.maxLength(100)),
    data: z.string().check(z.maxLength(MAX_PASTE_BASE64)),
  }),
  z.strictObject({ type: z.literal('openLink'), requestId, url: z.string().check(z.maxLength(4000)) }),
] as const;

/** An image action request over a view's own list of actions. */
export function imageActionSchema<const A extends readonly [string, ...string[]]>(actions: A) {
  return z.strictObject({ type: z.literal('imageAction'), requestId, action: z.enum(actions), path: workspacePath });
}
