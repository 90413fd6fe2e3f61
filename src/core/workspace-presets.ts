import * as z from 'zod/mini';
import { ASPECT_RATIOS, IMAGE_SIZES, MODEL_ID_PATTERN } from './models';
import {
  FIELD_ID_PATTERN,
  PRESET_FIELD_TYPES,
  PRESET_ID_PATTERN,
  findPreset,
  optionValue,
  templatePlaceholders,
  type PresetDefinition,
} from './presets';
import { describeIssue } from './spec';

/**
 * Workspace presets: `.pictor/presets.json` in a workspace folder,
 * `{ "presets": [{ "id", "label", "group"?, "description"?, "template", "fields"?, "defaults"? }] }`.
 * The file is checked preset by preset, so one broken entry never hides the others.
 */
export const WORKSPACE_PRESETS_FILE = '.pictor/presets.json';

/** Hover text in the editor (through the shipped JSON Schema). */
function described<T extends z.ZodMiniType>(schema: T, description: string): T {
  z.globalRegistry.add(schema, { description });
  return schema;
}

const option = z.union([z.string().check(z.minLength(1)), z.strictObject({ value: z.string().check(z.minLength(1)), label: z.string().check(z.minLength(1)) })]);

const fieldSchema = z.strictObject({
  id: z.string().check(z.regex(FIELD_ID_PATTERN, 'must start with a letter and use only letters, digits and _'), z.refine((id) => id !== 'prompt', '"prompt" is reserved')),
  label: z.string().check(z.minLength(1)),
  type: z.enum(PRESET_FIELD_TYPES),
  required: z.optional(z.boolean()),
  options: z.optional(z.array(option).check(z.minLength(1))),
  default: z.optional(z.union([z.string(), z.number(), z.boolean()])),
});

export const workspacePresetSchema = z.strictObject({
  id: described(z.string().check(z.regex(PRESET_ID_PATTERN, 'must be lowercase words joined by - (such as "release-banner")')), 'Lowercase words joined by - (such as "release-banner"); not a built-in preset\'s id. Scripts pass it as `preset`.'),
  label: described(z.string().check(z.minLength(1), z.maxLength(80)), 'Name shown in pickers.'),
  group: z.optional(described(z.string().check(z.minLength(1), z.maxLength(40)), 'Group in pickers: Icons, Brand, Diagrams, Mockups, Illustration, Photo, Other (default) or your own.')),
  description: z.optional(z.string().check(z.maxLength(200))),
  template: described(
    z.string().check(z.minLength(1), z.maxLength(20_000)),
    'The prompt as sent: {{prompt}} is the user\'s prompt, {{fieldId}} a field\'s value; a [[ … ]] part is left out when a field it names has no value.',
  ),
  fields: z.optional(described(z.array(fieldSchema), 'Inputs shown with the preset; scripts pass them as `presetFields`.')),
  defaults: z.optional(
    z.strictObject({
      model: z.optional(z.string().check(z.regex(MODEL_ID_PATTERN))),
      aspectRatio: z.optional(z.enum(ASPECT_RATIOS)),
      imageSize: z.optional(z.enum(IMAGE_SIZES)),
      background: z.optional(z.enum(['transparent', 'opaque'])),
    }),
  ),
});

export type WorkspacePresetEntry = z.infer<typeof workspacePresetSchema>;

export const workspacePresetsFileSchema = z.looseObject({
  $schema: z.optional(z.string()),
  presets: z.array(workspacePresetSchema),
});

/** The JSON Schema shipped in `schemas/` and registered for `.pictor/presets.json`. */
export function workspacePresetsJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(workspacePresetsFileSchema, { target: 'draft-7', io: 'input' }),
    title: 'Pictor workspace presets',
  };
}

export interface WorkspacePresetsParse {
  presets: PresetDefinition[];
  /** One line per entry (or the whole file) that could not be used, for the log. */
  problems: string[];
}

