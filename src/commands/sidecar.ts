import * as vscode from 'vscode';
import { cancellationTokenSchema, type CancellationTokenLike } from '../core/cancellation';
import { PictorError } from '../core/errors';
import { MODEL_ID_PATTERN, assertModelAvailable, modelInfo } from '../core/models';
import { IMAGE_FILE_GLOB } from '../core/naming';
import { serializeSidecar, type Sidecar } from '../core/sidecar';
import type { GenerationSpec } from '../core/spec';
import type { Services } from '../services';
import { keepMatteSources } from '../workspace/settings';
import { embeddedSidecarOfFile } from '../provenance';
import { resolveWorkspaceFile, workspaceRelativePath } from '../workspace/files';
import { SIDECAR_SUFFIX, imageUriFor, readSidecarOf, requireRecordOf } from '../workspace/sidecars';
import { workspaceFilePort } from '../workspace/file-port';
import { planBeside, replayPostprocessing, replaySpec } from '../generation/replay-spec';
import type { GenerationOutcome } from '../pipeline';
import { ensureKeyInteractively, generateWithProgress, INTERACTIVE, scripted, presentOutcome, reportFailure, runScripted, toCommandResult, type CommandResult } from './run';
import { formatApproxUsd } from '../core/estimate';
import { estimateChoicesCostUsd } from '../ui/choice-summary';
import { activeImageUri, isImagePath, optionsFromArgs, urisFromArgs } from '../ui/targets';

/** Commands that start from a sidecar: variations, regenerate, show prompt; and the CodeLens on sidecars. */
export function registerSidecarCommands(services: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('pictor.generateVariations', (uri?: unknown, args?: unknown) => variations(services, uri, args)),
    vscode.commands.registerCommand('pictor.regenerateFromSidecar', (uri?: unknown, args?: unknown) => regenerate(services, uri, args)),
    vscode.commands.registerCommand('pictor.showPrompt', (uri?: unknown, args?: unknown) => showPrompt(services, uri, args)),
    vscode.languages.registerCodeLensProvider({ pattern: `${IMAGE_FILE_GLOB}.json` }, new SidecarCodeLens()),
  ];
}

function targetUri(uri: unknown): vscode.Uri {
  const target = urisFromArgs(uri, undefined)[0] ?? activeImageUri();
  if (!target) throw new PictorError('badInput', 'Open or select an image made by Pictor (or its .json sidecar) first.');
  return target;
}

interface ReplayOptions {
  count?: number;
  allowChangedInputs?: boolean;
  cancellationToken?: CancellationTokenLike;
  /** Another model than the recorded one (e.g. the replacement of a retired model); never chosen silently. */
  model?: string;
  confirmCost?: boolean;
}

function replayOptions(value: unknown, command: string): ReplayOptions {
  if (value === undefined) return {};
  const v = value as Record<string, unknown>;
  const unknown = Object.keys(v).filter((k) => !['count', 'allowChangedInputs', 'cancellationToken', 'model', 'confirmCost'].includes(k));
  if (unknown.length) throw new PictorError('badInput', `Invalid arguments for ${command}: unknown field(s) ${unknown.join(', ')}.`);
  if (v.count !== undefined && (!Number.isInteger(v.count) || (v.count as number) < 1 || (v.count as number) > 4)) {
    throw new PictorError('badInput', `Invalid arguments for ${command}: count must be a whole number from 1 to 4.`);
  }
  if (v.cancellationToken !== undefined && !cancellationTokenSchema.safeParse(v.cancellationToken).success) {
    throw new PictorError('badInput', `Invalid arguments for ${command}: cancellationToken: expected a vscode.CancellationToken.`);
  }
  if (v.model !== undefined && (typeof v.model !== 'string' || !MODEL_ID_PATTERN.test(v.model))) {
    throw new PictorError('badInput', `Invalid arguments for ${command}: model must be a Gemini model id.`);
  }
  if (v.confirmCost !== undefined && typeof v.confirmCost !== 'boolean') {
    throw new PictorError('badInput', `Invalid arguments for ${command}: confirmCost must be true or false.`);
  }
  return {
    count: v.count as number | undefined,
    allowChangedInputs: v.allowChangedInputs === true,
    ...(v.cancellationToken ? { cancellationToken: v.cancellationToken as CancellationTokenLike } : {}),
    ...(typeof v.model === 'string' ? { model: v.model } : {}),
    ...(typeof v.confirmCost === 'boolean' ? { confirmCost: v.confirmCost } : {}),
  };
}

