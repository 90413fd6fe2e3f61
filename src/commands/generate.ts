import * as vscode from 'vscode';
import { isImageSize, modelInfo } from '../core/models';
import { parseGenerateArgs, type GenerationSpec } from '../core/spec';
import { postprocessingOf } from '../generation/generate-spec';
import type { Services } from '../services';
import { defaultImageSize, defaultModel, imagesPerRun, keepMatteSources } from '../workspace/settings';
import { specFromArgs } from '../ui/generation-spec';
import { askGenerateChoices, type ChoiceDefaults, type GenerateChoices } from '../ui/generate-steps';
import { ensureKeyInteractively, generateWithProgress, scripted, presentOutcome, reportFailure, runScripted, toCommandResult, type CommandResult } from './run';

const LAST_CHOICES = 'pictor.generate.lastChoices';

export function registerGenerateCommands(services: Services): vscode.Disposable[] {
  return [vscode.commands.registerCommand('pictor.generate', (args?: unknown) => generate(services, args))];
}

/** With an argument object: no UI prompts, resolves to the result or rejects with a coded Error. */
async function generate(services: Services, args?: unknown): Promise<CommandResult | undefined> {
  if (args !== undefined && args !== null && !(args instanceof vscode.Uri)) {
    return runScripted(services, 'pictor.generate', async () => {
      const parsed = parseGenerateArgs(args);
      const { spec, plan } = await specFromArgs(parsed, services.presets);
      const postprocessing = postprocessingOf(parsed, keepMatteSources());
      return { outcome: await generateWithProgress(services, spec, plan, titleFor(spec), { preserveFocus: true }, scripted(parsed), postprocessing) };
    });
  }
  const choices = await askGenerateChoices(lastChoices(services), imagesPerRun(), undefined, services.models.list());
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
    reportFailure(services, error, {
      retry: () => runInteractive(services, choices),
      // The same flow again, this run's choices as its defaults and the failed prompt filled in.
      editPrompt: async () => {
        const edited = await askGenerateChoices({ ...choices, imageSize: choices.imageSize ?? defaultImageSize() }, imagesPerRun(), choices.prompt);
        if (edited) await runInteractive(services, edited);
      },
      useModel: (model) => runInteractive(services, { ...choices, model, imageSize: modelInfo(model).supportsImageSize ? choices.imageSize : undefined }),
    });
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

function titleFor(spec: GenerationSpec): string {
  const what = spec.count > 1 ? `${spec.count} images` : 'image';
  const model = modelInfo(spec.model).label.replace(/ \(.*\)$/, '');
  return `Pictor: Generating ${what} with ${model}`;
}
