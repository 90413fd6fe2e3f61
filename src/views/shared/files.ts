import * as vscode from 'vscode';
import { PictorError } from '../../core/errors';
import { sniffImageMime } from '../../core/image-info';
import { isConvertedInputMimeType, isInputMimeType, unsupportedInputMessage } from '../../core/input-formats';
import { candidateFileNames, extensionForMime } from '../../core/naming';
import { writeNewImage } from '../../workspace/file-port';
import { resolveOutputFolder } from '../../workspace/files';
import { outputFolderSetting } from '../../workspace/settings';

/** The URIs of a drop, without the ones that do not parse (the webview is untrusted input). */
export function droppedUris(texts: readonly string[]): vscode.Uri[] {
  return texts.flatMap((text) => {
    try {
      return [asWorkspaceUri(vscode.Uri.parse(text, true))];
    } catch {
      return [];
    }
  });
}

/** Saves a pasted image into the output folder, so it can be referenced like any other file. */
export async function savePastedImage(data: string): Promise<vscode.Uri> {
  const bytes = new Uint8Array(Buffer.from(data, 'base64'));
  // The bytes decide; a pasted GIF is kept as it is and converted when it is sent, like any GIF.
  const mimeType = sniffImageMime(bytes);
  if (!mimeType || !(isInputMimeType(mimeType) || isConvertedInputMimeType(mimeType))) {
    throw new PictorError('badInput', unsupportedInputMessage('The pasted data', mimeType));
  }
  const dir = resolveOutputFolder(outputFolderSetting()).dir;
  return writeNewImage(dir, candidateFileNames('pasted-image', extensionForMime(mimeType)), bytes);
}

/** Links come from model text, so only web links are opened. */
export async function openWebLink(text: string): Promise<void> {
  let url: vscode.Uri;
  try {
    url = vscode.Uri.parse(text, true);
  } catch {
    throw new PictorError('badInput', 'That link is not a valid web address.');
  }
  if (url.scheme !== 'https' && url.scheme !== 'http') throw new PictorError('badInput', 'Only web links can be opened.');
  await vscode.env.openExternal(url);
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