/** Rebuilds the recorded request; inputs are re-read and their sha256 compared with the record. */
function replayFromSidecar(sidecar: Sidecar, count: number, folder: vscode.WorkspaceFolder | undefined, model?: string): Promise<{ spec: GenerationSpec; changed: string[] }> {
  // Recorded paths are relative to the sidecar's own workspace folder (multi-root).
  // A path that climbs (`..`) goes through resolveWorkspaceFile's own refusal instead.
  const locate = (recorded: string) => (folder && !recorded.split('/').includes('..') ? vscode.Uri.joinPath(folder.uri, ...recorded.split('/')) : resolveWorkspaceFile(recorded));
  return replaySpec(sidecar, count, workspaceFilePort, locate, model);
}

async function run(
  services: Services,
  uri: unknown,
  args: unknown,
  command: 'pictor.generateVariations' | 'pictor.regenerateFromSidecar',
  modelOverride?: string,
): Promise<CommandResult | undefined> {
  const options = optionsFromArgs(args);
  if (options) {
    return runScripted(services, command, async () => {
      const outcome = await replay(services, uri, options, command, false);
      if (!outcome) throw new PictorError('cancelled', 'Cancelled.');
      return { outcome };
    });
  }
  try {
    if (!modelOverride && (await offeredEditInstead(uri))) return undefined;
    const outcome = await replay(services, uri, modelOverride ? { model: modelOverride } : undefined, command, true);
    if (outcome) void presentOutcome(services, outcome);
    return outcome && toCommandResult(outcome);
  } catch (error) {
    reportFailure(services, error, {
      retry: () => run(services, uri, args, command, modelOverride),
      useModel: (model) => run(services, uri, args, command, model),
    });
    return undefined;
  }
}

/** Re-runs the recorded request; asks (count, changed inputs, key) only when interactive. */
async function replay(
  services: Services,
  uri: unknown,
  options: Record<string, unknown> | undefined,
  command: 'pictor.generateVariations' | 'pictor.regenerateFromSidecar',
  interactive: boolean,
): Promise<GenerationOutcome<vscode.Uri> | undefined> {
  const opts = replayOptions(options, command);
  const target = targetUri(uri);
  const { sidecar } = await recordOrEmbedded(target);
  // A retired model is refused before anything is asked or read: the message names its replacement.
  assertModelAvailable(opts.model ?? sidecar.model);
  const imageUri = imageUriFor(target);
  let count = opts.count ?? 1;
  if (interactive && command === 'pictor.generateVariations') {
    const picked = await vscode.window.showQuickPick(['1', '2', '3', '4'], { title: 'Pictor: How many variations?', ignoreFocusOut: true });
    if (!picked) return undefined;
    count = Number(picked);
  }
  const { spec, changed } = await replayFromSidecar(sidecar, count, vscode.workspace.getWorkspaceFolder(imageUri), opts.model);
  if (changed.length) {
    const message = `These inputs changed since the image was made: ${changed.join(', ')}.`;
    if (!interactive && !opts.allowChangedInputs) throw new PictorError('badInput', `${message} Pass { allowChangedInputs: true } to use them as they are now.`);
    if (interactive) {
      const go = await vscode.window.showWarningMessage(message, { modal: true }, 'Use Current Files');
      if (go !== 'Use Current Files') return undefined;
    }
  }
  if (interactive && command === 'pictor.regenerateFromSidecar' && !(await confirmRegenerate(imageUri, spec))) return undefined;
  if (interactive && !(await ensureKeyInteractively(services))) return undefined;
  const title = command === 'pictor.generateVariations' ? `Pictor: Generating ${count} variation${count > 1 ? 's' : ''}` : 'Pictor: Regenerating from sidecar';
  // A transparent or exact-size image is made the same way again.
  const postprocessing = replayPostprocessing(sidecar, keepMatteSources());
  return generateWithProgress(services, spec, planBeside(workspaceFilePort, imageUri, sidecar), title, { preserveFocus: !interactive }, interactive ? INTERACTIVE : scripted(opts), postprocessing);
}

/**
 * Regenerating repeats a paid request with one click (palette, menu, CodeLens), so it asks first, naming
 * the model, size and estimated cost. Scripts (an argument object) are not asked.
 */
