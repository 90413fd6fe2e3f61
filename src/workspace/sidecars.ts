import * as vscode from 'vscode';
import type { Sidecar } from '../core/sidecar';
import { SIDECAR_SUFFIX, imageLocationFor, readSidecarAt, requireRecordAt, sidecarLocationFor } from '../files/sidecar-files';
import { workspaceFilePort } from './file-port';
import { resolveWorkspaceFile } from './files';

export { SIDECAR_SUFFIX };

/** `x.png.json` → `x.png`; an image → itself. */
export function imageUriFor(uri: vscode.Uri): vscode.Uri {
  return imageLocationFor(workspaceFilePort, uri);
}

export function sidecarUriFor(imageUri: vscode.Uri): vscode.Uri {
  return sidecarLocationFor(workspaceFilePort, imageUri);
}

/** The sidecar of an image (or the sidecar itself), or undefined when there is none. */
export async function readSidecarOf(uri: vscode.Uri): Promise<{ sidecar: Sidecar; uri: vscode.Uri } | undefined> {
  const found = await readSidecarAt(workspaceFilePort, uri);
  return found && { sidecar: found.sidecar, uri: found.location };
}

/**
 * The image's sidecar file or, when there is none, the record embedded in the image itself.
 * @throws PictorError('badInput') when neither exists.
 */
export async function requireRecordOf(uri: vscode.Uri): Promise<{ sidecar: Sidecar; uri?: vscode.Uri }> {
  const found = await requireRecordAt(workspaceFilePort, resolveWorkspaceFile(uri));
  return { sidecar: found.sidecar, ...(found.location ? { uri: found.location } : {}) };
}
