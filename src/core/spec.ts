import * as z from 'zod/mini';
import { PictorError } from './errors';
import {
  ASPECT_RATIOS,
  IMAGE_SIZES,
  INLINE_REQUEST_LIMIT_BYTES,
  MODEL_ID_PATTERN,
  isInputMimeType,
  modelInfo,
  type AspectRatio,
  type ImageSize,
} from './models';
import { PRESET_IDS, type PresetId } from './presets';

export const MAX_PROMPT_CHARS = 20_000;
export const MAX_COUNT = 4;

/** The argument object of `pictor.generate`, validated at the command boundary. */
export const generateArgsSchema = z.strictObject({
  prompt: z
    .string()
    .check(z.maxLength(MAX_PROMPT_CHARS), z.refine((p) => p.trim().length > 0, 'prompt must not be empty')),
  model: z.optional(
    z.string().check(z.regex(MODEL_ID_PATTERN, 'model must be a Gemini model id such as gemini-2.5-flash-image')),
  ),
  aspectRatio: z.optional(z.enum(ASPECT_RATIOS)),
  imageSize: z.optional(z.enum(IMAGE_SIZES)),
  count: z.optional(z.int().check(z.minimum(1), z.maximum(MAX_COUNT))),
  preset: z.optional(z.enum(PRESET_IDS)),
  references: z.optional(z.array(z.string().check(z.minLength(1))).check(z.maxLength(14))),
  outputFolder: z.optional(z.string().check(z.minLength(1))),
  fileName: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
});

export type GenerateArgs = z.infer<typeof generateArgsSchema>;

/** Parse untrusted arguments (another extension, a keybinding) into typed ones or a badInput error. */
export function parseGenerateArgs(value: unknown): GenerateArgs {
  const result = generateArgsSchema.safeParse(value);
  if (!result.success) {
    throw new PictorError('badInput', `Invalid arguments for Pictor: ${describeIssue(result.error.issues[0])}.`);
  }
  return result.data;
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
}

/** Everything one generation needs; every entry point builds one of these. */
export interface GenerationSpec {
  prompt: string;
  preset: PresetId;
  model: string;
  aspectRatio?: AspectRatio;
  imageSize?: ImageSize;
  count: number;
  inputs: InputImage[];
  parent?: { path: string; sha256: string } | null;
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
  if (spec.imageSize !== undefined && !model.supportsImageSize) {
    throw new PictorError(
      'badInput',
      `${model.label} always makes 1K images; image size ${spec.imageSize} needs Nano Banana Pro (gemini-3-pro-image-preview).`,
    );
  }
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
  let total = 0;
  for (const input of spec.inputs) {
    if (!isInputMimeType(input.mimeType)) {
      throw new PictorError(
        'badInput',
        `${input.path} is ${input.mimeType || 'not an image'}; Gemini accepts PNG, JPEG, WebP and GIF images.`,
      );
    }
    total += input.bytes.byteLength;
  }
  if (total > INLINE_REQUEST_LIMIT_BYTES) {
    const mb = (total / 1024 / 1024).toFixed(1);
    throw new PictorError('badInput', `The input images total ${mb} MB; a request can carry at most 20 MB. Use fewer or smaller images.`);
  }
  return warnings;
}
