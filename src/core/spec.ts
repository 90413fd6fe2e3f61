import * as z from 'zod/mini';
import { cancellationTokenSchema } from './cancellation';
import { PictorError } from './errors';
import { unsupportedInputMessage } from './input-formats';
import {
  ASPECT_RATIOS,
  IMAGE_SIZES,
  INLINE_REQUEST_LIMIT_BYTES,
  MAX_INPUT_IMAGE_BYTES,
  MODEL_ID_PATTERN,
  MODELS,
  SERVICE_TIERS,
  assertModelAvailable,
  isInputMimeType,
  modelInfo,
  parseThinkingLevel,
  type AspectRatio,
  type ImageSize,
  type ServiceTier,
  type ThinkingLevel,
} from './models';
import { PRESET_ID_PATTERN, normalizePresetId, type PresetFieldValue, type PresetId } from './presets';

export const MAX_PROMPT_CHARS = 20_000;
export const MAX_COUNT = 4;

/** A file given as a workspace-relative path, a URI string, or a `vscode.Uri` (checked by shape here). */
export interface UriLike {
  scheme: string;
  path: string;
}
export const fileReference = z.union([
  z.string().check(z.minLength(1)),
  z.custom<UriLike>((v) => !!v && typeof v === 'object' && typeof (v as UriLike).scheme === 'string' && typeof (v as UriLike).path === 'string', 'expected a path or a Uri'),
]);

/** The argument object of `pictor.generate`, validated at the command boundary. */
export const generateArgsSchema = z.strictObject({
  prompt: z
    .string()
    .check(z.maxLength(MAX_PROMPT_CHARS), z.refine((p) => p.trim().length > 0, 'prompt must not be empty')),
  model: z.optional(
    z.string().check(z.regex(MODEL_ID_PATTERN, 'model must be a Gemini model id (letters, digits, dots and dashes)')),
  ),
  aspectRatio: z.optional(z.enum(ASPECT_RATIOS)),
  imageSize: z.optional(z.enum(IMAGE_SIZES)),
  count: z.optional(z.int().check(z.minimum(1), z.maximum(MAX_COUNT))),
  /** A built-in or workspace preset id (or an alias such as `icon`); checked against the presets later. */
  preset: z.optional(z.pipe(z.transform(normalizePresetId), z.string().check(z.regex(PRESET_ID_PATTERN, 'preset must be a preset id such as app-icon')))),
  /** Field id → value for the preset's fields; checked against the preset before any request. */
  presetFields: z.optional(z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]))),
  references: z.optional(z.array(fileReference).check(z.maxLength(14))),
  outputFolder: z.optional(z.string().check(z.minLength(1))),
  fileName: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  /** A `vscode.CancellationToken`: cancelling it is the progress notification's Cancel. */
  cancellationToken: z.optional(cancellationTokenSchema),
  /** `transparent`: a white and a black version, difference-matted into one transparent PNG (two requests). */
  background: z.optional(z.enum(['transparent', 'opaque'])),
  /** Exact output size in pixels: the nearest aspect ratio is requested, then the image is scaled and cropped. */
  size: z.optional(z.strictObject({ width: z.int().check(z.minimum(1), z.maximum(8192)), height: z.int().check(z.minimum(1), z.maximum(8192)) })),
  thinkingLevel: z.optional(thinkingLevelArg()),
  serviceTier: z.optional(z.enum(SERVICE_TIERS)),
  /** `false`: run even when the estimate is above `pictor.confirmAboveUsd` (scripts cannot be asked). */
  confirmCost: z.optional(z.boolean()),
});

/** `thinkingLevel` in any case ("HIGH", "high") → Pictor's lower-case spelling. */
function thinkingLevelArg() {
  return z.pipe(
    z.string(),
    z.transform((value, ctx) => {
      const level = parseThinkingLevel(value);
      if (!level) {
        ctx.issues.push({ code: 'custom', input: value, message: 'thinkingLevel must be one of minimal, low, medium, high' });
        return z.NEVER;
      }
      return level;
    }),
  );
}

export type GenerateArgs = z.infer<typeof generateArgsSchema>;

