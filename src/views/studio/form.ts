import type * as vscode from 'vscode';
import { PictorError } from '../../core/errors';
import { modelInfo } from '../../core/models';
import { renderPreset, resolvePresetFields, type PresetDefinition, type PresetFieldValue } from '../../core/presets';
import type { GenerationSpec } from '../../core/spec';
import { specFromArgs } from '../../ui/generation-spec';
import type { PresetRegistry } from '../../workspace/presets';
import { estimateCost } from '../../core/estimate';
import { formatUsd } from '../../ui/choice-summary';
import type { PromptPreview, StudioForm } from './protocol';

/**
 * The spec and output plan one variant of the form asks for (count 1: each variant is its own run).
 * An edited effective prompt replaces the preset's rendering.
 * @throws PictorError `badInput` for an empty prompt, an unknown preset, a missing required field, a bad value
 */
export async function specFromForm(form: StudioForm, presets: PresetRegistry): Promise<{ spec: GenerationSpec; plan: { dir: vscode.Uri; baseName: string } }> {
  if (!form.prompt.trim() && !form.promptOverride?.trim()) throw new PictorError('badInput', 'Describe the image first: the prompt is empty.');
  const info = modelInfo(form.model);
  const { spec, plan } = await specFromArgs(
    {
      prompt: form.prompt.trim() || (form.promptOverride ?? ''),
      preset: form.preset,
      presetFields: nonEmptyFields(form.fields),
      model: form.model,
      aspectRatio: form.aspectRatio,
      ...(form.imageSize && info.supportsImageSize ? { imageSize: form.imageSize } : {}),
      ...(form.thinkingLevel && info.thinkingLevels.includes(form.thinkingLevel) ? { thinkingLevel: form.thinkingLevel } : {}),
      ...(form.serviceTier === 'flex' && info.flex ? { serviceTier: 'flex' as const } : {}),
      references: form.references.map((r) => r.uri),
      ...(form.outputFolder.trim() ? { outputFolder: form.outputFolder.trim() } : {}),
      ...(form.baseName.trim() ? { fileName: form.baseName.trim() } : {}),
      count: 1,
    },
    presets,
  );
  if (form.promptOverride?.trim()) spec.effectivePrompt = form.promptOverride.trim();
  if (form.grounding && info.supportsGrounding) spec.grounding = true;
  return { spec, plan };
}

/**
 * The prompt as it will be sent, for the live preview. While a required field is empty the rest still
 * shows, with the problem beside it.
 */
export async function previewPrompt(form: StudioForm, presets: PresetRegistry): Promise<PromptPreview> {
  let preset: PresetDefinition;
  try {
    preset = await presets.require(form.preset);
  } catch (error) {
    return { text: form.prompt.trim(), problem: (error as Error).message };
  }
  const given = nonEmptyFields(form.fields);
  try {
    return { text: renderPreset(preset, form.prompt, resolvePresetFields(preset, given)), problem: null };
  } catch (error) {
    const known = Object.fromEntries(Object.entries(given).filter(([id]) => preset.fields.some((f) => f.id === id)));
    return { text: renderPreset(preset, form.prompt, known), problem: (error as Error).message };
  }
}

/**
 * "Generate 4 · ≈ $0.156", from the one estimator (`estimateCost`) the palette, the chat and the budget
 * check read: the prompt as it will be sent, the references sent with each request, the tier, and two
 * calls per image for a transparent background.
 */
export async function generateLabel(form: StudioForm, presets: PresetRegistry): Promise<string> {
  const info = modelInfo(form.model);
  const prompt = form.promptOverride?.trim() || (await previewPrompt(form, presets)).text;
  const estimate = estimateCost({
    model: form.model,
    ...(form.imageSize && info.supportsImageSize ? { imageSize: form.imageSize } : {}),
    count: form.variants,
    prompt,
    inputImages: form.references.length,
    tier: form.serviceTier === 'flex' && info.flex ? 'flex' : 'standard',
    ...(form.transparent ? { background: 'transparent' } : {}),
  });
  return `Generate ${form.variants} · ${formatUsd(estimate.usd)}`;
}

/** Empty text fields count as not filled in (so defaults apply and required ones are reported). */
function nonEmptyFields(fields: Record<string, PresetFieldValue>): Record<string, PresetFieldValue> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => !(typeof v === 'string' && v.trim() === '')));
}
