import { modelInfo, type AspectRatio, type ImageSize, type ServiceTier, type ThinkingLevel } from '../core/models';
import { estimateCost, formatApproxUsd } from '../core/estimate';
import { findPreset, type PresetId } from '../core/presets';

/** What one image request is made of, as chosen in the palette: the rows of the summary step. */
export interface ImageChoices {
  preset: PresetId;
  model: string;
  aspectRatio: AspectRatio;
  /** Only for models that take a size; absent otherwise. */
  imageSize?: ImageSize;
  /** The tier the request will use (starts from `pictor.serviceTier`); absent: standard. */
  serviceTier?: ServiceTier;
  /** Only for models that let you choose (starts from `pictor.thinkingLevel`); absent: the model's own default. */
  thinkingLevel?: ThinkingLevel;
}

export type ChoiceKey = 'preset' | 'model' | 'aspectRatio' | 'imageSize' | 'thinkingLevel' | 'serviceTier';

export interface SummaryRow {
  key: ChoiceKey;
  /** The row's name, e.g. "Model". */
  label: string;
  /** The current value as the user knows it, e.g. "Nano Banana Pro". */
  value: string;
  /** Pixels, ids, prices, or why the value is what it is. */
  detail: string;
}

/**
 * Estimated USD cost of `count` images with these choices, or null when the model's price is unknown.
 * The one place the palette asks what a run costs, through the one estimator (`estimateCost`: the
 * catalog's tokens per image × its prices, plus the prompt when given).
 */
export function estimateChoicesCostUsd(choices: Pick<ImageChoices, 'model' | 'imageSize' | 'serviceTier'>, count = 1, prompt = ''): number | null {
  // The estimate follows the tier the request will use (flex only where the model offers it).
  const tier = choices.serviceTier === 'flex' && modelInfo(choices.model).flex ? 'flex' : 'standard';
  return estimateCost({ model: choices.model, imageSize: choices.imageSize, count, prompt, tier }).usd;
}

/** The rows the summary step shows, in order; rows a model does not take (size on Flash) are left out. */
export function summaryRows(choices: ImageChoices, notes: Partial<Record<ChoiceKey, string>> = {}): SummaryRow[] {
  const info = modelInfo(choices.model);
  const px = info.resolutions[choices.imageSize ?? '1K']?.[choices.aspectRatio];
  const pixels = px ? `${px[0]}×${px[1]}` : '';
  const withNote = (key: ChoiceKey, detail: string) => [detail, notes[key]].filter(Boolean).join(' · ');
  const preset = findPreset(choices.preset);
  const rows: SummaryRow[] = [
    { key: 'preset', label: 'Kind', value: preset?.label ?? choices.preset, detail: withNote('preset', preset?.description ?? '') },
    {
      key: 'model',
      label: 'Model',
      value: info.label,
      detail: withNote('model', `${choices.model} · ${formatApproxUsd(estimateChoicesCostUsd(choices))} per image${choices.serviceTier === 'flex' && info.flex ? ' (flex)' : ''}`),
    },
    { key: 'aspectRatio', label: 'Aspect ratio', value: choices.aspectRatio, detail: withNote('aspectRatio', pixels) },
  ];
  if (info.supportsImageSize && choices.imageSize) {
    rows.push({ key: 'imageSize', label: 'Image size', value: choices.imageSize, detail: withNote('imageSize', pixels) });
  }
  // Thinking and tier only where the model has them, so every row shown can be sent.
  if (info.thinkingLevels.length) {
    rows.push({ key: 'thinkingLevel', label: 'Thinking', value: choices.thinkingLevel ?? 'default', detail: withNote('thinkingLevel', `${info.label.replace(/ \(.*\)$/, '')} takes ${info.thinkingLevels.join(', ')}`) });
  }
  if (info.flex) {
    const flex = choices.serviceTier === 'flex';
    rows.push({ key: 'serviceTier', label: 'Service tier', value: flex ? 'flex' : 'standard', detail: withNote('serviceTier', flex ? 'half price; slower, and the service may shed it when busy' : 'flex: half price, slower') });
  }
  return rows;
}

/** The accept row's text: what pressing Enter will buy, e.g. "2 images · ≈ $0.268". */
export function acceptDetail(choices: ImageChoices, count: number): string {
  return `${count} image${count === 1 ? '' : 's'} · ${formatApproxUsd(estimateChoicesCostUsd(choices, count))}`;
}
