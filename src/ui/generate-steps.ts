import * as vscode from 'vscode';
import { DEFAULT_MODEL, IMAGE_SIZES, MODEL_ID_PATTERN, mergeModelLists, modelInfo, retirement, type AspectRatio, type ImageSize, type ListedModel, type ServiceTier, type ThinkingLevel } from '../core/models';
import { formatApproxUsd } from '../core/estimate';
import { PRESETS, findPreset, type PresetId } from '../core/presets';
import { defaultAspectRatio, serviceTierSetting, thinkingLevelSetting } from '../workspace/settings';
import { acceptDetail, estimateChoicesCostUsd, summaryRows, type ChoiceKey, type ImageChoices } from './choice-summary';
import { showSummaryStep } from './summary-step';

/** The choices a user makes in the palette flow of Generate Image. */
export interface GenerateChoices extends ImageChoices {
  prompt: string;
}

/** Where the summary starts: the kind is asked every time; model and size start here. */
export interface ChoiceDefaults {
  model: string;
  imageSize: ImageSize;
  /** The kind pre-selected in the kind step (e.g. Diagram in Markdown); "No preset" when absent. */
  preset?: PresetId;
  /** Shown beside a row, e.g. why its value is not the setting's default. */
  notes?: Partial<Record<ChoiceKey, string>>;
}

interface Item<T> extends vscode.QuickPickItem {
  value: T;
}

/** Shows a pick with `active` pre-selected, so Enter accepts it. Resolves to undefined on Escape. */
function pick<T>(items: Array<Item<T>>, active: T | undefined, title: string, placeholder: string): Promise<T | undefined> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<Item<T>>();
    qp.title = title;
    qp.placeholder = placeholder;
    qp.items = items;
    qp.ignoreFocusOut = true;
    const current = items.find((i) => i.value === active) ?? items[0];
    if (current) qp.activeItems = [current];
    let done = false;
    qp.onDidAccept(() => {
      done = true;
      resolve(qp.selectedItems[0]?.value ?? qp.activeItems[0]?.value);
      qp.hide();
    });
    qp.onDidHide(() => {
      if (!done) resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}

/** The prompt box of a flow; `value` pre-fills it (e.g. from a selection). */
export async function askPrompt(title: string, value?: string, prompt = 'Describe the image: subject, style, colours, background. Sentences work better than keywords.'): Promise<string | undefined> {
  const typed = await vscode.window.showInputBox({
    title,
    prompt,
    placeHolder: 'e.g. a friendly robot mascot waving, flat vector style, teal and orange palette',
    value,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'Describe the image you want.'),
  });
  return typed?.trim() ? typed : undefined;
}

export function pickPreset(current: PresetId, title: string): Promise<PresetId | undefined> {
  return pick<PresetId>(
    PRESETS.map((p) => ({ label: p.label, description: p.description, value: p.id })),
    current,
    title,
    'Each kind wraps your prompt in a template that suits it',
  );
}

const OTHER = '\u0000other';

/**
 * The models to pick from — the catalog merged with the models the key lists (`models`, as
 * `pictor.listModels` gives them; the catalog alone when absent or offline) — with their price per 1K
 * image, the current one (marked when it was retired), and "Other model id…" to type any id. With
 * `imageCount` (edits and compositions), a model that works best with fewer images says so.
 */
export async function pickModel(current: string, title: string, models?: Promise<ListedModel[]>, options: { imageCount?: number } = {}): Promise<string | undefined> {
  const offered: ListedModel[] = (await models?.catch(() => undefined)) ?? mergeModelLists(undefined);
  const known = offered.map((m) => {
    const info = modelInfo(m.id);
    const tooMany = info.known && options.imageCount !== undefined && options.imageCount > info.recommendedReferenceImages;
    return {
      label: m.label,
      description: m.id,
      detail: tooMany
        ? `Works best with up to ${info.recommendedReferenceImages} images (${options.imageCount} selected)`
        : info.known
          ? `${info.description} · ${formatApproxUsd(estimateChoicesCostUsd({ model: m.id }))} per 1K image`
          : 'Listed for your key; new to Pictor (the service judges its options)',
      value: m.id,
    };
  });
  const items: Array<Item<string>> = [...known];
  const gone = retirement(current);
  if (gone) items.unshift({ label: `$(warning) ${current}`, description: `shut down on ${gone.shutdown}; its replacement is ${gone.replacement}`, value: current });
  else if (!offered.some((m) => m.id === current)) items.push({ label: current, description: 'custom model id', value: current });
  items.push({ label: '$(edit) Other model id…', description: 'Type any Gemini image model id', value: OTHER });
  const chosen = await pick(items, current, title, 'Which Gemini image model');
  if (chosen !== OTHER) return chosen;
  const typed = await vscode.window.showInputBox({
    title: `${title}: model id`,
    prompt: 'A Gemini model id that can output images',
    placeHolder: 'gemini-…-image',
    ignoreFocusOut: true,
    validateInput: (v) => (MODEL_ID_PATTERN.test(v.trim()) ? undefined : `Letters, digits, dots and dashes only, e.g. ${DEFAULT_MODEL}`),
  });
  return typed?.trim() || undefined;
}