/** The argument object of `pictor.editImage` and `pictor.composeImages` (the images come as URIs). */
export const editArgsSchema = z.strictObject({
  prompt: generateArgsSchema.shape.prompt,
  model: generateArgsSchema.shape.model,
  aspectRatio: generateArgsSchema.shape.aspectRatio,
  imageSize: generateArgsSchema.shape.imageSize,
  count: generateArgsSchema.shape.count,
  outputFolder: generateArgsSchema.shape.outputFolder,
  images: z.optional(z.array(z.string().check(z.minLength(1))).check(z.maxLength(14))),
  /** More images sent with the instruction, after the image(s) it changes (role `reference` in the sidecar). */
  references: generateArgsSchema.shape.references,
  cancellationToken: generateArgsSchema.shape.cancellationToken,
  thinkingLevel: generateArgsSchema.shape.thinkingLevel,
  serviceTier: generateArgsSchema.shape.serviceTier,
  confirmCost: generateArgsSchema.shape.confirmCost,
});

export type EditArgs = z.infer<typeof editArgsSchema>;

/** Parse untrusted arguments (another extension, a keybinding) into typed ones or a badInput error. */
export function parseArgs<T>(schema: z.ZodMiniType<T>, value: unknown, command = 'Pictor'): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new PictorError('badInput', `Invalid arguments for ${command}: ${describeIssue(result.error.issues[0])}.`);
  }
  return result.data;
}

export function parseGenerateArgs(value: unknown): GenerateArgs {
  return parseArgs(generateArgsSchema, value);
}

/** zod/mini ships no message locale; say what is wrong in words a caller can act on. */
export function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'unknown problem';
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown field(s) ${issue.keys.join(', ')}`;
    case 'invalid_value':
      return `${where}must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_type':
      return `${where || 'arguments: '}expected ${issue.expected}`;
    case 'too_small':
      return `${where}must be at least ${String(issue.minimum)}${issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : ''}`;
    case 'too_big':
      return `${where}must be at most ${String(issue.maximum)}${issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : ''}`;
    default:
      return `${where}${issue.message && issue.message !== 'Invalid input' ? issue.message : 'invalid value'}`;
  }
}

export interface InputImage {
  /** Workspace-relative path with `/`. */
  path: string;
  mimeType: string;
  bytes: Uint8Array;
  sha256: string;
  role: 'reference' | 'source';
  /** Set once the image was uploaded through the Files API (inputs too large to send inline). */
  fileUri?: string;
  /**
   * Set when the file was converted before sending (a GIF goes as a PNG of its first frame): `bytes`,
   * `mimeType` and `sha256` are then those sent; the file's own type and hash are here, with the note
   * shown to the user and recorded in the sidecar.
   */
  converted?: { fromMimeType: string; fileSha256: string; note: string };
}

/** The hash of the input's file as it is on disk (what sidecars record and replays compare). */
export function fileSha256Of(input: Pick<InputImage, 'sha256' | 'converted'>): string {
  return input.converted?.fileSha256 ?? input.sha256;
}

/** Everything one generation needs; every entry point builds one of these. */
export interface GenerationSpec {
  /** Exactly as the user typed it. */
  prompt: string;
  /** The text to send when it must not be rebuilt from a built-in preset (a sidecar replay, a workspace preset). */
  effectivePrompt?: string;
  preset: PresetId;
  /** The preset's field values as resolved (defaults filled in); recorded in the sidecar. */
  presetFields?: Record<string, PresetFieldValue>;
  model: string;
  aspectRatio?: AspectRatio;
  imageSize?: ImageSize;
  count: number;
  inputs: InputImage[];
  parent?: { path: string; sha256: string } | null;
  /** Ancestors of the parent, oldest first (from the parent's own sidecar). */
  lineage?: Array<{ path: string; sha256: string }>;
  /** `thinkingConfig.thinkingLevel`; only for models whose catalog entry lists the level. */
  thinkingLevel?: ThinkingLevel;
  /** `serviceTier`; undefined means standard (the field is then not sent). */
  serviceTier?: ServiceTier;
  /** Whether the service may store the request (`store`); undefined is sent as false. */
  store?: boolean;
  /** Ground the image with Google Search (`tools: [{ googleSearch: {} }]`); sent only to models that support it. */
  grounding?: boolean;
}

