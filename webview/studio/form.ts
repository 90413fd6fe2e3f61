/**
 * The Design tab's form: preset picker → the preset's fields → the effective prompt (live, editable) →
 * model and shape → variants → references → where the files go → Generate with its estimated cost.
 * Every option comes from the host's setup (the model catalog, the presets); nothing is hard-coded here.
 */
import type { PresetField, PresetFieldValue } from '../../src/core/presets';
import type { PromptPreview, StudioForm, StudioSetup } from '../../src/views/studio/protocol';
import { wireImageDropAndPaste } from '../shared/drop-paste';
import { codicon, el, iconButton } from '../shared/dom';
import { act, showBanner } from './banner';
import { button, checkbox, field, select, textArea, textField, type ValueElement } from './elements';
import { formColumn } from './layout';
import { startRun, cancelRun } from './results';
import { formFor, persist, presetOf, state } from './state';

let presetFilter = '';
let previewTimer: ReturnType<typeof setTimeout> | undefined;
let previewArea: ValueElement | undefined;
let previewNote: HTMLElement | undefined;
let generateButton: (HTMLElement & { disabled: boolean }) | undefined;
let cancelButton: (HTMLElement & { disabled: boolean }) | undefined;
/** The "Model and shape" section, rebuilt alone when the model menu changes. */
let optionsNode: HTMLElement | undefined;

function form(): StudioForm {
  return state.form!;
}

/** Applies an edit: saved at once; the preview and the cost follow shortly. */
function update(change: Partial<StudioForm>, rerender = false): void {
  state.form = { ...form(), ...change };
  persist();
  if (rerender) renderForm();
  schedulePreview();
}

function schedulePreview(): void {
  if (previewTimer) clearTimeout(previewTimer);
  previewTimer = setTimeout(() => void refreshPreview(), 150);
}

async function refreshPreview(): Promise<void> {
  const current = form();
  const [preview, label] = await Promise.all([act({ type: 'preview', form: current }), act({ type: 'estimate', form: current })]);
  if (state.form !== current) return;
  const { text, problem } = (preview ?? { text: '', problem: null }) as PromptPreview;
  if (previewArea && current.promptOverride === null && previewArea.value !== text) previewArea.value = text;
  if (previewNote) {
    previewNote.replaceChildren();
    if (current.promptOverride !== null) {
      previewNote.append(codicon('unlock'), el('span', 'Edited by hand: the form no longer changes it. '));
      const back = el('button', 'Follow the form again');
      back.type = 'button';
      back.className = 'link-button';
      back.addEventListener('click', () => update({ promptOverride: null }, true));
      previewNote.append(back);
    } else {
      previewNote.append(el('span', problem ?? 'Follows the form; edit it to send your own text.'));
    }
    previewNote.classList.toggle('problem', !!problem && current.promptOverride === null);
  }
  if (generateButton && typeof label === 'string') generateButton.textContent = label;
}

export function setRunning(running: boolean): void {
  if (generateButton) generateButton.disabled = running;
  if (cancelButton) cancelButton.hidden = !running;
}

/** Builds the whole form from the state (after the setup, a preset change, a restore). */
export function renderForm(): void {
  const setup = state.setup;
  if (!setup || !state.form) return;
  optionsNode = optionsSection();
  formColumn.replaceChildren(presetPicker(), presetFields(), promptSection(), optionsNode, referencesSection(), outputSection(), actionsSection());
  setRunning(state.running);
  schedulePreview();
}

function section(title: string, ...children: HTMLElement[]): HTMLElement {
  const s = el('fieldset');
  s.className = 'form-section';
  s.append(el('legend', title), ...children);
  return s;
}

// ---- preset picker (searchable, grouped) ----

