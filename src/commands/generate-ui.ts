import * as vscode from 'vscode';
import { DEFAULT_MODEL, IMAGE_SIZES, MODEL_ID_PATTERN, currentModels, modelInfo, type AspectRatio, type ImageSize } from '../core/models';
import { estimateImageCostUsd } from '../core/prices';
import { PRESETS, findPreset, type PresetId } from '../core/presets';
import { defaultAspectRatio } from '../workspace/settings';

/** The choices a user makes in the palette flow; remembered as the next defaults. */
export interface GenerateChoices {
  prompt: string;
  preset: PresetId;
  model: string;
  aspectRatio: AspectRatio;
  imageSize?: ImageSize;
}

export interface ChoiceDefaults {
  preset: PresetId;
  model: string;
  aspectRatio?: AspectRatio;
  imageSize: ImageSize;
}

const TITLE = 'Pictor: Generate Image';

interface Item<T> extends vscode.QuickPickItem {
  value: T;
}

/** Shows a pick with `active` pre-selected, so Enter accepts the default. */
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

const formatUsd = (usd: number | null) => (usd === null ? '' : `≈ $${usd.toFixed(3)} per image`);

export async function askGenerateChoices(defaults: ChoiceDefaults, initialPrompt?: string): Promise<GenerateChoices | undefined> {
  const prompt = await vscode.window.showInputBox({
    title: `${TITLE} (1/5): Prompt`,
    prompt: 'Describe the image: subject, style, colours, background. Sentences work better than keywords.',
    placeHolder: 'e.g. a friendly robot mascot waving, flat vector style, teal and orange palette',
    value: initialPrompt,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'Describe the image you want.'),
  });
  if (!prompt?.trim()) return undefined;

  const preset = await pick<PresetId>(
    PRESETS.map((p) => ({ label: p.label, description: p.description, value: p.id })),
    defaults.preset,
    `${TITLE} (2/5): Kind of asset`,
    'Each kind wraps your prompt in a template that suits it',
  );
  if (!preset) return undefined;

  const model = await pickModel(defaults.model);
  if (!model) return undefined;
  const info = modelInfo(model);

  const suggested = findPreset(preset)?.suggestedAspectRatio;
  const aspectRatio = await pick<AspectRatio>(
    info.aspectRatios.map((ratio) => {
      const px = info.resolutions['1K']?.[ratio];
      return {
        label: ratio,
        description: [px ? `${px[0]}×${px[1]}` : '', ratio === suggested ? `suggested for ${findPreset(preset)?.label}` : '']
          .filter(Boolean)
          .join(' · '),
        value: ratio,
      };
    }),
    defaults.aspectRatio ?? suggested ?? defaultAspectRatio(),
    `${TITLE} (4/5): Aspect ratio`,
    'Shape of the image',
  );
  if (!aspectRatio) return undefined;

  let imageSize: ImageSize | undefined;
  const sizes = IMAGE_SIZES.filter((size) => info.sizes.includes(size));
  if (info.supportsImageSize && sizes.length > 1) {
    imageSize = await pick<ImageSize>(
      sizes.map((size) => {
        const px = info.resolutions[size]?.[aspectRatio];
        return {
          label: size,
          description: [px ? `${px[0]}×${px[1]}` : '', formatUsd(estimateImageCostUsd(model, info.imageTokens[size]))]
            .filter(Boolean)
            .join(' · '),
          value: size,
        };
      }),
      sizes.includes(defaults.imageSize) ? defaults.imageSize : info.sizes[0],
      `${TITLE} (5/5): Size`,
      'Resolution of the image',
    );
    if (!imageSize) return undefined;
  }
  return { prompt, preset, model, aspectRatio, ...(imageSize ? { imageSize } : {}) };
}

const OTHER = '\u0000other';

async function pickModel(current: string): Promise<string | undefined> {
  const offered = currentModels();
  const known = offered.map((m) => ({
    label: m.label,
    description: m.id,
    detail: `${m.description} · ${formatUsd(estimateImageCostUsd(m.id, m.imageTokens['1K']))}`,
    value: m.id,
  }));
  const items: Array<Item<string>> = [...known];
  if (!offered.some((m) => m.id === current)) items.push({ label: current, description: 'custom model id', value: current });
  items.push({ label: '$(edit) Other model id…', description: 'Type any Gemini image model id', value: OTHER });
  const chosen = await pick(items, current, `${TITLE} (3/5): Model`, 'Which Gemini image model');
  if (chosen !== OTHER) return chosen;
  const typed = await vscode.window.showInputBox({
    title: `${TITLE}: Model id`,
    prompt: 'A Gemini model id that can output images',
    placeHolder: 'gemini-…-image',
    ignoreFocusOut: true,
    validateInput: (v) => (MODEL_ID_PATTERN.test(v.trim()) ? undefined : `Letters, digits, dots and dashes only, e.g. ${DEFAULT_MODEL}`),
  });
  return typed?.trim() || undefined;
}
