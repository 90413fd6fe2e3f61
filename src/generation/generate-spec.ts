import { modelInfo, type AspectRatio } from '../core/models';
import { baseNameFromFileName, slugify } from '../core/naming';
import { nearestAspectRatio } from '../core/postprocess-plan';
import { renderPreset, resolvePresetFields, type PresetDefaults } from '../core/presets';
import { resolveImageSize, type GenerateArgs, type GenerationSpec, type InputImage } from '../core/spec';
import { readInputImageAt } from '../files/input-image';
import type { OutputPlan } from '../pipeline';
import type { Postprocessing } from '../postprocess';
import type { GenerationDefaults, SpecSources } from './sources';

/** The request options of a generation, as its arguments, its preset and the host settle them. */
export type RequestOptions = Pick<GenerationSpec, 'model' | 'aspectRatio' | 'imageSize' | 'thinkingLevel' | 'serviceTier' | 'count'>;

/**
 * The model, aspect ratio and image size a generation asks for are the arguments', else the preset's
 * defaults, else the host's; an exact `size` asks for the closest ratio the model makes (the result is
 * then scaled and cropped), and `imageSize` is left out for a model that takes none. The thinking level
 * and service tier are the arguments' (settings are applied when the spec is sent); `count` defaults to 1.
 * @throws PictorError `badInput` when the host's default model is retired
 */
export function resolveRequestOptions(
  args: Pick<GenerateArgs, 'model' | 'aspectRatio' | 'imageSize' | 'size' | 'thinkingLevel' | 'serviceTier' | 'count'>,
  presetDefaults: PresetDefaults,
  defaults: GenerationDefaults,
): RequestOptions {
  const model = args.model ?? presetDefaults.model ?? defaults.model();
  const aspectRatio: AspectRatio = args.size
    ? nearestAspectRatio(args.size.width, args.size.height, modelInfo(model).aspectRatios)
    : args.aspectRatio ?? presetDefaults.aspectRatio ?? defaults.aspectRatio();
  const presetSize = presetDefaults.imageSize && modelInfo(model).supportsImageSize ? presetDefaults.imageSize : undefined;
  const imageSize = resolveImageSize(model, args.imageSize ?? presetSize, defaults.imageSize());
  return {
    model,
    aspectRatio,
    ...(imageSize ? { imageSize } : {}),
    ...(args.thinkingLevel ? { thinkingLevel: args.thinkingLevel } : {}),
    ...(args.serviceTier ? { serviceTier: args.serviceTier } : {}),
    count: args.count ?? 1,
  };
}

/**
 * Turns validated `pictor.generate` arguments into a spec and an output plan (reads references, resolves
 * folders). The preset and its fields are checked here, before any request; the preset's defaults fill
 * what the arguments leave open, then the host's defaults.
 * @throws PictorError `badInput` for an unknown preset, an unknown or missing field, a bad value, a
 *   reference or folder outside the root
 */
export async function specFromGenerateArgs<L>(args: GenerateArgs, sources: SpecSources<L>): Promise<{ spec: GenerationSpec; plan: OutputPlan<L> }> {
  const { defaults } = sources;
  const preset = await sources.preset(args.preset ?? 'blank');
  const presetFields = resolvePresetFields(preset, args.presetFields);
  const options = resolveRequestOptions(args, preset.defaults, defaults);
  const inputs: InputImage[] = [];
  for (const reference of args.references ?? []) inputs.push(await readInputImageAt(sources.port, sources.locate(reference), 'reference'));
  const dir = sources.outputDir(args.outputFolder ?? defaults.outputFolder());
  const baseName = args.fileName ? baseNameFromFileName(args.fileName) : slugify(args.prompt);
  return {
    spec: {
      prompt: args.prompt,
      effectivePrompt: renderPreset(preset, args.prompt, presetFields),
      preset: preset.id,
      presetFields,
      ...options,
      inputs,
      parent: null,
    },
    plan: { dir, baseName },
  };
}

/** Transparency and exact size, when the arguments ask for them; undefined for a plain generation. */
export function postprocessingOf(args: Pick<GenerateArgs, 'background' | 'size'>, keepSources: boolean): Postprocessing | undefined {
  if (args.background !== 'transparent' && !args.size) return undefined;
  return { ...(args.background ? { background: args.background } : {}), ...(args.size ? { size: args.size } : {}), keepSources };
}
