import * as vscode from 'vscode';
import { PictorError, cancelled } from '../../core/errors';
import { PRESET_ID_PATTERN, renderPreset, type PresetDefinition } from '../../core/presets';
import type { Services } from '../../services';
import { primaryWorkspaceFolder, workspaceRelativePath } from '../../workspace/files';
import { errorActions, type ErrorActionView, type ErrorFacts } from '../../core/error-actions';
import { runErrorAction } from '../../ui/errors';
import { handleSharedRequest } from '../shared/requests';
import { runSharedImageAction, workspaceImage } from '../shared/image-actions';
import { generateLabel, previewPrompt, specFromForm } from './form';
import type { FromWebview, StudioForm, ToWebview } from './protocol';
import type { StudioRuns } from './runs';
import type { ThumbnailCache } from './thumbnails';
import { galleryPage, savedImageView } from './views';

export type StudioRequest = Exclude<FromWebview, { type: 'ready' | 'formChanged' }>;

export interface StudioRequestContext {
  services: Services;
  webview: vscode.Webview;
  runs: StudioRuns;
  thumbnails: ThumbnailCache;
  post(message: ToWebview): void;
  pickReferences(): Promise<void>;
  addReferences(uris: readonly vscode.Uri[]): void;
  /** Applies fields to the form (the "Use …" action of a retired model's error). */
  preselect(form: Partial<StudioForm>): void;
}

/** Failures of variants, by `runId:index`: an error card's action is run with the host's facts, not the webview's. */
const failures = new Map<string, ErrorFacts>();

function variantError(runId: number, index: number, error: PictorError): { code: string; message: string; actions: ErrorActionView[] } {
  failures.set(`${runId}:${index}`, error);
  // Generate again is the retry; the form is right there to edit.
  return { code: error.code, message: error.message, actions: errorActions(error, { retry: false, editPrompt: false }) };
}

/**
 * Carries out one validated request from the Studio webview; the value goes back in the reply.
 * Failures are thrown; the panel turns them into error replies.
 */
export async function handleStudioRequest(message: StudioRequest, context: StudioRequestContext): Promise<unknown> {
  const { services, webview } = context;
  switch (message.type) {
    case 'preview':
      return previewPrompt(message.form, services.presets);
    case 'estimate':
      return generateLabel(message.form, services.presets);
    case 'generate': {
      const { spec, plan } = await specFromForm(message.form, services.presets);
      return context.runs.start(message.runId, spec, plan, message.form.variants, {
        saved: (index, image, grounding) => context.post({ type: 'variant', runId: message.runId, index, result: savedImageView(webview, image), grounding: grounding ?? null }),
        failed: (index, error) => context.post({ type: 'variantFailed', runId: message.runId, index, error: variantError(message.runId, index, error) }),
      }, { transparent: !!message.form.transparent });
    }
    case 'cancel':
      context.runs.cancel(message.runId);
      return undefined;
    case 'pickReferences':
      await context.pickReferences();
      return undefined;
    case 'pickOutputFolder':
      return pickOutputFolder();
    case 'gallery':
      return galleryPage(webview, services.gallery, message.search);
    case 'thumbnail':
      return webview.asWebviewUri(await context.thumbnails.thumbnailOf(workspaceImage(message.path))).toString();
    case 'errorAction':
      await runErrorAction(message.action, failures.get(`${message.runId}:${message.index}`) ?? { code: 'server' }, {
        useModel: (model) => context.preselect({ model }),
      });
      return undefined;
    case 'savePreset':
      return saveAsWorkspacePreset(message.form, services);
    case 'imageAction':
      if (message.action === 'discard') return discard(message.path);
      await runSharedImageAction(message.action, message.path, async () => services.gallery.recordOf(workspaceImage(message.path))?.prompt ?? 'Generated image');
      return undefined;
    default:
      // Drop and paste bring references; links and error actions need nothing more.
      context.addReferences(await handleSharedRequest(message));
      return undefined;
  }
}

/**
 * Discard: the image and its sidecar go to the OS trash (so a slip can be undone from there). Where the
 * file system has no trash (some remote ones), deleting for good is asked first.
 * @throws PictorError `cancelled` when the user keeps the files
 */
