import * as vscode from 'vscode';
import { EDIT_TEMPLATES } from '../core/edit-templates';
import { PictorError } from '../core/errors';
import { PRO_MODEL, assertModelAvailable, modelInfo } from '../core/models';
import { slugify } from '../core/naming';
import { editArgsSchema, parseArgs, resolveImageSize, validateSpec, type EditArgs, type GenerationSpec, type InputImage } from '../core/spec';
import { editSpecFor, instructionSpec } from '../generation/edit-spec';
import type { OutputPlan } from '../pipeline';
import type { Services } from '../services';
import { readInputImage, resolveOutputFolder, resolveWorkspaceFile } from '../workspace/files';
import { defaultImageSize, defaultModel, outputFolderSetting, usableDefaultModel } from '../workspace/settings';
import { settingsDefaults, workspaceSpecSources } from '../workspace/spec-sources';
import { ensureKeyInteractively, generateWithProgress, scripted, presentOutcome, reportFailure, runScripted, toCommandResult, type CommandResult } from './run';
import { pickModel } from '../ui/generate-steps';
import { activeImageUri, isImagePath, optionsFromArgs, pickWorkspaceImages, urisFromArgs } from '../ui/targets';

export function registerEditCommands(services: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('pictor.editImage', (first?: unknown, second?: unknown, third?: unknown) =>
      editImage(services, first, second, third),
    ),
    vscode.commands.registerCommand('pictor.composeImages', (first?: unknown, second?: unknown, third?: unknown) =>
      composeImages(services, first, second, third),
    ),
  ];
}

/** `executeCommand('pictor.editImage', uri, { prompt, model?, aspectRatio?, imageSize? })` runs without UI. */
async function editImage(services: Services, first: unknown, second: unknown, third: unknown): Promise<CommandResult | undefined> {
  const options = optionsFromArgs(second, third, first);
  let uris = urisFromArgs(first, second);
  if (options) {
    return runScripted(services, 'pictor.editImage', async () => {
      const args = parseArgs(editArgsSchema, options, 'pictor.editImage');
      const target = uris[0] ?? (args.images?.[0] ? args.images[0] : undefined);
      if (!target) throw new PictorError('badInput', 'pictor.editImage needs the image to edit as its first argument.');
      const { spec, plan } = await editSpec(services, target, args);
      const open = { original: resolveWorkspaceFile(target) };
      const outcome = await generateWithProgress(services, spec, plan, 'Pictor: Editing image', { ...open, preserveFocus: true }, scripted(args));
      return { outcome, open };
    });
  }
  if (uris.length > 1) return composeImages(services, first, second, third);
  if (!uris.length) {
    const active = activeImageUri();
    uris = active && isImagePath(active) ? [active] : await pickWorkspaceImages('Pictor: Choose an image to edit', false);
  }
  const target = uris[0];
  if (!target) return undefined;
  try {
    await readInputImage(target, 'source');
  } catch (error) {
    reportFailure(services, error);
    return undefined;
  }
  const title = `Pictor: Edit ${vscode.workspace.asRelativePath(target, false)}`;
  const prompt = await askInstruction(title, false);
  if (!prompt) return undefined;
  const model = await pickModel(defaultModel(), 'Pictor: Model', services.models.list(), { imageCount: 1 });
  if (!model) return undefined;
  const run = async (prompt: string, model: string): Promise<CommandResult | undefined> => {
    try {
      if (!(await ensureKeyInteractively(services))) return undefined;
      const { spec, plan } = await editSpec(services, target, { prompt, model });
      const open = { original: resolveWorkspaceFile(target) };
      const outcome = await generateWithProgress(services, spec, plan, 'Pictor: Editing image', open);
      void presentOutcome(services, outcome, open);
      return toCommandResult(outcome);
    } catch (error) {
      reportFailure(services, error, {
        retry: () => run(prompt, model),
        // Reopens the instruction with the failed one filled in, then sends it as edited.
        editPrompt: async () => {
          const edited = await askInstruction(title, false, prompt);
          if (edited) await run(edited, model);
        },
        useModel: (replacement) => run(prompt, replacement),
      });
      return undefined;
    }
  };
  return run(prompt, model);
}

/** The source goes in as role `source`; its sidecar's lineage continues in the result's sidecar. */
function editSpec(services: Services, target: vscode.Uri | string, args: EditArgs): Promise<{ spec: GenerationSpec; plan: OutputPlan<vscode.Uri> }> {
  return editSpecFor(resolveWorkspaceFile(target), args, workspaceSpecSources(services.presets));
}

