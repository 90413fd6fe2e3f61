import * as vscode from 'vscode';
import { formatImageLink, linkStyleFor, relativeLinkPath } from '../core/insert-link';
import { workspaceRelativePath } from '../workspace/files';

/**
 * A link to the workspace image at `relative`, written at the cursor of the active (or first visible)
 * editor, relative to that document, in its language's style; on the clipboard when no editor can take it.
 * @returns the text inserted or copied
 */
export async function insertImageLink(relative: string, alt: string): Promise<string> {
  const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
  if (!editor || editor.document.isUntitled || !vscode.workspace.getWorkspaceFolder(editor.document.uri)) {
    const link = formatImageLink('markdown', relative, alt);
    await vscode.env.clipboard.writeText(link);
    void vscode.window.showInformationMessage('Pictor: No editor to insert into; the Markdown link is on the clipboard.');
    return link;
  }
  const docDir = workspaceRelativePath(editor.document.uri).split('/').slice(0, -1).join('/');
  const link = formatImageLink(linkStyleFor(editor.document.languageId), relativeLinkPath(docDir, relative), alt);
  const edit = new vscode.WorkspaceEdit();
  edit.insert(editor.document.uri, editor.selection.active, link);
  await vscode.workspace.applyEdit(edit);
  return link;
}