function presetPicker(): HTMLElement {
  const list = el('div');
  list.className = 'preset-list';
  list.setAttribute('role', 'group');
  list.setAttribute('aria-label', 'Presets');
  const search = textField(presetFilter, (value) => {
    presetFilter = value;
    fillPresetList(list);
  }, { placeholder: 'Search presets' });
  fillPresetList(list);
  return section('Preset', field('preset-search', 'Search presets', search), list);
}

function fillPresetList(list: HTMLElement): void {
  const presets = state.setup?.presets ?? [];
  const needle = presetFilter.trim().toLowerCase();
  const shown = presets.filter((p) => !needle || `${p.label} ${p.description} ${p.group} ${p.id}`.toLowerCase().includes(needle));
  const groups = [...new Set(shown.map((p) => p.group))];
  list.replaceChildren();
  for (const group of groups) {
    const heading = el('div', group);
    heading.className = 'preset-group';
    heading.id = `group-${group.replace(/\W+/g, '-')}`;
    const row = el('div');
    row.className = 'preset-row';
    row.setAttribute('role', 'group');
    row.setAttribute('aria-labelledby', heading.id);
    for (const preset of shown.filter((p) => p.group === group)) {
      const chip = el('button', preset.label);
      chip.type = 'button';
      chip.className = 'preset-chip';
      chip.title = preset.description;
      chip.dataset.preset = preset.id;
      chip.setAttribute('aria-pressed', String(preset.id === form().preset));
      if (preset.source === 'workspace') chip.append(codicon('folder'));
      chip.addEventListener('click', () => choosePreset(preset.id));
      row.append(chip);
    }
    list.append(heading, row);
  }
  if (!shown.length) list.append(el('div', 'No preset matches.'));
}

function choosePreset(id: string): void {
  if (!state.setup) return;
  state.form = formFor(state.setup, id, { ...form(), preset: form().preset });
  persist();
  renderForm();
}

// ---- the preset's fields ----

function presetFields(): HTMLElement {
  const preset = presetOf(form().preset);
  const box = el('div');
  box.className = 'preset-fields';
  for (const f of preset?.fields ?? []) box.append(fieldControl(f));
  return preset?.fields.length ? section(`${preset.label} details`, box) : box;
}

function fieldControl(f: PresetField): HTMLElement {
  const id = `field-${f.id}`;
  const value = form().fields[f.id];
  const set = (v: PresetFieldValue) => update({ fields: { ...form().fields, [f.id]: v } });
  const label = f.required ? `${f.label} (required)` : f.label;
  switch (f.type) {
    case 'multiline':
      return field(id, label, textArea(String(value ?? ''), 3, set));
    case 'select': {
      const options = (f.options ?? []).map((o) => (typeof o === 'string' ? { value: o, label: o } : o));
      const withEmpty = f.required || f.default !== undefined ? options : [{ value: '', label: '(none)' }, ...options];
      return field(id, label, select(withEmpty, String(value ?? ''), set));
    }
    case 'boolean': {
      const box = checkbox(f.label, value === true, set);
      box.id = id;
      const wrapper = el('div');
      wrapper.className = 'field';
      wrapper.append(box);
      return wrapper;
    }
    case 'number':
      return field(id, label, textField(value === undefined ? '' : String(value), (v) => set(v), { type: 'number' }));
    case 'color': {
      const input = el('input');
      input.type = 'color';
      input.value = typeof value === 'string' && /^#[0-9a-f]{6}$/i.test(value) ? value : '#1e88e5';
      input.addEventListener('input', () => set(input.value));
      return field(id, label, input);
    }
    case 'text':
    default:
      return field(id, label, textField(String(value ?? ''), set));
  }
}

// ---- prompt and its live preview ----

function promptSection(): HTMLElement {
  const prompt = textArea(form().prompt, 3, (value) => update({ prompt: value }), 'Describe what to make, e.g. a paper plane over a cloud');
  previewArea = textArea(form().promptOverride ?? '', 5, (value) => {
    const wasFollowing = form().promptOverride === null;
    update({ promptOverride: value });
    if (wasFollowing) void refreshPreview();
  });
  previewNote = el('div');
  previewNote.className = 'hint preview-note';
  previewNote.setAttribute('aria-live', 'polite');
  return section('Prompt', field('prompt', 'Describe it', prompt), field('effective-prompt', 'Prompt as sent (editable)', previewArea), previewNote);
}

