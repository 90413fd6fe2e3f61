/**
 * The language model tools Pictor contributes (package.json `languageModelTools`): their names and the
 * inputs they accept. Public API: agents and other extensions call them by these names. Each tool takes
 * the argument object of an existing command, so what a tool accepts is what that command accepts.
 */
import * as z from 'zod/mini';
import { PictorError } from './errors';
import { iconSetOptions, removeBackgroundOptions } from './output-options';
import { describeIssue, generateArgsSchema } from './spec';

/** Tool name → the command whose arguments it takes. */
export const AGENT_TOOLS = {
  generate: 'pictor_generate_image',
  edit: 'pictor_edit_image',
  findAssets: 'pictor_find_assets',
  removeBackground: 'pictor_remove_background',
  exportIconSet: 'pictor_export_icon_set',
} as const;

/** `#name` in a chat prompt attaches the tool; the names are public API. */
export const TOOL_REFERENCE_NAMES: Record<keyof typeof AGENT_TOOLS, string> = {
  generate: 'pictorImage',
  edit: 'pictorEditImage',
  findAssets: 'pictorAssets',
  removeBackground: 'pictorRemoveBackground',
  exportIconSet: 'pictorIconSet',
};

/** `pictor.generate`'s arguments an agent may set; the rest (tokens, cost confirmation) the tool supplies. */
export const GENERATE_TOOL_FIELDS = [
  'prompt',
  'preset',
  'presetFields',
  'model',
  'aspectRatio',
  'imageSize',
  'count',
  'references',
  'background',
  'outputFolder',
  'fileName',
] as const satisfies ReadonlyArray<keyof typeof generateArgsSchema.shape>;

const imagePath = z.string().check(z.minLength(1));

/** `pictor_generate_image`: `pictor.generate`'s argument object, limited to the fields above. */
export const generateToolInput = z.strictObject(Object.fromEntries(GENERATE_TOOL_FIELDS.map((f) => [f, generateArgsSchema.shape[f]])) as Pick<typeof generateArgsSchema.shape, (typeof GENERATE_TOOL_FIELDS)[number]>);

/** `pictor_edit_image`: the image to change (workspace-relative), the instruction, optional reference images. */
export const editToolInput = z.strictObject({
  image: imagePath,
  prompt: generateArgsSchema.shape.prompt,
  references: z.optional(z.array(imagePath).check(z.maxLength(13))),
});

/** `pictor_remove_background`: the image, then `pictor.removeBackground`'s options. */
export const removeBackgroundToolInput = z.strictObject({ image: imagePath, ...removeBackgroundOptions.shape });

/** `pictor_export_icon_set`: the image, then `pictor.exportIconSet`'s options. */
export const exportIconSetToolInput = z.strictObject({ image: imagePath, ...iconSetOptions.shape });

export type GenerateToolInput = z.infer<typeof generateToolInput>;
export type EditToolInput = z.infer<typeof editToolInput>;

/**
 * Validates a tool's input before anything is read, estimated or sent.
 * @throws PictorError `badInput` naming the tool and the first problem
 */
export function parseToolInput<T>(schema: z.ZodMiniType<T>, input: unknown, tool: string): T {
  const result = schema.safeParse(input);
  if (!result.success) throw new PictorError('badInput', `Invalid input for ${tool}: ${describeIssue(result.error.issues[0])}.`);
  return result.data;
}

/** `{ image, ...options }` → the image and the options object the command takes after it. */
export function splitImage<T extends { image: string }>(input: T): { image: string; options: Omit<T, 'image'> } {
  const { image, ...options } = input;
  return { image, options };
}
