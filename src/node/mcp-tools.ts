import { pathToFileURL } from 'node:url';
import * as z from 'zod/mini';
import { PictorError } from '../core/errors';
import { assetFactsOf, galleryQuerySchema, parseGalleryQuery } from '../core/gallery';
import { editToolInput, exportIconSetToolInput, generateToolInput, removeBackgroundToolInput } from '../core/agent-tools';
import { editArgsSchema, generateArgsSchema, parseArgs } from '../core/spec';
import { GalleryIndex } from '../gallery/gallery-index';
import { exportIconSetOf, readSourceImageAt, removeBackgroundOf } from '../outputs/derived';
import type { GenerationOutcome } from '../pipeline';
import { nodeGalleryFileSystem } from './gallery-fs';
import type { NodeHost, RunControl } from './host';
import { describeFailure, reportImages, type ReportedImage } from './output';

/** One MCP tool result (the SDK's CallToolResult shape). */
export interface ToolResult {
  [key: string]: unknown;
  content: Array<{ type: 'text'; text: string } | { type: 'resource_link'; uri: string; name: string; mimeType?: string; description?: string }>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

export interface ToolDefinition {
  name: string;
  title: string;
  description: string;
  inputSchema: Record<string, unknown>;
  annotations: { readOnlyHint: boolean; destructiveHint: boolean; idempotentHint: boolean; openWorldHint: boolean };
  run(host: NodeHost, args: unknown, control: RunControl): Promise<ToolResult>;
}

/**
 * The arguments are those of the language model tools in VS Code (one schema each, in core). Outside
 * VS Code an agent has no settings, so it may also give what they hold there: an edit's model and shape,
 * and for both the thinking level and the service tier; a generation also takes an exact size.
 */
const generateImageArgs = z.strictObject({
  ...generateToolInput.shape,
  size: generateArgsSchema.shape.size,
  thinkingLevel: generateArgsSchema.shape.thinkingLevel,
  serviceTier: generateArgsSchema.shape.serviceTier,
});
const editImageArgs = z.strictObject({
  ...editToolInput.shape,
  model: editArgsSchema.shape.model,
  aspectRatio: editArgsSchema.shape.aspectRatio,
  imageSize: editArgsSchema.shape.imageSize,
  count: editArgsSchema.shape.count,
  outputFolder: editArgsSchema.shape.outputFolder,
  thinkingLevel: editArgsSchema.shape.thinkingLevel,
  serviceTier: editArgsSchema.shape.serviceTier,
});
const removeBackgroundArgs = removeBackgroundToolInput;
const exportIconSetArgs = exportIconSetToolInput;

/** What each argument means, for the agent reading the schema. */
const DESCRIPTIONS: Record<string, string> = {
  prompt: 'What to make (or, for an edit, the change to make), in plain words.',
  preset: 'An asset kind that shapes the prompt: app-icon, diagram, logo, illustration, ui-mockup, photo, … (or a preset of the folder\'s .pictor/presets.json).',
  presetFields: "Values for the preset's fields (field id → value).",
  model: 'A Gemini image model id; default the current default model.',
  aspectRatio: 'The image shape, such as 1:1, 16:9 or 9:16.',
  imageSize: '512, 1K, 2K or 4K, for models that take a size (each model makes some of them).',
  size: 'An exact size in pixels ({ width, height }): the nearest aspect ratio is asked for, then the image is scaled and cropped to it.',
  thinkingLevel: 'How much the model thinks before drawing: minimal, low, medium or high, for models that take a level.',
  serviceTier: '"flex" costs about half and may answer more slowly (models that offer it); default "standard".',
  count: 'How many images to make (1–4); each is a billed request.',
  references: 'Images to take style or content from: paths relative to the root folder.',
  background: '"transparent" makes a transparent PNG (two billed requests per image).',
  outputFolder: 'The folder to save into, relative to the root (default assets/generated; edits go beside the original).',
  fileName: 'The file name without extension; a taken name gets -2, -3, … (files are never replaced).',
  image: 'The image, as a path relative to the root folder.',
  color: 'The background colour to remove as #rrggbb, or "auto" (the most common colour on the border).',
  tolerance: 'How far a colour may be from it and still be removed, 0–100.',
  sizes: 'Icon sizes in pixels (default 16 to 1024).',
  ico: 'Write favicon.ico (default true).',
  appleTouch: 'Write apple-touch-icon.png (default true).',
  webmanifest: 'Write site.webmanifest (default true).',
  text: 'Words to find in the prompt or the path.',
  folder: 'Only images in this folder (relative to the root) or below it.',
  sort: 'newest (default) or oldest first.',
  offset: 'Matches to skip (paging).',
  limit: 'Matches to return (default 100).',
};

/** The JSON Schema an MCP client sees: made from the same zod schema the arguments are checked with. */
function jsonSchemaOf(schema: z.ZodMiniType, overrides: Record<string, string> = {}): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as { properties: Record<string, Record<string, unknown>> } & Record<string, unknown>;
  delete json.$schema;
  for (const [key, property] of Object.entries(json.properties)) {
    const description = overrides[key] ?? DESCRIPTIONS[key];
    if (description) property.description = description;
  }
  return json;
}