// ---- model and shape ----

function optionsSection(): HTMLElement {
  const setup = state.setup!;
  const current = form();
  const model = setup.models.find((m) => m.id === current.model);
  const models = setup.models.map((m) => ({ value: m.id, label: m.label }));
  if (!model) models.push({ value: current.model, label: current.model });
  const row = el('div');
  row.className = 'options-row';
  row.append(
    field('model', 'Model', select(models, current.model, (v) => update(fitToModel(v), true))),
    field('aspect-ratio', 'Aspect ratio', select(ratiosOf(model).map((r) => ({ value: r, label: r })), current.aspectRatio, (v) => update({ aspectRatio: v as StudioForm['aspectRatio'] }))),
  );
  if (model?.supportsImageSize) {
    row.append(field('image-size', 'Size', select(model.imageSizes.map((s) => ({ value: s, label: s })), current.imageSize ?? setup.defaults.imageSize, (v) => update({ imageSize: v as StudioForm['imageSize'] }))));
  }
  if (model?.thinkingLevels.length) {
    const levels = [{ value: '', label: 'Model default' }, ...model.thinkingLevels.map((l) => ({ value: l, label: l }))];
    row.append(field('thinking-level', 'Thinking', select(levels, current.thinkingLevel ?? '', (v) => update({ thinkingLevel: (v || null) as StudioForm['thinkingLevel'] }))));
  }
  if (model?.flex) {
    const tiers = [{ value: 'standard', label: 'Standard' }, { value: 'flex', label: 'Flex: about ½ price, slower' }];
    row.append(field('service-tier', 'Service tier', select(tiers, current.serviceTier ?? 'standard', (v) => update({ serviceTier: v as StudioForm['serviceTier'] }))));
  }
  const variants = Array.from({ length: 8 }, (_, i) => ({ value: String(i + 1), label: String(i + 1) }));
  row.append(field('variants', 'Variants', select(variants, String(current.variants), (v) => update({ variants: Number(v) }))));
  const toggles: HTMLElement[] = [];
  if (model?.supportsGrounding) toggles.push(groundingToggle(!!current.grounding));
  const preset = presetOf(current.preset);
  if (preset?.defaults.background) {
    const transparent = checkbox('Transparent background (two requests per image)', !!current.transparent, (on) => update({ transparent: on }));
    transparent.id = 'transparent';
    toggles.push(transparent);
  }
  return section('Model and shape', row, ...toggles);
}

/** Google Search grounding, for models that have it; the sources and suggestions come with each result. */
function groundingToggle(on: boolean): HTMLElement {
  const box = checkbox('Ground in Google Search (sources shown with each result)', on, (checked) => {
    update({ grounding: checked });
    hint.hidden = !checked;
  });
  box.id = 'grounding';
  const hint = el('div', 'The estimate does not include Google Search charges.');
  hint.className = 'hint';
  hint.id = 'grounding-hint';
  hint.hidden = !on;
  box.setAttribute('aria-describedby', hint.id);
  const wrapper = el('div');
  wrapper.className = 'field';
  wrapper.append(box, hint);
  return wrapper;
}

/** The model menu changed (the service's list arrived): only the model section is rebuilt, so typing elsewhere goes on. */
export function renderModelOptions(): void {
  if (!state.setup || !state.form || !optionsNode?.isConnected) return;
  const next = optionsSection();
  optionsNode.replaceWith(next);
  optionsNode = next;
}

/** Ratios the model takes; every ratio for a model the host did not describe. */
function ratiosOf(model: StudioSetup['models'][number] | undefined): readonly string[] {
  return model?.aspectRatios ?? [form().aspectRatio];
}

