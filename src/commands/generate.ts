import * as vscode from 'vscode';
import { isImageSize, modelInfo, type AspectRatio } from '../core/models';
import { baseNameFromFileName, slugify } from '../core/naming';
import { renderPreset, resolvePresetFields } from '../core/presets';
import { parseGenerateArgs, resolveImageSize, type GenerateArgs, type GenerationSpec, type InputImage } from '../core/spec';
import type { Services } from '../services';
import type { PresetRegistry } from '../workspace/presets';
import { readInputImage, resolveOutputFolder } from '../workspace/files';
import { defaultAspectRatio, defaultImageSize, defaultModel, imagesPerRun, outputFolderSetting } from '../workspace/settings';
import { askGenerateChoices, type ChoiceDefaults, type GenerateChoices } from '../ui/generate-steps';
import { ensureKeyInteractively, generateWithProgress, presentOutcome, reportFailure, runScripted, toCommandResult, type CommandResult } from './run';

const LAST_CHOICES = 'pictor.generate.lastChoices';

export function registerGenerateCommands(services: Services): vscode.Disposable[] {
  return [vscode.commands.registerCommand('pictor.generate', (args?: unknown) => generate(services, args))];
}

/** With an argument object: no UI prompts, resolves to the result or rejects with a coded Error. */
async function generate(services: Services, args?: unknown): Promise<CommandResult | undefined> {
  if (args !== undefined && args !== null && !(args instanceof vscode.Uri)) {
    return runScripted(services, 'pictor.generate', async () => {
      const { spec, plan } = await specFromArgs(parseGenerateArgs(args), services.presets);
      return { outcome: await generateWithProgress(services, spec, plan, titleFor(spec), { preserveFocus: true }) };
    });
  }
  const choices = await askGenerateChoices(lastChoices(services), imagesPerRun());
  if (!choices) return undefined;
  // Model and size carry over (the summary shows them with the cost); the kind and shape never do.
  await services.context.globalState.update(LAST_CHOICES, { model: choices.model, imageSize: choices.imageSize });
  return runInteractive(services, choices);
}

async function runInteractive(services: Services, choices: GenerateChoices): Promise<CommandResult | undefined> {
  try {
    if (!(await ensureKeyInteractively(services))) return undefined;
    const { spec, plan } = await specFromArgs({ ...choices, count: imagesPerRun() }, services.presets);
    const outcome = await generateWithProgress(services, spec, plan, titleFor(spec), {});
    void presentOutcome(services, outcome);
    return toCommandResult(outcome);
  } catch (error) {
    reportFailure(services, error, () => runInteractive(services, choices));
    return undefined;
  }
}

/** The last run's model and size, each marked in the summary when it is not the setting's default. */
function lastChoices(services: Services): ChoiceDefaults {
  const stored = services.context.globalState.get<Partial<GenerateChoices>>(LAST_CHOICES) ?? {};
  const model = stored.model ?? defaultModel();
  const imageSize = stored.imageSize && isImageSize(stored.imageSize) ? stored.imageSize : defaultImageSize();
  const kept = 'as in your last image';
  return {
    model,
    imageSize,
    notes: {
      ...(model !== defaultModel() ? { model: kept } : {}),
      ...(imageSize !== defaultImageSize() && modelInfo(model).supportsImageSize ? { imageSize: kept } : {}),
    },
  };
}

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
  const model = args.model ?? preset.defaults.model ?? defaultModel();
  const aspectRatio: AspectRatio = args.aspectRatio ?? preset.defaults.aspectRatio ?? defaultAspectRatio();
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
      count: args.count ?? 1,
      inputs,
      parent: null,
    },
    plan: { dir: location.dir, baseName },
  };
}

function titleFor(spec: GenerationSpec): string {
  const what = spec.count > 1 ? `${spec.count} images` : 'image';
  const model = modelInfo(spec.model).label.replace(/ \(.*\)$/, '');
  return `Pictor: Generating ${what} with ${model}`;
}
