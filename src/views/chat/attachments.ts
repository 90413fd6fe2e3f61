import * as vscode from 'vscode';
import type { ConversationStore } from '../../chat/store';
import { PictorError } from '../../core/errors';
import { sniffImageMime } from '../../core/image-info';
import { isConvertedInputMimeType, isInputMimeType, unsupportedInputMessage } from '../../core/input-formats';
import { candidateFileNames, extensionForMime } from '../../core/naming';
import { isImagePath } from '../../ui/targets';
import { writeNewImage } from '../../workspace/file-port';
import { readInputImage, resolveOutputFolder, resolveWorkspaceFile } from '../../workspace/files';
import { outputFolderSetting } from '../../workspace/settings';
import type { AttachmentView } from './protocol';

/**
 * Attachments as the webview shows them. Only images inside the workspace qualify (a send refers
 * to them by URI, resolved and checked again then); anything else is skipped. The thumbnail is
 * Pictor's stored copy, like every image of a conversation, so no workspace folder has to be a
 * resource root of the webview. When nothing could be attached, the first unreadable file says why.
 */
export async function attachmentViews(
  uris: readonly vscode.Uri[],
  webview: vscode.Webview | undefined,
  store: ConversationStore,
): Promise<AttachmentView[]> {
  const views: AttachmentView[] = [];
  let problem: unknown;
  for (const uri of uris) {
    let inside: vscode.Uri;
    try {
      inside = resolveWorkspaceFile(asWorkspaceUri(uri));
    } catch {
      continue;
    }
    if (!isImagePath(inside)) continue;
    try {
      const image = await readInputImage(inside, 'reference');
      await store.putImage(image.bytes, image.mimeType);
      const src = webview ? webview.asWebviewUri(store.imageUri(image)).toString() : '';
      views.push({ path: image.path, uri: inside.toString(), name: image.path.split('/').pop() ?? image.path, src });
    } catch (error) {
      problem ??= error;
    }
  }
  if (!views.length && problem) throw problem;
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
  // The bytes decide; a pasted GIF is kept as it is and converted when it is sent, like any GIF.
  const mimeType = sniffImageMime(bytes);
  if (!mimeType || !(isInputMimeType(mimeType) || isConvertedInputMimeType(mimeType))) {
    throw new PictorError('badInput', unsupportedInputMessage('The pasted data', mimeType));
  }
  const dir = resolveOutputFolder(outputFolderSetting()).dir;
  return writeNewImage(dir, candidateFileNames('pasted-image', extensionForMime(mimeType)), bytes);
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