export function pickAspectRatio(choices: ImageChoices, title: string): Promise<AspectRatio | undefined> {
  const info = modelInfo(choices.model);
  const suggested = findPreset(choices.preset)?.defaults.aspectRatio;
  return pick<AspectRatio>(
    info.aspectRatios.map((ratio) => {
      const px = info.resolutions[choices.imageSize ?? '1K']?.[ratio];
      return {
        label: ratio,
        description: [px ? `${px[0]}×${px[1]}` : '', ratio === suggested ? `suggested for ${findPreset(choices.preset)?.label}` : '']
          .filter(Boolean)
          .join(' · '),
        value: ratio,
      };
    }),
    choices.aspectRatio,
    title,
    'Shape of the image',
  );
}

export function pickImageSize(choices: ImageChoices, title: string): Promise<ImageSize | undefined> {
  const info = modelInfo(choices.model);
  return pick<ImageSize>(
    IMAGE_SIZES.filter((size) => info.sizes.includes(size)).map((size) => {
      const px = info.resolutions[size]?.[choices.aspectRatio];
      return {
        label: size,
        description: [px ? `${px[0]}×${px[1]}` : '', `${formatApproxUsd(estimateChoicesCostUsd({ model: choices.model, imageSize: size }))} per image`]
          .filter(Boolean)
          .join(' · '),
        value: size,
      };
    }),
    choices.imageSize,
    title,
    'Resolution of the image',
  );
}

const DEFAULT_LEVEL = 'default';

/**
 * The thinking levels the model takes. "default" (the model's own) is offered only while
 * `pictor.thinkingLevel` names none: a level set there would be sent anyway.
 */
export function pickThinkingLevel(choices: ImageChoices, title: string): Promise<ThinkingLevel | typeof DEFAULT_LEVEL | undefined> {
  const info = modelInfo(choices.model);
  const items: Array<Item<ThinkingLevel | typeof DEFAULT_LEVEL>> = info.thinkingLevels.map((level) => ({
    label: level,
    description: level === 'minimal' ? 'fastest' : level === 'high' ? 'most thinking: slowest, best for complex prompts' : '',
    value: level,
  }));
  if (!thinkingLevelSetting()) items.unshift({ label: DEFAULT_LEVEL, description: "the model's own", value: DEFAULT_LEVEL });
  return pick(items, choices.thinkingLevel ?? DEFAULT_LEVEL, title, 'How much the model thinks before drawing');
}

/** Standard or flex, each with its price for these choices. */
export function pickServiceTier(choices: ImageChoices, title: string): Promise<ServiceTier | undefined> {
  const price = (serviceTier: ServiceTier) => `${formatApproxUsd(estimateChoicesCostUsd({ ...choices, serviceTier }))} per image`;
  return pick<ServiceTier>(
    [
      { label: 'standard', description: price('standard'), value: 'standard' },
      { label: 'flex', description: `${price('flex')} · slower; the service may shed it when busy`, value: 'flex' },
    ],
    choices.serviceTier ?? 'standard',
    title,
    'Service tier (serviceTier)',
  );
}

/** The choices a kind starts with: its suggested shape (else the setting), the default model and size, tier and thinking level. */
export function choicesForKind(preset: PresetId, defaults: ChoiceDefaults): ImageChoices {
  const aspectRatio = findPreset(preset)?.defaults.aspectRatio ?? defaultAspectRatio();
  const thinkingLevel = thinkingLevelSetting();
  return withModel({ preset, model: defaults.model, aspectRatio, serviceTier: serviceTierSetting(), ...(thinkingLevel ? { thinkingLevel } : {}) }, defaults.model, defaults.imageSize);
}

/**
 * Switches the model; a size is kept only when the model makes it (else its own default size), and a
 * shape the model does not take falls back to 1:1 — both are visible in the summary before Enter.
 */
function withModel(choices: ImageChoices, model: string, fallbackSize: ImageSize): ImageChoices {
  const { imageSize, thinkingLevel, ...rest } = choices;
  const info = modelInfo(model);
  const aspectRatio = info.aspectRatios.includes(rest.aspectRatio) ? rest.aspectRatio : '1:1';
  // The flex tier only where the model offers it; the summary prices what will be sent.
  const serviceTier = rest.serviceTier === 'flex' && !info.flex ? 'standard' : rest.serviceTier;
  // A thinking level only where the model takes it (the setting's, when the new model takes that one).
  const wantedLevel = thinkingLevel ?? thinkingLevelSetting();
  const level = wantedLevel && info.thinkingLevels.includes(wantedLevel) ? { thinkingLevel: wantedLevel } : {};
  if (!info.supportsImageSize) return { ...rest, ...level, model, aspectRatio, serviceTier };
  const wanted = imageSize ?? fallbackSize;
  return { ...rest, ...level, model, aspectRatio, serviceTier, imageSize: info.sizes.includes(wanted) ? wanted : (info.sizes[0] ?? '1K') };
}