/** Several images, one prompt: `executeCommand('pictor.composeImages', [uris], { prompt, ... })`. */
async function composeImages(services: Services, first: unknown, second: unknown, third: unknown): Promise<CommandResult | undefined> {
  const options = optionsFromArgs(second, third, first);
  let uris = urisFromArgs(first, second);
  if (options) {
    return runScripted(services, 'pictor.composeImages', async () => {
      const args = parseArgs(editArgsSchema, options, 'pictor.composeImages');
      const targets: Array<vscode.Uri | string> = uris.length ? uris : (args.images ?? []);
      if (targets.length < 1) throw new PictorError('badInput', 'pictor.composeImages needs the images to compose.');
      const { spec, plan } = await composeSpec(targets, args);
      return { outcome: await generateWithProgress(services, spec, plan, 'Pictor: Composing images', { preserveFocus: true }, scripted(args)) };
    });
  }
  if (!uris.length) uris = await pickWorkspaceImages('Pictor: Choose the images to compose', true);
  if (!uris.length) return undefined;
  const title = `Pictor: Compose ${uris.length} images`;
  const prompt = await askInstruction(title, true);
  if (!prompt) return undefined;
  const suggested = uris.length > modelInfo(defaultModel()).recommendedReferenceImages ? PRO_MODEL : defaultModel();
  const model = await pickModel(suggested, 'Pictor: Model', services.models.list(), { imageCount: uris.length });
  if (!model) return undefined;
  const run = async (prompt: string, model: string): Promise<CommandResult | undefined> => {
    try {
      const { spec, plan } = await composeSpec(uris, { prompt, model });
      const warnings = validateSpec(spec);
      if (warnings.length) {
        const go = await vscode.window.showWarningMessage(warnings.map((w) => w.message).join(' '), { modal: true }, 'Compose Anyway');
        if (go !== 'Compose Anyway') return undefined;
      }
      if (!(await ensureKeyInteractively(services))) return undefined;
      const outcome = await generateWithProgress(services, spec, plan, 'Pictor: Composing images', {});
      void presentOutcome(services, { ...outcome, warnings: [] });
      return toCommandResult(outcome);
    } catch (error) {
      reportFailure(services, error, {
        retry: () => run(prompt, model),
        editPrompt: async () => {
          const edited = await askInstruction(title, true, prompt);
          if (edited) await run(edited, model);
        },
        useModel: (replacement) => run(prompt, replacement),
      });
      return undefined;
    }
  };
  return run(prompt, model);
}

async function composeSpec(targets: Array<vscode.Uri | string>, args: EditArgs): Promise<{ spec: GenerationSpec; plan: OutputPlan<vscode.Uri> }> {
  const model = args.model ?? usableDefaultModel();
  assertModelAvailable(model);
  const info = modelInfo(model);
  const total = targets.length + (args.references?.length ?? 0);
  if (total > info.maxReferenceImages) {
    throw new PictorError('badInput', `${info.label} accepts at most ${info.maxReferenceImages} images; ${total} were given.`);
  }
  // Refuse a size the model cannot make before reading (possibly large) images.
  resolveImageSize(model, args.imageSize, defaultImageSize());
  const inputs: InputImage[] = [];
  for (const target of [...targets, ...(args.references ?? [])]) inputs.push(await readInputImage(target, 'reference'));
  const spec = instructionSpec(args, inputs, null, settingsDefaults);
  const dir = resolveOutputFolder(args.outputFolder ?? outputFolderSetting()).dir;
  return { spec, plan: { dir, baseName: slugify(args.prompt) } };
}

/** An instruction: type freely, or start from one of the guide's templates. */
/** `initial`: the instruction to start from (Edit Prompt after a failure). */
async function askInstruction(title: string, compose: boolean, initial?: string): Promise<string | undefined> {
  const templates = EDIT_TEMPLATES.filter((t) => !!t.compose === compose || (!compose && !t.compose));
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem & { text?: string }>();
  qp.title = title;
  qp.placeholder = compose ? 'Describe the image to make from these, or pick a template' : 'Describe the change, or pick a template';
  qp.ignoreFocusOut = true;
  const base = templates.map((t) => ({ label: t.label, description: t.description, detail: t.text, text: t.text }));
  const typedRow = (value: string) => (value.trim() ? [{ label: value, description: 'Use this instruction', alwaysShow: true }, ...base] : base);
  qp.items = base;
  qp.onDidChangeValue((value) => {
    qp.items = typedRow(value);
  });
  if (initial) {
    qp.value = initial;
    qp.items = typedRow(initial);
  }
  const choice = await new Promise<(vscode.QuickPickItem & { text?: string }) | undefined>((resolve) => {
    qp.onDidAccept(() => {
      // Enter pressed before the typed row arrived (or nothing matched): the typed text is the instruction.
      const typed = qp.value.trim();
      resolve(qp.selectedItems[0] ?? qp.activeItems[0] ?? (typed ? { label: typed } : undefined));
      qp.hide();
    });
    qp.onDidHide(() => resolve(undefined));
    qp.show();
  });
  qp.dispose();
  if (!choice) return undefined;
  if (!choice.text) return choice.label.trim() || undefined;
  // A template: let the user fill in the [brackets], with the first one selected.
  const start = choice.text.indexOf('[');
  const end = choice.text.indexOf(']', start);
  const filled = await vscode.window.showInputBox({
    title,
    prompt: 'Replace the [bracketed] parts',
    value: choice.text,
    valueSelection: start >= 0 && end > start ? [start, end + 1] : undefined,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'Describe the change.'),
  });
  return filled?.trim() ? filled : undefined;
}