async function confirmRegenerate(imageUri: vscode.Uri, spec: GenerationSpec): Promise<boolean> {
  const what = [modelInfo(spec.model).label.replace(/ \(.*\)$/, ''), spec.imageSize, spec.aspectRatio].filter(Boolean).join(', ');
  const cost = formatApproxUsd(estimateChoicesCostUsd(spec, spec.count));
  const go = await vscode.window.showWarningMessage(
    `Regenerate ${vscode.workspace.asRelativePath(imageUri, false)}?`,
    { modal: true, detail: `This sends the recorded request again (${what}): a paid request, ${cost}. The new image is saved beside it; nothing is replaced.` },
    'Regenerate',
  );
  return go === 'Regenerate';
}

/**
 * Variations and Regenerate need the record of how an image was made. Started on an image without one,
 * they offer Edit Image instead (true when the offer was shown, whatever the answer).
 */
async function offeredEditInstead(uri: unknown): Promise<boolean> {
  const target = urisFromArgs(uri, undefined)[0] ?? activeImageUri();
  if (!target || SIDECAR_SUFFIX.test(target.path) || !isImagePath(target)) return false;
  if (await readSidecarOf(resolveWorkspaceFile(target)).catch(() => true)) return false;
  // The record embedded in the image serves as well as a sidecar file.
  if (await embeddedSidecarOfFile(workspaceFilePort, resolveWorkspaceFile(target))) return false;
  const name = vscode.workspace.asRelativePath(target, false);
  const choice = await vscode.window.showWarningMessage(
    `${name} has no Pictor sidecar, so there is no recorded prompt to repeat. Edit it with a new instruction instead?`,
    'Edit Image…',
  );
  if (choice === 'Edit Image…') await vscode.commands.executeCommand('pictor.editImage', target);
  return true;
}

const variations = (services: Services, uri: unknown, args: unknown) => run(services, uri, args, 'pictor.generateVariations');
const regenerate = (services: Services, uri: unknown, args: unknown) => run(services, uri, args, 'pictor.regenerateFromSidecar');

/** The image's sidecar file or, when there is none, the record embedded in the image itself. */
const recordOrEmbedded = (target: vscode.Uri) => requireRecordOf(target);

/**
 * Opens the image's record: its sidecar, or the copy embedded in the image (as an unsaved JSON document).
 * Scripted (an argument object given): opens nothing and resolves with the sidecar object, or rejects.
 */
async function showPrompt(services: Services, uri: unknown, args: unknown): Promise<vscode.Uri | Sidecar | undefined> {
  if (optionsFromArgs(uri, args)) {
    try {
      return (await recordOrEmbedded(targetUri(uri))).sidecar;
    } catch (error) {
      const failure = error instanceof PictorError ? error : new PictorError('badInput', String(error));
      services.log.error(`pictor.showPrompt failed (${failure.code}): ${failure.message}`);
      throw failure;
    }
  }
  try {
    const target = targetUri(uri);
    const found = await recordOrEmbedded(target);
    if (found.uri) {
      await vscode.window.showTextDocument(found.uri, { preview: true });
      return found.uri;
    }
    services.log.info(`${workspaceRelativePath(target)} has no sidecar file; showing the record embedded in the image`);
    const document = await vscode.workspace.openTextDocument({ language: 'json', content: serializeSidecar(found.sidecar) });
    await vscode.window.showTextDocument(document, { preview: true });
    return document.uri;
  } catch (error) {
    reportFailure(services, error);
    return undefined;
  }
}

/** "Regenerate" and "Variations" at the top of every sidecar file. */
class SidecarCodeLens implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!SIDECAR_SUFFIX.test(document.uri.path) || !/"version"\s*:\s*1/.test(document.getText(new vscode.Range(0, 0, 40, 0)))) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    return [
      new vscode.CodeLens(top, { title: '$(refresh) Regenerate', command: 'pictor.regenerateFromSidecar', arguments: [document.uri] }),
      new vscode.CodeLens(top, { title: '$(copy) Generate Variations', command: 'pictor.generateVariations', arguments: [document.uri] }),
      new vscode.CodeLens(top, { title: '$(file-media) Open Image', command: 'vscode.open', arguments: [imageUriFor(document.uri)] }),
    ];
  }
}