/** Reads a presets file's text; every valid entry becomes a preset whatever is wrong with the others. */
export function parseWorkspacePresets(text: string): WorkspacePresetsParse {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { presets: [], problems: [`${WORKSPACE_PRESETS_FILE} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const entries = data && typeof data === 'object' && Array.isArray((data as { presets?: unknown }).presets) ? ((data as { presets: unknown[] }).presets) : undefined;
  if (!entries) return { presets: [], problems: [`${WORKSPACE_PRESETS_FILE} needs a "presets" array.`] };
  const presets: PresetDefinition[] = [];
  const problems: string[] = [];
  entries.forEach((entry, index): void => {
    const where = `preset ${index + 1}${entry && typeof entry === 'object' && typeof (entry as { id?: unknown }).id === 'string' ? ` ("${(entry as { id: string }).id}")` : ''}`;
    const result = workspacePresetSchema.safeParse(entry);
    const problem = result.success ? semanticProblem(result.data, presets) : describeIssue(result.error.issues[0]);
    if (problem || !result.success) problems.push(`${where}: ${problem}`);
    else presets.push(toDefinition(result.data));
  });
  return { presets, problems };
}

/** What a schema cannot say: ids unique and not a built-in's, placeholders naming fields, options fitting. */
function semanticProblem(entry: WorkspacePresetEntry, earlier: readonly PresetDefinition[]): string | undefined {
  if (findPreset(entry.id)) return `"${entry.id}" is a built-in preset; choose another id.`;
  if (earlier.some((p) => p.id === entry.id)) return `the id "${entry.id}" is used twice.`;
  const fields = entry.fields ?? [];
  const ids = new Set<string>();
  for (const field of fields) {
    if (ids.has(field.id)) return `the field id "${field.id}" is used twice.`;
    ids.add(field.id);
    if (field.type === 'select' && !field.options) return `the select field "${field.id}" needs options.`;
    if (field.type === 'select' && field.default !== undefined && !field.options?.some((o) => optionValue(o) === String(field.default))) {
      return `the default of "${field.id}" is not one of its options.`;
    }
  }
  const unknown = templatePlaceholders(entry.template).find((id) => !ids.has(id));
  if (unknown) return `the template names {{${unknown}}}, which is not one of its fields.`;
  return undefined;
}

function toDefinition(entry: WorkspacePresetEntry): PresetDefinition {
  return {
    id: entry.id,
    label: entry.label,
    group: entry.group ?? 'Other',
    description: entry.description ?? 'Workspace preset',
    source: 'workspace',
    fields: (entry.fields ?? []).map((f) => ({ ...f })),
    defaults: { ...(entry.defaults ?? {}) },
    template: entry.template,
  };
}

/** A preset as written to the file (no `source`; empty parts left out). */
export function toWorkspaceEntry(preset: Omit<PresetDefinition, 'source'>): WorkspacePresetEntry {
  return {
    id: preset.id,
    label: preset.label,
    ...(preset.group && preset.group !== 'Other' ? { group: preset.group } : {}),
    ...(preset.description ? { description: preset.description } : {}),
    template: preset.template,
    ...(preset.fields.length ? { fields: preset.fields } : {}),
    ...(Object.keys(preset.defaults).length ? { defaults: preset.defaults } : {}),
  };
}

export type UpsertOutcome = { status: 'written'; text: string } | { status: 'exists'; existing: WorkspacePresetEntry };

/**
 * The presets file's new text with `entry` added, or replaced when `overwrite` is set. Other entries
 * (even invalid ones) and unknown top-level keys are kept as they were.
 * @param current the file's text, or undefined when there is none
 * @throws Error when the current text is not a JSON object with a `presets` array (nothing to merge into)
 */
export function upsertWorkspacePreset(current: string | undefined, entry: WorkspacePresetEntry, overwrite: boolean): UpsertOutcome {
  const parsedEntry = workspacePresetSchema.parse(entry);
  let data: Record<string, unknown> = { presets: [] };
  if (current !== undefined && current.trim()) {
    const parsed: unknown = JSON.parse(current);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || !Array.isArray((parsed as { presets?: unknown }).presets)) {
      throw new Error(`${WORKSPACE_PRESETS_FILE} has no "presets" array; fix it before saving a preset into it.`);
    }
    data = parsed as Record<string, unknown>;
  }
  const list = data.presets as unknown[];
  const index = list.findIndex((p) => !!p && typeof p === 'object' && (p as { id?: unknown }).id === parsedEntry.id);
  if (index >= 0 && !overwrite) return { status: 'exists', existing: list[index] as WorkspacePresetEntry };
  if (index >= 0) list[index] = parsedEntry;
  else list.push(parsedEntry);
  return { status: 'written', text: `${JSON.stringify(data, null, 2)}\n` };
}
