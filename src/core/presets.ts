import { PictorError } from './errors';
import type { AspectRatio, ImageSize } from './models';
import { BUILTIN_PRESETS } from './preset-library';

/**
 * Presets: kinds of asset, each a prompt template with a few fields. The template follows the
 * service's prompting guide (ai.google.dev/gemini-api/docs/image-generation, "Prompting guide and
 * strategies", read 2025-11): describe the scene in sentences; name style, lighting, camera and
 * palette; put text to render in quotes; say what should be there rather than what should not.
 *
 * Template syntax: `{{prompt}}` and `{{fieldId}}` are replaced by values; a `[[ … ]]` segment is kept
 * only when every field it names has a value (a boolean counts when true).
 */

export const PRESET_GROUPS = ['Icons', 'Brand', 'Diagrams', 'Mockups', 'Illustration', 'Photo', 'Other'] as const;
export type PresetGroup = (typeof PRESET_GROUPS)[number];

export const PRESET_FIELD_TYPES = ['text', 'multiline', 'select', 'color', 'number', 'boolean'] as const;
export type PresetFieldType = (typeof PRESET_FIELD_TYPES)[number];

/** A select option: a plain string, or a value sent by callers with a label shown to people. */
export type PresetOption = string | { value: string; label: string };
export type PresetFieldValue = string | number | boolean;

export interface PresetField {
  id: string;
  label: string;
  type: PresetFieldType;
  required?: boolean;
  /** For `select` only. */
  options?: PresetOption[];
  default?: PresetFieldValue;
}

export interface PresetDefaults {
  model?: string;
  aspectRatio?: AspectRatio;
  imageSize?: ImageSize;
  /** `transparent` where a cut-out asset makes sense (icons, stickers). */
  background?: 'transparent' | 'opaque';
}

/** What `pictor.listPresets` returns for each preset. */
export interface Preset {
  id: string;
  label: string;
  group: string;
  description: string;
  source: 'builtin' | 'workspace';
  fields: PresetField[];
  defaults: PresetDefaults;
}

/** A preset with its template (the template stays on the host; callers see the `Preset` shape). */
export interface PresetDefinition extends Preset {
  template: string;
}

/** A preset id: lowercase words joined by `-` (as in `app-icon`). */
export const PRESET_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** A field id: a letter, then letters, digits or `_`. */
export const FIELD_ID_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;

export const BLANK_PRESET_ID = 'blank';

/** The kinds `pictor.generate` accepted before presets had fields, and other spellings callers use. */
const PRESET_ALIASES: Record<string, string> = {
  none: 'blank',
  icon: 'app-icon',
  mockup: 'ui-mockup',
  uimockup: 'ui-mockup',
  photograph: 'photo',
  product: 'product-shot',
};

export type PresetId = string;

/** A preset id as callers may spell it (`UI mockup`, `ui_mockup`, `icon`), mapped to its id. */
export function normalizePresetId(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const key = value.trim().toLowerCase().replace(/[\s_]+/g, '-');
  return PRESET_ALIASES[key] ?? PRESET_ALIASES[key.replace(/-/g, '')] ?? key;
}

/** The id a sidecar records for a preset as given (an alias becomes its preset's id). */
export function canonicalPresetId(id: string): string {
  // Fast path for ids already in shape (the gallery calls this for every sidecar it reads).
  return PRESET_ALIASES[id] ?? (PRESET_ID_PATTERN.test(id) ? id : (normalizePresetId(id) as string));
}

export const PRESETS: readonly PresetDefinition[] = BUILTIN_PRESETS;

/** A built-in preset by id or alias. */
export function findPreset(id: string): PresetDefinition | undefined {
  return findPresetIn(PRESETS, id);
}

export function findPresetIn(presets: readonly PresetDefinition[], id: string): PresetDefinition | undefined {
  const key = canonicalPresetId(id);
  return presets.find((p) => p.id === key);
}

/** The public shape of a preset, without its template. */
export function describePreset(preset: PresetDefinition): Preset {
  const { id, label, group, description, source, fields, defaults } = preset;
  return { id, label, group, description, source, fields, defaults };
}

export const optionValue = (option: PresetOption): string => (typeof option === 'string' ? option : option.value);
export const optionLabel = (option: PresetOption): string => (typeof option === 'string' ? option : option.label);

/**
 * Checks caller-given field values against a preset and fills in defaults. A select accepts an
 * option's value or its label (either case) and records the value.
 * @returns field id → value, for every field that has one
 * @throws PictorError `badInput` naming the first unknown field, missing required field or bad value
 */
