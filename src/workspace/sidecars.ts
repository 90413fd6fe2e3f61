import * as vscode from 'vscode';
import { parseSidecar, type Sidecar } from '../core/sidecar';
import { IMAGE_FILE_PATTERN, sidecarNameFor } from '../core/naming';
import { PictorError } from '../core/errors';
import { resolveWorkspaceFile, workspaceRelativePath } from './files';

export const SIDECAR_SUFFIX = new RegExp(`${IMAGE_FILE_PATTERN.source.slice(0, -1)}\\.json$`, 'i');

/** `x.png.json` → `x.png`; an image → itself. */
export function imageUriFor(uri: vscode.Uri): vscode.Uri {
  return SIDECAR_SUFFIX.test(uri.path) ? uri.with({ path: uri.path.slice(0, -'.json'.length) }) : uri;
}

export function sidecarUriFor(imageUri: vscode.Uri): vscode.Uri {
  const name = sidecarNameFor(imageUri.path.split('/').pop() ?? '');
  return vscode.Uri.joinPath(imageUri, '..', name);
}

/** The sidecar of an image (or the sidecar itself), or undefined when there is none. */
export async function readSidecarOf(uri: vscode.Uri): Promise<{ sidecar: Sidecar; uri: vscode.Uri } | undefined> {
  const sidecarUri = SIDECAR_SUFFIX.test(uri.path) ? uri : sidecarUriFor(uri);
  let text: string;
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(sidecarUri));
  } catch {
    return undefined;
  }
  try {
    return { sidecar: parseSidecar(text), uri: sidecarUri };
  } catch (error) {
    throw new PictorError('badInput', `${workspaceRelativePath(sidecarUri)} is not a valid Pictor sidecar. Fix or remove it, then try again.`, {
      detail: error instanceof Error ? error.message : String(error),
    });
  }
}

/** Like readSidecarOf, but a missing sidecar is an error the user can act on. */
export async function requireSidecarOf(uri: vscode.Uri): Promise<{ sidecar: Sidecar; uri: vscode.Uri }> {
  const found = await readSidecarOf(resolveWorkspaceFile(uri));
  if (!found) {
    throw new PictorError('badInput', `${workspaceRelativePath(uri)} has no Pictor sidecar (${sidecarNameFor(uri.path.split('/').pop() ?? '')}), so its prompt and settings are unknown.`);
  }
  return found;
}