async function discard(path: string): Promise<string> {
  const uri = workspaceImage(path);
  const files = [uri, uri.with({ path: `${uri.path}.json` })];
  let useTrash = true;
  try {
    await vscode.workspace.fs.delete(uri, { useTrash });
  } catch (error) {
    if (!/trash/i.test(String((error as Error)?.message ?? error))) throw error;
    const choice = await vscode.window.showWarningMessage(
      `This file system has no trash. Delete ${path} and its sidecar for good?`,
      { modal: true },
      'Delete for Good',
    );
    if (choice !== 'Delete for Good') throw cancelled();
    useTrash = false;
    await vscode.workspace.fs.delete(uri, { useTrash });
  }
  await vscode.workspace.fs.delete(files[1]!, { useTrash }).then(undefined, () => undefined);
  return path;
}

/** A folder of the workspace for the results, as a workspace-relative path; undefined when none was chosen. */
async function pickOutputFolder(): Promise<string | undefined> {
  const folder = primaryWorkspaceFolder();
  const picked = await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, defaultUri: folder.uri, openLabel: 'Save Results Here' });
  const uri = picked?.[0];
  if (!uri) return undefined;
  if (!vscode.workspace.getWorkspaceFolder(uri)) throw new PictorError('badInput', 'Choose a folder inside the workspace.');
  return workspaceRelativePath(uri) || '.';
}

/**
 * Saves the form as a workspace preset: the preset's text with the fields as filled in, the prompt a
 * `{{prompt}}` placeholder, the chosen model and shape as defaults. Never replaces another preset
 * without asking.
 * @returns `saved` or `kept` (the user declined to replace), or undefined when the user cancelled
 */
async function saveAsWorkspacePreset(form: StudioForm, services: Services): Promise<'saved' | 'kept' | undefined> {
  const base = await services.presets.require(form.preset);
  const template = presetTemplateOf(form, base);
  const id = await vscode.window.showInputBox({
    title: 'Save as Workspace Preset (1/2)',
    prompt: 'An id for the preset: lowercase words joined by "-"',
    value: base.source === 'workspace' ? base.id : `my-${base.id}`,
    validateInput: (v) => (PRESET_ID_PATTERN.test(v) ? undefined : 'Use lowercase letters, digits and "-", such as team-icon.'),
  });
  if (!id) return undefined;
  const label = await vscode.window.showInputBox({ title: 'Save as Workspace Preset (2/2)', prompt: 'Its name in the preset picker', value: base.source === 'workspace' ? base.label : `${base.label} (workspace)` });
  if (!label?.trim()) return undefined;
  const preset: Omit<PresetDefinition, 'source'> = {
    id,
    label: label.trim(),
    group: base.group,
    description: `Saved from the Studio, based on ${base.label}`,
    template,
    fields: [],
    defaults: { model: form.model, aspectRatio: form.aspectRatio, ...(form.imageSize ? { imageSize: form.imageSize } : {}) },
  };
  const outcome = await services.presets.saveWorkspacePreset(primaryWorkspaceFolder(), preset, async (existing) => {
    const replace = await vscode.window.showWarningMessage(
      `The workspace already has a preset "${existing.id}" (${existing.label}). Replace it?`,
      { modal: true },
      'Replace',
    );
    return replace === 'Replace';
  });
  if (outcome === 'saved') void vscode.window.showInformationMessage(`Pictor: Saved the workspace preset "${label.trim()}".`);
  return outcome;
}

/** The template a saved preset gets: the edited prompt, or the preset's rendering, with the user's words as `{{prompt}}`. */
function presetTemplateOf(form: StudioForm, base: PresetDefinition): string {
  const marker = '\u0000prompt\u0000';
  const prompt = form.prompt.trim();
  if (form.promptOverride?.trim()) {
    const text = form.promptOverride.trim();
    return prompt && text.includes(prompt) ? text.replace(prompt, '{{prompt}}') : `${text}\n\n{{prompt}}`;
  }
  const fields = Object.fromEntries(Object.entries(form.fields).filter(([id, v]) => v !== '' && base.fields.some((f) => f.id === id)));
  return renderPreset(base, marker, fields).replace(marker, '{{prompt}}');
}
