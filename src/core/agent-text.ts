/**
 * What agents and the chat participant read and show: the confirmation before a paid tool call and the
 * text a tool returns to the model. vscode-free, so every surface (language model tools, `@pictor`)
 * words these the same way and unit tests pin them down.
 */
import type { CostEstimate } from './estimate';
import { altTextFrom, formatImageLink } from './insert-link';

/** The longest prompt excerpt shown in a confirmation: enough to recognise it, not a wall of text. */
const PROMPT_EXCERPT_CHARS = 300;

/**
 * Dollars as people read an estimate: `$0.034` below a dollar, `$1.20` from a dollar up, `<$0.001` for
 * a non-zero amount that rounds to nothing, `unknown` without a price.
 */
export function formatEstimateUsd(usd: number | null): string {
  if (usd === null) return 'unknown';
  if (usd > 0 && usd < 0.0005) return '<$0.001';
  return usd >= 1 ? `$${usd.toFixed(2)}` : `$${usd.toFixed(3)}`;
}

/** What a paid run is about to do, as a tool's `prepareInvocation` and the participant show it. */
export interface RunPreview {
  /** `generate` a new image, `edit` an existing one. */
  action: 'generate' | 'edit';
  /** Catalog label, e.g. `Nano Banana 2`. */
  modelLabel: string;
  modelId: string;
  /** The prompt as the caller wrote it (before presets). */
  prompt: string;
  /** From the one estimator (src/core/estimate.ts). */
  estimate: Pick<CostEstimate, 'usd' | 'images' | 'calls'>;
  /** For an edit: the workspace-relative path of the image changed. */
  image?: string;
}

/** The confirmation of a paid tool call: a title and a Markdown body (prompt quoted as text, never HTML). */
export interface ToolConfirmation {
  title: string;
  message: string;
}

/**
 * The progress line and the confirmation of a paid call: the model, the prompt and the estimated cost.
 * `budgetLeftUsd`, when a monthly budget is set, says what remains of it.
 */
export function describeRun(preview: RunPreview, budgetLeftUsd?: number): { invocationMessage: string; confirmation: ToolConfirmation } {
  const images = `${preview.estimate.images} image${preview.estimate.images === 1 ? '' : 's'}`;
  const cost = formatEstimateUsd(preview.estimate.usd);
  const verb = preview.action === 'edit' ? `Edit ${preview.image ?? 'the image'}` : `Generate ${images}`;
  const model = `${preview.modelLabel} (${preview.modelId})`;
  const lines = [
    `**Model:** ${escapeMarkdown(model)}`,
    `**Prompt:** ${escapeMarkdown(excerpt(preview.prompt))}`,
    `**Estimated cost:** ${cost} (${images}, ${preview.estimate.calls} call${preview.estimate.calls === 1 ? '' : 's'} to the Gemini API, billed to your key)`,
    ...(budgetLeftUsd !== undefined ? [`**Left of this month's budget:** ${formatEstimateUsd(budgetLeftUsd)}`] : []),
  ];
  return {
    invocationMessage: `${preview.action === 'edit' ? 'Editing' : 'Generating'} with ${preview.modelLabel} (≈ ${cost})`,
    confirmation: { title: `${verb} with ${preview.modelLabel} for about ${cost}?`, message: lines.join('  \n') },
  };
}

/** One saved image as tools report it: workspace-relative paths and the pixel size. */
export interface SavedImageFacts {
  path: string;
  /** The sidecar's workspace-relative path; null for files that have none. */
  sidecar: string | null;
  width: number | null;
  height: number | null;
}

/**
 * The text a tool returns after saving images: per image its path, size, sidecar and a Markdown link
 * `![alt](path)` (workspace-relative; rebase it when the link goes into a document elsewhere).
 * `alt` is made from the prompt; `note` is the model's own text, when it answered with some.
 */
export function savedImagesText(images: readonly SavedImageFacts[], options: { prompt?: string; verb?: string; note?: string } = {}): string {
  const alt = altTextFrom(options.prompt ?? '');
  const lines = [`${options.verb ?? 'Saved'} ${images.length} image${images.length === 1 ? '' : 's'} in the workspace:`];
  for (const image of images) {
    lines.push(
      '',
      `Image: ${image.path}${sizeOf(image)}`,
      ...(image.sidecar ? [`Sidecar: ${image.sidecar} (prompt, model and settings, for regenerating)`] : []),
      `Markdown: ${formatImageLink('markdown', image.path, alt)}`,
    );
  }
  if (options.note?.trim()) lines.push('', `The model also said: ${options.note.trim()}`);
  lines.push('', 'Paths are relative to the workspace folder. Existing files are never overwritten; each run adds new files.');
  return lines.join('\n');
}

/** An exported icon set: each PNG with its size, then the .ico and the web manifest when written. */
export function iconSetText(set: { files: ReadonlyArray<{ path: string; size: number }>; ico?: string; manifest?: string }): string {
  const lines = [`Exported ${set.files.length} PNG icon${set.files.length === 1 ? '' : 's'}:`];
  for (const file of set.files) lines.push(`- ${file.path} (${file.size} × ${file.size})`);
  if (set.ico) lines.push(`Favicon: ${set.ico}`);
  if (set.manifest) lines.push(`Web manifest: ${set.manifest}`);
  return lines.join('\n');
}

/** One match of a gallery query, as the find-assets tool lists it. */
export interface AssetFacts {
  /** Workspace-relative; null when the image of a sidecar is missing. */
  path: string | null;
  sidecar: string | null;
  prompt: string;
  model: string;
  width: number | null;
  height: number | null;
  /** ISO 8601. */
  createdAt: string;
}

/** The find-assets result: how many matched, then one line per image (path first, so a model can use it). */
export function assetListText(result: { total: number; offset: number; items: readonly AssetFacts[] }): string {
  if (!result.total) return 'No Pictor images match. Every image Pictor made has a .json sidecar next to it; try fewer words or no filter.';
  const shown = result.items.length;
  const head =
    shown < result.total
      ? `${result.total} images match; showing ${result.offset + 1}–${result.offset + shown} (pass offset to see more):`
      : `${result.total} image${result.total === 1 ? '' : 's'} match:`;
  const lines = result.items.map((item) => {
    const where = item.path ?? `(image missing; sidecar ${item.sidecar ?? '?'})`;
    return `- ${where}${sizeOf(item)} — "${oneLine(excerpt(item.prompt, 160))}" (${item.model}, ${item.createdAt.slice(0, 10)})`;
  });
  return [head, ...lines].join('\n');
}

/** A failure as tools throw it: the code first (`badInput: …`), so a model and a script can branch on it. */
export function toolErrorMessage(failure: { code: string; message: string }): string {
  return `${failure.code}: ${failure.message}`;
}

function sizeOf(image: { width: number | null; height: number | null }): string {
  return image.width && image.height ? ` (${image.width} × ${image.height})` : '';
}

function excerpt(text: string, max = PROMPT_EXCERPT_CHARS): string {
  const trimmed = text.trim();
  return trimmed.length > max ? `${trimmed.slice(0, max - 1).trimEnd()}…` : trimmed;
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ');

/** Prompt text shown in Markdown stays text: no links, emphasis, HTML or headings from it. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&').replace(/\r?\n/g, ' ');
}
