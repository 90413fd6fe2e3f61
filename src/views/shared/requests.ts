import type * as vscode from 'vscode';
import type * as z from 'zod/mini';
import { droppedUris, openWebLink, savePastedImage } from './files';
import type { sharedRequestSchemas } from './protocol';

/** A request every view accepts (see `sharedRequestSchemas`). */
export type SharedRequest = z.infer<(typeof sharedRequestSchemas)[number]>;

/**
 * Carries out a request every view accepts.
 * @returns the images a drop or a paste brought in (a paste is saved into the output folder first), for
 *   the view to use; nothing for the other requests
 * @throws PictorError `badInput` for pasted data that is not an accepted image, or a link that is not a web link
 */
export async function handleSharedRequest(message: SharedRequest): Promise<vscode.Uri[]> {
  switch (message.type) {
    case 'dropFiles':
      return droppedUris(message.uris);
    case 'pasteImage':
      return [await savePastedImage(message.data)];
    case 'openLink':
      await openWebLink(message.url);
      return [];
  }
}
