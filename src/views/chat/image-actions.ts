import * as vscode from 'vscode';
import type { ChatEngine } from '../../chat/engine';
import { describeExchange } from '../../core/conversation';
import { PictorError } from '../../core/errors';
import { altTextFrom, formatImageLink, linkStyleFor, relativeLinkPath } from '../../core/insert-link';
import { isImagePath } from '../../ui/targets';
import { resolveWorkspaceFile, workspaceRelativePath } from '../../workspace/files';
import type { ImageAction } from './protocol';

/** What an image action needs from the view. */
export interface ImageActionContext {
  engine: ChatEngine;
  /** The conversation shown: its turns tell which prompt made an image (for a link's alt text). */
  currentId: string | null;
  /** Attaches the image to the prompt being written. */
  useAsReference(uri: vscode.Uri): Promise<void>;
  /** Starts a new chat with the image attached. */
  editInNewChat(uri: vscode.Uri): Promise<void>;
}

/** The toolbar under a generated image. The path comes from the webview, so it is checked to be a workspace image first. */
export async function runImageAction(action: ImageAction, path: string, context: ImageActionContext): Promise<void> {
  const uri = resolveWorkspaceFile(path);
  if (!isImagePath(uri)) throw new PictorError('badInput', `${path} is not an image.`);
  const relative = workspaceRelativePath(uri);
  switch (action) {
    case 'open':
      await vscode.commands.executeCommand('vscode.open', uri, { preview: false });
      return;
    case 'reveal':
      await vscode.commands.executeCommand('revealInExplorer', uri);
      return;
    case 'copyPath':
      await vscode.env.clipboard.writeText(relative);
      void vscode.window.setStatusBarMessage(`Copied ${relative}`, 3000);
      return;
    case 'insertLink':
      await insertLink(relative, context);
      return;
    case 'useAsReference':
      await context.useAsReference(uri);
      return;
    case 'editInNewChat':
      await context.editInNewChat(uri);
      return;
  }
}

/** A relative link at the cursor of the last active editor, or on the clipboard when there is none. */
async function insertLink(relative: string, context: ImageActionContext): Promise<void> {
  const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
  const alt = altTextFrom(await promptOf(relative, context));
  if (!editor || editor.document.isUntitled || !vscode.workspace.getWorkspaceFolder(editor.document.uri)) {
    await vscode.env.clipboard.writeText(formatImageLink('markdown', relative, alt));
    void vscode.window.showInformationMessage('Pictor: No editor to insert into; the Markdown link is on the clipboard.');
    return;
  }
  const docDir = workspaceRelativePath(editor.document.uri).split('/').slice(0, -1).join('/');
  const link = formatImageLink(linkStyleFor(editor.document.languageId), relativeLinkPath(docDir, relative), alt);
  const edit = new vscode.WorkspaceEdit();
  edit.insert(editor.document.uri, editor.selection.active, link);
  await vscode.workspace.applyEdit(edit);
}

async function promptOf(path: string, { engine, currentId }: ImageActionContext): Promise<string> {
  if (!currentId) return 'Generated image';
  const conversation = await engine.get(currentId);
  for (const exchange of conversation?.exchanges ?? []) {
    const turn = describeExchange(exchange);
    if (turn.images.some((i) => i.path === path)) return turn.prompt;
  }
  return 'Generated image';
}
