import type * as vscode from 'vscode';
import type { ConversationStore } from '../../chat/store';
import { isImagePath } from '../../ui/targets';
import { readInputImage, resolveWorkspaceFile } from '../../workspace/files';
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
      inside = resolveWorkspaceFile(uri);
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