export interface SummaryFlow {
  /** e.g. "Pictor: Generate Image (3/3): Summary". */
  title: string;
  /** Prefix of the titles of the row pickers, e.g. "Pictor: Generate Image". */
  flowTitle: string;
  /** How many images Enter makes (the cost is for all of them). */
  count: number;
  acceptLabel?: string;
  defaults: ChoiceDefaults;
  /** The merged model list for the model row (`pictor.listModels`); the catalog alone when absent. */
  models?: Promise<ListedModel[]>;
}

/**
 * The summary step and its edits: shows every choice with the estimated cost until the user accepts
 * (Enter on the first row) or dismisses it. A row re-asks that one choice; Escape there returns to the
 * summary unchanged. Until the shape is chosen by hand, changing the kind moves to the kind's shape.
 */
export async function confirmChoices(initial: ImageChoices, flow: SummaryFlow): Promise<ImageChoices | undefined> {
  let choices = initial;
  let shapeChosen = false;
  const notes = { ...flow.defaults.notes };
  for (;;) {
    const picked = await showSummaryStep<ChoiceKey>({
      title: flow.title,
      acceptLabel: flow.acceptLabel ?? 'Generate',
      acceptDetail: acceptDetail(choices, flow.count),
      rows: summaryRows(choices, notes),
    });
    if (picked === undefined) return undefined;
    if (picked === 'accept') return choices;
    delete notes[picked];
    switch (picked) {
      case 'preset': {
        const preset = await pickPreset(choices.preset, `${flow.flowTitle}: Kind of asset`);
        if (preset) {
          const suggested = findPreset(preset)?.defaults.aspectRatio;
          choices = { ...choices, preset, ...(!shapeChosen && suggested ? { aspectRatio: suggested } : {}) };
        }
        break;
      }
      case 'model': {
        const model = await pickModel(choices.model, `${flow.flowTitle}: Model`, flow.models);
        if (model) choices = withModel(choices, model, flow.defaults.imageSize);
        break;
      }
      case 'aspectRatio': {
        const aspectRatio = await pickAspectRatio(choices, `${flow.flowTitle}: Aspect ratio`);
        if (aspectRatio) {
          choices = { ...choices, aspectRatio };
          shapeChosen = true;
        }
        break;
      }
      case 'imageSize': {
        const imageSize = await pickImageSize(choices, `${flow.flowTitle}: Image size`);
        if (imageSize) choices = { ...choices, imageSize };
        break;
      }
      case 'thinkingLevel': {
        const level = await pickThinkingLevel(choices, `${flow.flowTitle}: Thinking`);
        if (level) {
          const { thinkingLevel: _previous, ...rest } = choices;
          choices = level === DEFAULT_LEVEL ? rest : { ...rest, thinkingLevel: level };
        }
        break;
      }
      case 'serviceTier': {
        const serviceTier = await pickServiceTier(choices, `${flow.flowTitle}: Service tier`);
        if (serviceTier) choices = { ...choices, serviceTier };
        break;
      }
    }
  }
}

/** Kind (asked every time), then the summary. Shared by Generate Image and Insert Generated Image. */
export async function askKindAndConfirm(
  flowTitle: string,
  step: { kind: string; summary: string },
  defaults: ChoiceDefaults,
  count: number,
  models?: Promise<ListedModel[]>,
): Promise<ImageChoices | undefined> {
  const preset = await pickPreset(defaults.preset ?? 'blank', `${flowTitle} ${step.kind}: Kind of asset`);
  if (!preset) return undefined;
  return confirmChoices(choicesForKind(preset, defaults), { title: `${flowTitle} ${step.summary}: Summary`, flowTitle, count, defaults, models });
}

/** Generate Image's palette flow: prompt, kind, summary with cost. */
export async function askGenerateChoices(defaults: ChoiceDefaults, count: number, initialPrompt?: string, models?: Promise<ListedModel[]>): Promise<GenerateChoices | undefined> {
  const title = 'Pictor: Generate Image';
  const prompt = await askPrompt(`${title} (1/3): Prompt`, initialPrompt);
  if (!prompt) return undefined;
  const choices = await askKindAndConfirm(title, { kind: '(2/3)', summary: '(3/3)' }, defaults, count, models);
  return choices && { prompt, ...choices };
}
