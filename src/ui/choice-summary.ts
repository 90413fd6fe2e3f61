import { modelInfo, type AspectRatio, type ImageSize } from '../core/models';
import { estimateImageCostUsd } from '../core/prices';
import { findPreset, type PresetId } from '../core/presets';

/** What one image request is made of, as chosen in the palette: the rows of the summary step. */
export interface ImageChoices {
  preset: PresetId;
  model: string;
  aspectRatio: AspectRatio;
  /** Only for models that take a size (Pro); absent otherwise. */
  imageSize?: ImageSize;
}

export type ChoiceKey = 'preset' | 'model' | 'aspectRatio' | 'imageSize';

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
 * The one place the palette asks what a run costs (from the catalog's tokens per image × the price table).
 */
export function estimateChoicesCostUsd(choices: Pick<ImageChoices, 'model' | 'imageSize'>, count = 1): number | null {
  const info = modelInfo(choices.model);
  const perImage = estimateImageCostUsd(choices.model, info.imageTokens[choices.imageSize ?? '1K']);
  return perImage === null ? null : Math.round(perImage * count * 1_000_000) / 1_000_000;
}

/** "≈ $0.134", or "price unknown" for a model without a price. */
export function formatUsd(usd: number | null): string {
  return usd === null ? 'price unknown' : `≈ $${usd.toFixed(3)}`;
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
      detail: withNote('model', `${choices.model} · ${formatUsd(estimateChoicesCostUsd({ model: choices.model, imageSize: choices.imageSize }))} per image`),
    },
    { key: 'aspectRatio', label: 'Aspect ratio', value: choices.aspectRatio, detail: withNote('aspectRatio', pixels) },
  ];
  if (info.supportsImageSize && choices.imageSize) {
    rows.push({ key: 'imageSize', label: 'Image size', value: choices.imageSize, detail: withNote('imageSize', pixels) });
  }
  return rows;
}

/** The accept row's text: what pressing Enter will buy, e.g. "2 images · ≈ $0.268". */
export function acceptDetail(choices: ImageChoices, count: number): string {
  return `${count} image${count === 1 ? '' : 's'} · ${formatUsd(estimateChoicesCostUsd(choices, count))}`;
}