const fileUri = (host: NodeHost, relative: string) => pathToFileURL(host.port.locate(relative)).href;

/** Text (paths relative to the root, the sidecar of each) and a `resource_link` per image. */
function imagesResult(host: NodeHost, images: ReportedImage[], extra: string[] = []): ToolResult {
  const lines = images.map((image) => `- ${image.path}${image.width && image.height ? ` (${image.width}×${image.height})` : ''}, sidecar ${image.sidecar}`);
  const text = [`Saved ${images.length} image${images.length === 1 ? '' : 's'} (paths relative to the root folder):`, ...lines, ...extra].join('\n');
  return {
    content: [
      { type: 'text', text },
      ...images.map((image) => ({
        type: 'resource_link' as const,
        uri: fileUri(host, image.path),
        name: image.path.split('/').pop() ?? image.path,
        mimeType: image.path.endsWith('.jpg') ? 'image/jpeg' : image.path.endsWith('.webp') ? 'image/webp' : 'image/png',
        description: `${image.path}; how it was made: ${image.sidecar}`,
      })),
    ],
    structuredContent: { images },
  };
}

function outcomeResult(host: NodeHost, outcome: GenerationOutcome<string>): ToolResult {
  const extra = [...outcome.warnings.map((warning) => `Warning: ${warning}`), ...(outcome.text ? [`The model also said: ${outcome.text}`] : [])];
  return imagesResult(host, reportImages(host.port, outcome), extra);
}

/** A failure as the tool's result: `isError`, the text starting with the code (`badInput: …`). */
export function errorResult(error: unknown): ToolResult {
  const { code, message } = describeFailure(error);
  return { content: [{ type: 'text', text: `${code}: ${message}` }], structuredContent: { error: { code, message } }, isError: true };
}

const PAID = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true };
const LOCAL = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false };

