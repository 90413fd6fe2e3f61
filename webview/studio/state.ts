/**
 * The Studio webview's one state object. The form (and which tab is open) is saved in the webview's
 * state after every edit: VS Code keeps it while the panel is hidden and hands it to the serializer
 * after a reload, so a restored panel shows the same form.
 */
import type { ErrorActionView } from '../../src/core/error-actions';
import type { Grounding } from '../../src/core/grounding';
import type { Preset } from '../../src/core/presets';
import type { ResultView, StudioForm, StudioSetup } from '../../src/views/studio/protocol';
import { saveState, savedState, vscode } from '../shared/host';

interface SavedState {
  form: StudioForm | null;
  tab: 'design' | 'gallery';
}

/** A variant of the current run: running (with its start time), saved, failed or discarded. */
export type VariantSlot =
  | { status: 'running'; startedAt: number }
  | { status: 'saved'; result: ResultView; kept: boolean; grounding: Grounding | null }
  | { status: 'failed'; message: string; code: string; actions: ErrorActionView[] }
  | { status: 'discarded'; path: string };

const saved = savedState<SavedState>();

export const state: {
  setup: StudioSetup | null;
  form: StudioForm | null;
  tab: 'design' | 'gallery';
  runId: number;
  running: boolean;
  variants: VariantSlot[];
  /** Shown in the banner, or null. */
  banner: string | null;
} = {
  setup: null,
  form: saved.form && typeof saved.form === 'object' ? saved.form : null,
  tab: saved.tab === 'gallery' ? 'gallery' : 'design',
  runId: 0,
  running: false,
  variants: [],
  banner: null,
};

export function persist(): void {
  saveState({ form: state.form, tab: state.tab } satisfies SavedState);
  if (state.form) vscode.postMessage({ type: 'formChanged', form: state.form });
}

export function presetOf(id: string | undefined): Preset | undefined {
  return state.setup?.presets.find((p) => p.id === id);
}

/** A form for a preset: its defaults over the user's settings; text and references kept from `from`. */
export function formFor(setup: StudioSetup, presetId: string, from: Partial<StudioForm> = {}): StudioForm {
  const preset = setup.presets.find((p) => p.id === presetId) ?? setup.presets.find((p) => p.id === 'blank') ?? setup.presets[0];
  const fields: StudioForm['fields'] = {};
  for (const field of preset?.fields ?? []) if (field.default !== undefined) fields[field.id] = field.default;
  const model = preset?.defaults.model ?? from.model ?? setup.defaults.model;
  return {
    preset: preset?.id ?? 'blank',
    prompt: from.prompt ?? '',
    fields: { ...fields, ...(from.preset === preset?.id ? from.fields : {}) },
    promptOverride: null,
    model,
    aspectRatio: (preset?.defaults.aspectRatio ?? from.aspectRatio ?? setup.defaults.aspectRatio) as StudioForm['aspectRatio'],
    imageSize: (preset?.defaults.imageSize ?? from.imageSize ?? setup.defaults.imageSize) as StudioForm['imageSize'],
    thinkingLevel: (from.thinkingLevel ?? setup.defaults.thinkingLevel) as StudioForm['thinkingLevel'],
    serviceTier: (from.serviceTier ?? setup.defaults.serviceTier) as StudioForm['serviceTier'],
    grounding: !!from.grounding,
    variants: from.variants ?? 4,
    references: from.references ?? [],
    // Offered where the preset suggests a cut-out (icons, stickers); on by default there.
    transparent: preset?.defaults.background === 'transparent',
    outputFolder: from.outputFolder ?? setup.defaults.outputFolder,
    baseName: from.baseName ?? '',
  };
}
