import * as vscode from 'vscode';
import { PictorError } from '../../core/errors';
import { formatImageLink } from '../../core/insert-link';
import { insertImageLink } from '../../ui/insert-link';
import { isImagePath } from '../../ui/targets';
import { resolveWorkspaceFile, workspaceRelativePath } from '../../workspace/files';
import type { SharedImageAction } from './protocol';

/**
 * The image actions every webview offers. The path comes from the webview, so it is checked to be a
 * workspace image first. `altText` is asked only by the link actions.
 * @throws PictorError `badInput` when the path is not an image inside the workspace
 */
export async function runSharedImageAction(action: SharedImageAction, path: string, altText: () => Promise<string>): Promise<void> {
  const uri = workspaceImage(path);
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
    case 'copyMarkdownLink':
      await vscode.env.clipboard.writeText(formatImageLink('markdown', relative, await altText()));
      void vscode.window.setStatusBarMessage('Pictor: Markdown link copied', 3000);
      return;
    case 'insertLink':
      await insertImageLink(relative, await altText());
      return;
    case 'edit':
      await vscode.commands.executeCommand('pictor.editImage', uri);
      return;
    case 'variations':
      await vscode.commands.executeCommand('pictor.generateVariations', uri);
      return;
    case 'continueInChat':
      await vscode.commands.executeCommand('pictor.chat.addImage', uri);
      return;
  }
}

/** A path from a webview as a workspace image URI. @throws PictorError `badInput` otherwise */
export function workspaceImage(path: string): vscode.Uri {
  const uri = resolveWorkspaceFile(path);
  if (!isImagePath(uri)) throw new PictorError('badInput', `${path} is not an image.`);
  return uri;
}