/** The tools the MCP server lists, in order. */
export const TOOLS: ToolDefinition[] = [
  {
    name: 'generate_image',
    title: 'Generate image',
    description:
      "Generates images with Google's Gemini image models and saves each with a sidecar (name.png.json) recording the prompt, model and settings. Files are never replaced. Returns the paths relative to the root folder. Paid: about $0.04 per 1K image.",
    inputSchema: jsonSchemaOf(generateImageArgs),
    annotations: PAID,
    async run(host, args, control) {
      const parsed = parseArgs(generateImageArgs, args, 'generate_image');
      return outcomeResult(host, await host.generate(parsed, control));
    },
  },
  {
    name: 'edit_image',
    title: 'Edit image',
    description:
      'Changes an existing image as instructed (with optional reference images); the result is saved beside it as NAME.edit-N.png with a sidecar, the original is kept. Paid.',
    inputSchema: jsonSchemaOf(editImageArgs, { references: 'More images to use (a style, an object to add): paths relative to the root folder.' }),
    annotations: PAID,
    async run(host, args, control) {
      const { image, references, ...edit } = parseArgs(editImageArgs, args, 'edit_image');
      return outcomeResult(host, await host.edit(image, edit, control, references));
    },
  },
  {
    name: 'find_assets',
    title: 'Find image assets',
    description: 'Lists the images made by Pictor in the root folder (those with a sidecar), newest first, filtered by words in the prompt or path, model, preset or folder. Free.',
    inputSchema: jsonSchemaOf(galleryQuerySchema),
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    async run(host, args) {
      const query = parseGalleryQuery(args);
      if (query.folder !== undefined) host.port.outputDir(query.folder);
      const result = await new GalleryIndex(nodeGalleryFileSystem(host.port)).query(query);
      const items = result.items.map((record) => ({
        path: record.relativePath,
        sidecar: `${record.relativePath}.json`,
        ...assetFactsOf(record),
      }));
      const lines = items.map((item) => `- ${item.path}${item.width && item.height ? ` (${item.width}×${item.height})` : ''}: "${item.prompt.slice(0, 160)}" (${item.model}, ${item.createdAt})`);
      const text = [`${result.total} image${result.total === 1 ? '' : 's'} match${result.total === 1 ? 'es' : ''}${items.length < result.total ? `; showing ${items.length}` : ''} (paths relative to the root folder):`, ...lines].join('\n');
      return {
        content: [
          { type: 'text', text },
          ...items.map((item) => ({ type: 'resource_link' as const, uri: fileUri(host, item.path), name: item.path.split('/').pop() ?? item.path, description: item.prompt.slice(0, 200) })),
        ],
        structuredContent: { total: result.total, items },
      };
    },
  },
  {
    name: 'remove_background',
    title: 'Remove background',
    description: 'Makes a plain background colour of an image transparent, locally (no request, free); saves NAME.transparent.png with a sidecar beside it.',
    inputSchema: jsonSchemaOf(removeBackgroundArgs),
    annotations: LOCAL,
    async run(host, args) {
      const { image, ...options } = parseArgs(removeBackgroundArgs, args, 'remove_background');
      const source = await readSourceImageAt(host.writer, host.port.locate(image));
      const saved = await removeBackgroundOf(host, source, options, 'remove_background');
      return imagesResult(host, [
        { path: host.port.relativePath(saved.uri), sidecar: host.port.relativePath(saved.sidecarUri), width: saved.sidecar.image.width, height: saved.sidecar.image.height },
      ]);
    },
  },
  {
    name: 'export_icon_set',
    title: 'Export icon set',
    description: 'Exports an image as an icon set, locally (free): square PNGs at each size, apple-touch-icon.png, favicon.ico and site.webmanifest, in NAME-icons/ beside it or outputFolder.',
    inputSchema: jsonSchemaOf(exportIconSetArgs, { outputFolder: 'The folder to write into, relative to the root (default NAME-icons beside the image).' }),
    annotations: LOCAL,
    async run(host, args) {
      const { image, ...options } = parseArgs(exportIconSetArgs, args, 'export_icon_set');
      const source = await readSourceImageAt(host.writer, host.port.locate(image));
      const set = await exportIconSetOf(host, source, options, (relative) => host.port.outputDir(relative), 'export_icon_set');
      const files = [...set.files.map((file) => file.location), ...(set.ico ? [set.ico] : []), ...(set.manifest ? [set.manifest] : [])].map((location) => host.port.relativePath(location));
      const text = [`Wrote ${files.length} files (paths relative to the root folder):`, ...files.map((file) => `- ${file}`)].join('\n');
      return {
        content: [{ type: 'text', text }, ...files.map((file) => ({ type: 'resource_link' as const, uri: fileUri(host, file), name: file.split('/').pop() ?? file }))],
        structuredContent: { files },
      };
    },
  },
];

/** Runs a tool by name; every failure (unknown tool included) comes back as an error result, never thrown. */
export async function callTool(host: NodeHost, name: string, args: unknown, control: RunControl): Promise<ToolResult> {
  try {
    const tool = TOOLS.find((t) => t.name === name);
    if (!tool) throw new PictorError('badInput', `Unknown tool "${name}". Tools: ${TOOLS.map((t) => t.name).join(', ')}.`);
    return await tool.run(host, args ?? {}, control);
  } catch (error) {
    return errorResult(error);
  }
}
