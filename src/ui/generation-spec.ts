import type * as vscode from 'vscode';
import { modelInfo, type AspectRatio } from '../core/models';
import { baseNameFromFileName, slugify } from '../core/naming';
import { nearestAspectRatio } from '../core/postprocess-plan';
import { renderPreset, resolvePresetFields } from '../core/presets';
import { resolveImageSize, withServiceSettings, type GenerateArgs, type GenerationSpec, type InputImage } from '../core/spec';
import { readInputImage, resolveOutputFolder } from '../workspace/files';
import type { PresetRegistry } from '../workspace/presets';
import { allowRequestStorage, defaultAspectRatio, defaultImageSize, outputFolderSetting, serviceTierSetting, thinkingLevelSetting, usableDefaultModel } from '../workspace/settings';

/**
 * Turns validated arguments into a spec and an output plan (reads references, resolves folders). The
 * preset (built-in or workspace) and its fields are checked here, before any request; the preset's
 * defaults fill what the arguments leave open.
 * @throws PictorError `badInput` for an unknown preset, an unknown or missing field, a bad value
 */
export async function specFromArgs(
  args: GenerateArgs,
  presets: PresetRegistry,
  folder?: vscode.WorkspaceFolder,
): Promise<{ spec: GenerationSpec; plan: { dir: vscode.Uri; baseName: string } }> {
  const preset = await presets.require(args.preset ?? 'blank');
  const presetFields = resolvePresetFields(preset, args.presetFields);
  const model = args.model ?? preset.defaults.model ?? usableDefaultModel();
  // An exact size asks for the closest ratio the model makes; the result is then scaled and cropped.
  const aspectRatio: AspectRatio = args.size
    ? nearestAspectRatio(args.size.width, args.size.height)
    : args.aspectRatio ?? preset.defaults.aspectRatio ?? defaultAspectRatio();
  const presetSize = preset.defaults.imageSize && modelInfo(model).supportsImageSize ? preset.defaults.imageSize : undefined;
  const imageSize = resolveImageSize(model, args.imageSize ?? presetSize, defaultImageSize());
  const inputs: InputImage[] = [];
  for (const reference of args.references ?? []) inputs.push(await readInputImage(reference, 'reference'));
  const location = resolveOutputFolder(args.outputFolder ?? outputFolderSetting(), folder);
  const baseName = args.fileName ? baseNameFromFileName(args.fileName) : slugify(args.prompt);
  return {
    spec: {
      prompt: args.prompt,
      effectivePrompt: renderPreset(preset, args.prompt, presetFields),
      preset: preset.id,
      presetFields,
      model,
      aspectRatio,
      ...(imageSize ? { imageSize } : {}),
      ...(args.thinkingLevel ? { thinkingLevel: args.thinkingLevel } : {}),
      ...(args.serviceTier ? { serviceTier: args.serviceTier } : {}),
      count: args.count ?? 1,
      inputs,
      parent: null,
    },
    plan: { dir: location.dir, baseName },
  };
}

/** A spec with the service settings (tier, thinking level, storage) it is sent with. */
export function asSent(spec: GenerationSpec): GenerationSpec {
  return withServiceSettings(spec, { thinkingLevel: thinkingLevelSetting(), serviceTier: serviceTierSetting(), allowRequestStorage: allowRequestStorage() });
}