/** A model change keeps each choice the new model takes and drops (or replaces) the others. */
function fitToModel(id: string): Partial<StudioForm> {
  const setup = state.setup!;
  const current = form();
  const next = setup.models.find((m) => m.id === id);
  if (!next) return { model: id };
  const size = current.imageSize && next.imageSizes.includes(current.imageSize) ? current.imageSize : setup.defaults.imageSize;
  return {
    model: id,
    aspectRatio: (next.aspectRatios.includes(current.aspectRatio) ? current.aspectRatio : next.aspectRatios.includes('1:1') ? '1:1' : next.aspectRatios[0]) as StudioForm['aspectRatio'],
    imageSize: next.supportsImageSize ? (next.imageSizes.includes(size) ? size : next.imageSizes[0]) as StudioForm['imageSize'] : null,
    thinkingLevel: current.thinkingLevel && next.thinkingLevels.includes(current.thinkingLevel) ? current.thinkingLevel : null,
    serviceTier: next.flex ? current.serviceTier ?? 'standard' : 'standard',
    grounding: next.supportsGrounding ? !!current.grounding : false,
  };
}

// ---- references ----

function referencesSection(): HTMLElement {
  const list = el('ul');
  list.className = 'references';
  list.setAttribute('aria-label', 'Reference images');
  for (const reference of form().references) {
    const item = el('li');
    const img = el('img');
    img.src = reference.src;
    img.alt = '';
    item.append(img, el('span', reference.path), iconButton('close', `Remove ${reference.path}`, () => update({ references: form().references.filter((r) => r.uri !== reference.uri) }, true)));
    list.append(item);
  }
  const add = button('Add…', 'add', () => void act({ type: 'pickReferences' }), true);
  const hint = el('div', 'Or drop images from the Explorer (hold Shift) here, or paste one into the description.');
  hint.className = 'hint';
  return section('References', list, add, hint);
}

export function addReferences(references: StudioForm['references']): void {
  const known = new Set(form().references.map((r) => r.uri));
  update({ references: [...form().references, ...references.filter((r) => !known.has(r.uri))].slice(0, 14) }, true);
}

// ---- output ----

function outputSection(): HTMLElement {
  const folder = textField(form().outputFolder, (v) => update({ outputFolder: v }));
  const browse = iconButton('folder-opened', 'Choose the output folder', async () => {
    const picked = await act({ type: 'pickOutputFolder' });
    if (typeof picked === 'string') update({ outputFolder: picked }, true);
  });
  const folderRow = el('div');
  folderRow.className = 'with-button';
  folderRow.append(field('output-folder', 'Output folder', folder), browse);
  const base = textField(form().baseName, (v) => update({ baseName: v }), { placeholder: 'from the prompt' });
  const row = el('div');
  row.className = 'options-row';
  row.append(folderRow, field('base-name', 'Base name', base));
  return section('Files', row);
}

// ---- actions ----

function actionsSection(): HTMLElement {
  generateButton = button('Generate', 'sparkle', () => void startRun(form()));
  generateButton.id = 'generate';
  cancelButton = button('Cancel', 'stop-circle', () => cancelRun(), true);
  cancelButton.id = 'cancel';
  cancelButton.hidden = true;
  const save = button('Save as Workspace Preset…', 'save', () => void act({ type: 'savePreset', form: form() }), true);
  const row = el('div');
  row.className = 'actions-row';
  row.append(generateButton, cancelButton, save);
  return row;
}

/** Drop and paste bring references in through the host (it resolves, checks and copies them). */
export function wireReferenceInput(): void {
  wireImageDropAndPaste(formColumn, formColumn, {
    onUris: (uris) => void act({ type: 'dropFiles', uris }),
    onImageData: async (mimeType, data) => void (await act({ type: 'pasteImage', mimeType, data })),
    onProblem: showBanner,
  });
}
