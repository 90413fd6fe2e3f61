import * as vscode from 'vscode';
import { PictorError } from '../core/errors';
import { altTextFrom, formatImageLink, linkStyleFor, promptFromSelection, relativeLinkPath } from '../core/insert-link';
import { parseArgs, generateArgsSchema } from '../core/spec';
import type { Services } from '../services';
import type { ImageChoices } from '../ui/choice-summary';
import { askKindAndConfirm, askPrompt } from '../ui/generate-steps';
import { workspaceRelativePath } from '../workspace/files';
import { readSidecarOf } from '../workspace/sidecars';
import { insertImageLink } from '../ui/insert-link';
import { isImagePath, urisFromArgs } from '../ui/targets';
import { defaultImageSize, defaultModel } from '../workspace/settings';
import { specFromArgs } from '../ui/generation-spec';
import { ensureKeyInteractively, generateWithProgress, INTERACTIVE, scripted as scriptedApproval, reportFailure, toCommandResult, type CommandResult } from './run';
import * as z from 'zod/mini';

const insertArgsSchema = z.strictObject({
  ...generateArgsSchema.shape,
  prompt: z.optional(generateArgsSchema.shape.prompt),
});

/** Where the kind step starts on Diagram: Markdown documents. */
const DIAGRAM_FIRST = ['markdown', 'mdx'];

export const INSERT_LANGUAGES = ['markdown', 'mdx', 'html', 'javascriptreact', 'typescriptreact', 'vue', 'svelte'];

export function registerInsertCommands(services: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('pictor.insertImage', (args?: unknown) => insertImage(services, args)),
    vscode.commands.registerCommand('pictor.insertLink', (image?: unknown, args?: unknown) => insertLink(services, image, args)),
  ];
}

const insertLinkArgsSchema = z.optional(z.strictObject({ alt: z.optional(z.string().check(z.maxLength(500))) }));

/**
 * `pictor.insertLink(image, { alt? })`: a link to an existing workspace image at the cursor (relative to
 * the document, in its language's style), or on the clipboard without an editor. Resolves to the text.
 * The alt text defaults to the start of the image's prompt.
 * @throws PictorError `badInput` for a file that is not an image inside the workspace
 */
async function insertLink(services: Services, image: unknown, args: unknown): Promise<string> {
  const uri = urisFromArgs(image, undefined)[0];
  if (!uri || !isImagePath(uri)) throw new PictorError('badInput', 'pictor.insertLink needs a workspace image (Uri or workspace-relative path).');
  const { alt } = parseArgs(insertLinkArgsSchema, args, 'pictor.insertLink') ?? {};
  const prompt = alt ?? (await readSidecarOf(uri).catch(() => undefined))?.sidecar.prompt ?? '';
  services.log.for('commands').info(`insert link to ${workspaceRelativePath(uri)}`);
  return insertImageLink(workspaceRelativePath(uri), altTextFrom(prompt || (uri.path.split('/').pop() ?? 'image')));
}

/**
 * Generates an image and writes a relative link at the cursor (after the selection, which is kept).
 * With an argument object it runs without prompts and resolves to the result plus the inserted text.
 */
async function insertImage(services: Services, args?: unknown): Promise<(CommandResult & { inserted: string }) | undefined> {
  const editor = vscode.window.activeTextEditor;
  const scripted = args !== undefined && args !== null && typeof args === 'object' && !(args instanceof vscode.Uri);
  try {
    if (!editor) throw new PictorError('badInput', 'Open a Markdown, HTML, JSX, TSX, Vue or Svelte file to insert an image into.');
    if (editor.document.isUntitled || !vscode.workspace.getWorkspaceFolder(editor.document.uri)) {
      throw new PictorError('badInput', 'Save the file inside the workspace first, so the image link can be relative to it.');
    }
    const document = editor.document;
    const selection = editor.selection;
    const selected = selection.isEmpty ? '' : document.getText(selection);
    const fromSelection = selected ? promptFromSelection(selected) : undefined;
    const given = scripted ? parseArgs(insertArgsSchema, args, 'pictor.insertImage') : undefined;
    let prompt = given?.prompt ?? fromSelection?.prompt;
    let chosen: ImageChoices | undefined;
    if (!scripted) {
      const title = 'Pictor: Insert Generated Image';
      prompt = await askPrompt(
        `${title} (1/3): Prompt`,
        prompt,
        fromSelection ? 'Generated from the selection; edit if you like' : 'Describe the image to insert here',
      );
      if (!prompt) return undefined;
      // Kind, model and shape as in Generate Image; a README or doc page most often wants a diagram.
      const preset = fromSelection?.diagram || DIAGRAM_FIRST.includes(document.languageId) ? 'diagram' : 'blank';
      chosen = await askKindAndConfirm(title, { kind: '(2/3)', summary: '(3/3)' }, { model: defaultModel(), imageSize: defaultImageSize(), preset }, 1);
      if (!chosen) return undefined;
      if (!(await ensureKeyInteractively(services))) return undefined;
    }
    if (!prompt?.trim()) throw new PictorError('badInput', 'Invalid arguments for pictor.insertImage: give a prompt or select text in the editor.');
    const preset = chosen?.preset ?? given?.preset ?? (fromSelection?.diagram ? 'diagram' : 'blank');
    // The image goes into the output folder of the document's own workspace folder (multi-root).
    const { spec, plan } = await specFromArgs({ ...given, ...chosen, prompt, preset, count: 1 }, services.presets, vscode.workspace.getWorkspaceFolder(document.uri));
    const outcome = await generateWithProgress(services, spec, plan, 'Pictor: Generating image to insert', undefined, given ? scriptedApproval(given) : INTERACTIVE);
    const image = outcome.images[0];
    if (!image) throw new PictorError('noImage', 'Gemini returned no image.');
    const docPath = workspaceRelativePath(document.uri);
    const link = formatImageLink(
      linkStyleFor(document.languageId),
      relativeLinkPath(docPath.split('/').slice(0, -1).join('/'), workspaceRelativePath(image.uri)),
      altTextFrom(fromSelection?.diagram && prompt === fromSelection.prompt ? 'Diagram' : prompt),
    );
    const at = selection.isEmpty ? selection.active : selection.end;
    const text = selection.isEmpty ? link : `\n\n${link}\n`;
    // A workspace edit still lands if the user switched editors while the image was generated.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, at, text);
    const ok = await vscode.workspace.applyEdit(edit);
    if (!ok) throw new PictorError('badInput', 'The editor changed while the image was generated; the link was not inserted. The image is saved.');
    return { ...toCommandResult(outcome), inserted: link };
  } catch (error) {
    if (scripted) {
      services.log.for('commands').error(`pictor.insertImage failed: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
    reportFailure(services, error, { retry: () => insertImage(services, args) });
    return undefined;
  }
}