export function resolvePresetFields(preset: PresetDefinition, given: Readonly<Record<string, unknown>> | undefined): Record<string, PresetFieldValue> {
  const known = new Map(preset.fields.map((f) => [f.id, f]));
  for (const id of Object.keys(given ?? {})) {
    if (!known.has(id)) {
      const list = preset.fields.map((f) => f.id).join(', ');
      throw new PictorError('badInput', `Unknown field "${id}" for preset "${preset.id}"; ${list ? `its fields are ${list}` : 'it has no fields'}.`);
    }
  }
  const resolved: Record<string, PresetFieldValue> = {};
  for (const field of preset.fields) {
    const raw = given?.[field.id] ?? field.default;
    const value = raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '') ? undefined : checkFieldValue(preset, field, raw);
    if (value === undefined) {
      if (field.required) throw new PictorError('badInput', `Preset "${preset.id}" needs the field "${field.id}" (${field.label}).`);
      continue;
    }
    resolved[field.id] = value;
  }
  return resolved;
}

function checkFieldValue(preset: PresetDefinition, field: PresetField, raw: unknown): PresetFieldValue {
  const bad = (expected: string) =>
    new PictorError('badInput', `Field "${field.id}" of preset "${preset.id}" must be ${expected}; got ${JSON.stringify(raw)}.`);
  switch (field.type) {
    case 'boolean':
      if (typeof raw !== 'boolean') throw bad('true or false');
      return raw;
    case 'number': {
      const n = typeof raw === 'string' ? Number(raw.trim()) : raw;
      if (typeof n !== 'number' || !Number.isFinite(n)) throw bad('a number');
      return n;
    }
    case 'color':
      if (typeof raw !== 'string' || !/^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(raw.trim())) throw bad('a colour such as #1e88e5');
      return raw.trim().toLowerCase();
    case 'select': {
      const text = typeof raw === 'number' ? String(raw) : raw;
      const options = field.options ?? [];
      const match =
        typeof text === 'string'
          ? (options.find((o) => optionValue(o) === text) ??
            options.find((o) => optionValue(o).toLowerCase() === text.trim().toLowerCase() || optionLabel(o).toLowerCase() === text.trim().toLowerCase()))
          : undefined;
      if (!match) throw bad(`one of ${options.map((o) => JSON.stringify(optionValue(o))).join(', ')}`);
      return optionValue(match);
    }
    case 'text':
    case 'multiline':
      if (typeof raw !== 'string' && typeof raw !== 'number') throw bad('text');
      if (String(raw).length > 10_000) throw bad('at most 10,000 characters');
      return String(raw).trim();
  }
}

/** How a value reads inside a sentence: a select's label (lowercased unless an acronym), a boolean's field label. */
function fieldText(field: PresetField, value: PresetFieldValue): string {
  if (field.type === 'boolean') return value ? field.label : '';
  if (field.type === 'select') {
    const option = field.options?.find((o) => optionValue(o) === value);
    const label = option ? optionLabel(option) : String(value);
    return /^[A-Z][a-z]/.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label;
  }
  return String(value);
}

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;
const SEGMENT = /\[\[([\s\S]*?)\]\]/g;

/** Field ids a template names (besides `prompt`). */
export function templatePlaceholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((id) => id !== 'prompt'))];
}

/**
 * The prompt as sent: the preset's template with the user's words and the resolved field values in it.
 * `blank` sends the prompt exactly as typed (trimmed).
 * @param fields values from `resolvePresetFields`
 */
export function renderPreset(preset: PresetDefinition, prompt: string, fields: Readonly<Record<string, PresetFieldValue>>): string {
  const trimmed = prompt.trim();
  if (preset.template.trim() === '{{prompt}}') return trimmed;
  // Templates flow into a sentence: drop one trailing period so it doesn't double.
  const values = new Map<string, string>([['prompt', trimmed.replace(/\.$/, '')]]);
  for (const field of preset.fields) {
    const value = fields[field.id];
    if (value !== undefined && value !== false) values.set(field.id, fieldText(field, value));
  }
  const fill = (text: string) => text.replace(PLACEHOLDER, (_, id: string) => values.get(id) ?? '');
  const text = preset.template.replace(SEGMENT, (_, inner: string) =>
    [...inner.matchAll(PLACEHOLDER)].every((m) => values.has(m[1]!)) ? fill(inner) : '',
  );
  return fill(text)
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/ +([.,;:])/g, '$1')
    .trim();
}

/** A built-in preset applied with its default fields (callers without fields, and older callers). */
export function applyPreset(presetId: string, prompt: string, fields?: Readonly<Record<string, unknown>>): string {
  const preset = findPreset(presetId);
  if (!preset) return prompt.trim();
  return renderPreset(preset, prompt, resolvePresetFields(preset, fields));
}