/**
 * The image size to send: the requested one (refused for models that always make 1K images), or for
 * catalogued models that take a size, the configured default. Custom model ids get none unless asked.
 */
export function resolveImageSize(model: string, requested: ImageSize | undefined, fallback: ImageSize): ImageSize | undefined {
  const info = modelInfo(model);
  if (requested) {
    checkImageSize(info.id, requested);
    return requested;
  }
  if (!info.known || !info.supportsImageSize) return undefined;
  return info.sizes.includes(fallback) ? fallback : info.sizes[0];
}

/** Refuse a size the model does not make, naming the sizes it does and a model that makes this one. */
export function checkImageSize(model: string, size: ImageSize): void {
  const info = modelInfo(model);
  if (info.supportsImageSize && info.sizes.includes(size)) return;
  if (!info.supportsImageSize && size === '1K') return;
  const other = otherModelWith((m) => m.supportsImageSize && m.sizes.includes(size));
  throw new PictorError(
    'badInput',
    `${info.label} (${info.id}) makes ${info.sizes.join(', ')} images${info.supportsImageSize ? '' : ' and takes no image size'}; image size ${size}${other ? ` needs ${other}` : ' is not offered by any current model'}.`,
  );
}

/** Refuse an aspect ratio the model does not take. */
export function checkAspectRatio(model: string, ratio: AspectRatio): void {
  const info = modelInfo(model);
  if (info.aspectRatios.includes(ratio)) return;
  const other = otherModelWith((m) => m.aspectRatios.includes(ratio));
  throw new PictorError(
    'badInput',
    `${info.label} (${info.id}) does not take aspect ratio ${ratio}${other ? `; ${other} does` : ''}. Its ratios: ${info.aspectRatios.join(', ')}.`,
  );
}

/** Refuse a thinking level the model does not take (before any request: the service would answer 400). */
export function checkThinkingLevel(model: string, level: ThinkingLevel): void {
  const info = modelInfo(model);
  if (info.thinkingLevels.includes(level)) return;
  throw new PictorError(
    'badInput',
    info.thinkingLevels.length
      ? `${info.label} (${info.id}) takes thinking level ${orList(info.thinkingLevels)}, not ${level}.`
      : `${info.label} (${info.id}) does not let you set a thinking level.`,
  );
}

/** Refuse the flex tier on a model that does not offer it. */
export function checkServiceTier(model: string, tier: ServiceTier): void {
  const info = modelInfo(model);
  if (tier === 'flex' && !info.flex) {
    const other = otherModelWith((m) => m.flex);
    throw new PictorError('badInput', `${info.label} (${info.id}) has no flex tier${other ? `; ${other} has` : ''}. Use serviceTier "standard".`);
  }
}

/** "a", "a or b", "a, b or c". */
function orList(items: readonly string[]): string {
  return items.length > 1 ? `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}` : (items[0] ?? '');
}

function otherModelWith(test: (m: ReturnType<typeof modelInfo>) => boolean): string | undefined {
  const found = currentModelsForHints().find(test);
  return found ? `${found.label} (${found.id})` : undefined;
}

function currentModelsForHints() {
  return MODELS.filter((m) => m.status === 'ga' || m.status === 'preview');
}

export interface SpecWarning {
  message: string;
}

