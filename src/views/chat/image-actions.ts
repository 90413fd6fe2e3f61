import type * as vscode from 'vscode';
import type { ChatEngine } from '../../chat/engine';
import { describeExchange } from '../../core/conversation';
import { runSharedImageAction, workspaceImage } from '../shared/image-actions';
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

/** The toolbar under a generated image: the chat's own two actions, and the ones every view shares. */
export async function runImageAction(action: ImageAction, path: string, context: ImageActionContext): Promise<void> {
  switch (action) {
    case 'useAsReference':
      await context.useAsReference(workspaceImage(path));
      return;
    case 'editInNewChat':
      await context.editInNewChat(workspaceImage(path));
      return;
    default:
      await runSharedImageAction(action, path, () => promptOf(path, context));
  }
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
