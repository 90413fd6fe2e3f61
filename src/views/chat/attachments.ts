import * as vscode from 'vscode';
import { PictorError } from '../../core/errors';
import { inspectImage } from '../../core/image-info';
import { isInputMimeType } from '../../core/models';
import { candidateFileNames, extensionForMime } from '../../core/naming';
import { isImagePath } from '../../commands/targets';
import { resolveOutputFolder, resolveWorkspaceFile, workspaceRelativePath, writeNewImage } from '../../workspace/files';
import { outputFolderSetting } from '../../workspace/settings';
import type { AttachmentView } from './protocol';

/**
 * Attachments as the webview shows them. Only images inside the workspace qualify (the request
 * refers to them by workspace path); anything else is skipped.
 */
export function attachmentViews(uris: readonly vscode.Uri[], webview: vscode.Webview | undefined): AttachmentView[] {
  const views: AttachmentView[] = [];
  for (const uri of uris) {
    let inside: vscode.Uri;
    try {
      inside = resolveWorkspaceFile(asWorkspaceUri(uri));
    } catch {
      continue;
    }
    if (!isImagePath(inside)) continue;
    const path = workspaceRelativePath(inside);
    views.push({ path, name: path.split('/').pop() ?? path, src: webview ? webview.asWebviewUri(inside).toString() : '' });
  }
  return views;
}

/** The URIs of a drop, without the ones that do not parse (the webview is untrusted input). */
export function droppedUris(texts: readonly string[]): vscode.Uri[] {
  return texts.flatMap((text) => {
    try {
      return [vscode.Uri.parse(text, true)];
    } catch {
      return [];
    }
  });
}

/** Saves a pasted image into the output folder, so it can be referenced like any other file. */
export async function savePastedImage(data: string): Promise<vscode.Uri> {
  const bytes = new Uint8Array(Buffer.from(data, 'base64'));
  const info = inspectImage(bytes);
  if (!info || !isInputMimeType(info.mimeType)) {
    throw new PictorError('badInput', 'The pasted data is not a PNG, JPEG, WebP or GIF image.');
  }
  const dir = resolveOutputFolder(outputFolderSetting()).dir;
  return writeNewImage(dir, candidateFileNames('pasted-image', extensionForMime(info.mimeType)), bytes);
}

/**
 * Files dragged from the Explorer arrive as the workbench names them, which in a browser-based or
 * remote window is `vscode-remote://authority/path` while the extension host knows `file:///path`:
 * the same file when the path lies in a workspace folder.
 */
function asWorkspaceUri(uri: vscode.Uri): vscode.Uri {
  if (vscode.workspace.getWorkspaceFolder(uri)) return uri;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const base = folder.uri.path.replace(/\/+$/, '');
    if (uri.path.startsWith(`${base}/`)) return folder.uri.with({ path: uri.path });
  }
  return uri;
}