/** Check a spec against the catalog before any request; returns warnings worth showing. */
export function validateSpec(spec: GenerationSpec): SpecWarning[] {
  const model = modelInfo(spec.model);
  const warnings: SpecWarning[] = [];
  if (!MODEL_ID_PATTERN.test(spec.model)) {
    throw new PictorError('badInput', `"${spec.model}" is not a valid model id.`, { setting: 'pictor.defaultModel' });
  }
  assertModelAvailable(spec.model);
  if (spec.imageSize !== undefined) checkImageSize(spec.model, spec.imageSize);
  if (spec.aspectRatio !== undefined) checkAspectRatio(spec.model, spec.aspectRatio);
  if (spec.thinkingLevel !== undefined) checkThinkingLevel(spec.model, spec.thinkingLevel);
  if (spec.serviceTier !== undefined) checkServiceTier(spec.model, spec.serviceTier);
  if (spec.count < 1 || spec.count > MAX_COUNT || !Number.isInteger(spec.count)) {
    throw new PictorError('badInput', `Count must be a whole number from 1 to ${MAX_COUNT}.`);
  }
  const images = spec.inputs.length;
  if (images > model.maxReferenceImages) {
    throw new PictorError(
      'badInput',
      `${model.label} accepts at most ${model.maxReferenceImages} reference images; ${images} were given.`,
    );
  }
  if (images > model.recommendedReferenceImages) {
    warnings.push({
      message: `${model.label} works best with up to ${model.recommendedReferenceImages} reference images; ${images} were given.`,
    });
  }
  const prompts = [spec.prompt, ...(spec.effectivePrompt !== undefined ? [spec.effectivePrompt] : [])];
  for (const prompt of prompts) {
    // The same limits wherever the prompt came from: typed, scripted, or read back from a sidecar.
    if (!prompt.trim()) throw new PictorError('badInput', 'The prompt is empty. Describe the image to make.');
    if (prompt.length > MAX_PROMPT_CHARS) {
      throw new PictorError('badInput', `The prompt is ${prompt.length.toLocaleString('en-US')} characters; Pictor sends prompts of up to ${MAX_PROMPT_CHARS.toLocaleString('en-US')}. Shorten it.`);
    }
  }
  for (const input of spec.inputs) {
    if (input.converted) warnings.push({ message: input.converted.note });
    if (!isInputMimeType(input.mimeType)) {
      throw new PictorError('badInput', unsupportedInputMessage(input.path, input.mimeType || undefined));
    }
    if (input.bytes.byteLength > MAX_INPUT_IMAGE_BYTES) {
      throw new PictorError('badInput', `${input.path} is ${megabytes(input.bytes.byteLength)} MB; the largest image Pictor sends is ${megabytes(MAX_INPUT_IMAGE_BYTES)} MB.`);
    }
  }
  return warnings;
}

const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/**
 * Inputs to upload through the Files API so the inline part of the request stays under the
 * service's 20 MB limit: the largest first, until the rest fits.
 */
export function inputsToUpload(inputs: readonly InputImage[], promptBytes: number, limit = INLINE_REQUEST_LIMIT_BYTES): InputImage[] {
  // base64 grows data by 4/3; leave room for the JSON around it.
  const inlineSize = (input: InputImage) => Math.ceil(input.bytes.byteLength / 3) * 4;
  let total = promptBytes + 64 * 1024 + inputs.filter((i) => !i.fileUri).reduce((sum, i) => sum + inlineSize(i), 0);
  const chosen: InputImage[] = [];
  for (const input of [...inputs].filter((i) => !i.fileUri).sort((a, b) => b.bytes.byteLength - a.bytes.byteLength)) {
    if (total <= limit) break;
    chosen.push(input);
    total -= inlineSize(input);
  }
  return chosen;
}

export interface ServiceSettings {
  thinkingLevel?: ThinkingLevel;
  serviceTier: ServiceTier;
  allowRequestStorage: boolean;
}

/**
 * The spec with the user's service settings filled in where the caller chose nothing: the thinking
 * level only for models that take it, the tier only where the model offers it (else standard), and
 * `store` always from the privacy setting (a caller cannot turn storage on by itself).
 */
export function withServiceSettings(spec: GenerationSpec, settings: ServiceSettings): GenerationSpec {
  const info = modelInfo(spec.model);
  const thinkingLevel = spec.thinkingLevel ?? (settings.thinkingLevel && info.thinkingLevels.includes(settings.thinkingLevel) ? settings.thinkingLevel : undefined);
  const serviceTier = spec.serviceTier ?? (settings.serviceTier === 'flex' && !info.flex ? 'standard' : settings.serviceTier);
  return {
    ...spec,
    ...(thinkingLevel ? { thinkingLevel } : {}),
    serviceTier,
    store: settings.allowRequestStorage,
  };
}
