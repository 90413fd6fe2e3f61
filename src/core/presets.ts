import type { AspectRatio } from './models';

/**
 * Kinds of asset, each a prompt template following the service's prompting guide:
 * describe the scene in sentences, name the style, lighting and background explicitly.
 */
export const PRESET_IDS = ['none', 'icon', 'diagram', 'mockup', 'logo', 'illustration', 'photo'] as const;
export type PresetId = (typeof PRESET_IDS)[number];

export interface Preset {
  id: PresetId;
  label: string;
  description: string;
  /** Aspect ratio that suits this kind of asset; none for `none`, so the setting decides. */
  suggestedAspectRatio?: AspectRatio;
  /** `{prompt}` is replaced by the user's text. */
  template: string;
}

export const PRESETS: readonly Preset[] = [
  {
    id: 'none',
    label: 'No preset',
    description: 'Send the prompt exactly as typed',
    template: '{prompt}',
  },
  {
    id: 'icon',
    label: 'Icon',
    description: 'Flat, centered, legible at small sizes',
    suggestedAspectRatio: '1:1',
    template:
      'A clean, modern icon of {prompt}. Flat vector style with bold, simple shapes, clean outlines and a ' +
      'limited, harmonious color palette. The icon is centered with generous padding on a plain white ' +
      'background, has crisp edges, contains no text, and stays legible at small sizes.',
  },
  {
    id: 'diagram',
    label: 'Diagram',
    description: 'Labeled boxes and arrows, white background',
    suggestedAspectRatio: '16:9',
    template:
      'A clear, professional technical diagram: {prompt}. Clean flat vector style on a white background, ' +
      'with labeled boxes and arrows, legible sans-serif text, consistent spacing and alignment, and a ' +
      'restrained color palette that highlights the main flow.',
  },
  {
    id: 'mockup',
    label: 'UI mockup',
    description: 'High-fidelity screen design, straight-on',
    suggestedAspectRatio: '16:9',
    template:
      'A high-fidelity user interface mockup of {prompt}. A modern, clean design shown straight-on as a flat ' +
      'screen, with a realistic layout, consistent spacing, readable typography, clear visual hierarchy and ' +
      'a coherent color scheme.',
  },
  {
    id: 'logo',
    label: 'Logo',
    description: 'Minimalist mark, crisp text rendering',
    suggestedAspectRatio: '1:1',
    template:
      'Create a modern, minimalist logo for {prompt}. Any text should be in a clean, bold, sans-serif font. ' +
      'The design should be simple and memorable, with a limited color scheme, centered on a plain white background.',
  },
  {
    id: 'illustration',
    label: 'Illustration',
    description: 'Stylized art with bold outlines',
    suggestedAspectRatio: '4:3',
    template:
      'A stylized digital illustration of {prompt}. The design features bold, clean outlines, simple ' +
      'cel-shading and a vibrant, harmonious color palette, on a plain white background.',
  },
  {
    id: 'photo',
    label: 'Photo',
    description: 'Photorealistic, natural light',
    suggestedAspectRatio: '3:2',
    template:
      'A photorealistic, high-resolution photograph of {prompt}. The scene is illuminated by soft, natural ' +
      'light, captured with a professional camera and lens, with sharp focus on the subject and realistic ' +
      'textures and details.',
  },
];

/** Other spellings callers use for a kind: `UI mockup`, `ui-mockup`, `ui_mockup` all mean `mockup`. */
const PRESET_ALIASES: Record<string, PresetId> = { 'ui-mockup': 'mockup', uimockup: 'mockup', photograph: 'photo' };

/** A preset id as callers may spell it, mapped to its id; anything else is returned unchanged. */
export function normalizePresetId(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const key = value.trim().toLowerCase().replace(/[\s_]+/g, '-');
  return PRESET_ALIASES[key] ?? PRESET_ALIASES[key.replace(/-/g, '')] ?? key;
}

export function findPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

/** The prompt as sent: the template with the user's words in it (unchanged for `none`). */
export function applyPreset(preset: PresetId, prompt: string): string {
  const template = findPreset(preset)?.template ?? '{prompt}';
  const trimmed = prompt.trim();
  // Templates flow into a sentence: drop one trailing period so it doesn't double.
  const inner = preset === 'none' ? trimmed : trimmed.replace(/\.$/, '');
  return template.replace('{prompt}', () => inner);
}
