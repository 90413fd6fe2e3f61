import * as vscode from 'vscode';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { PictorError } from '../core/errors';
import { normalizeRelativeFolder, unsafeFolderReason } from '../core/naming';
import type { InputImage, UriLike } from '../core/spec';
import { readInputImageAt } from '../files/input-image';
import { isRealPathInside } from '../writer/local-files';
import { workspaceFilePort } from './file-port';

/** All workspace file I/O goes through `workspace.fs`, so remote and virtual workspaces work. */

export interface OutputLocation {
  folder: vscode.WorkspaceFolder;
  dir: vscode.Uri;
}

export function primaryWorkspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    throw new PictorError('badInput', 'Open a folder first: Pictor saves images into the workspace.');
  }
  return folder;
}

/** Resolves a workspace-relative output folder, refusing anything that would leave the workspace. */
export function resolveOutputFolder(relative: string, folder = primaryWorkspaceFolder()): OutputLocation {
  const normalized = normalizeRelativeFolder(relative);
  if (normalized === undefined) {
    throw new PictorError(
      'badInput',
      `The output folder "${relative}" is outside the workspace. Use a workspace-relative folder such as assets/generated.`,
      { setting: 'pictor.outputFolder' },
    );
  }
  const unsafe = unsafeFolderReason(normalized);
  if (unsafe) {
    throw new PictorError('badInput', `The output folder "${normalized}" cannot be made on every system: ${unsafe}. Choose another output folder.`, {
      setting: 'pictor.outputFolder',
    });
  }
  const dir = normalized ? vscode.Uri.joinPath(folder.uri, ...normalized.split('/')) : folder.uri;
  return { folder, dir };
}

/** `a/b/c.png` relative to its workspace folder, with `/`. */
export function workspaceRelativePath(uri: vscode.Uri): string {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const name = uri.path.split('/').pop() ?? 'image';
  if (!folder) return name;
  const prefix = `${folder.uri.path.replace(/\/+$/, '')}/`;
  // getWorkspaceFolder ignores case where the file system does (Windows, macOS), so compare the same way;
  // whatever happens, never an absolute path.
  return uri.path.startsWith(prefix) || uri.path.toLowerCase().startsWith(prefix.toLowerCase()) ? uri.path.slice(prefix.length) : name;
}

/** A reference given as a workspace-relative path or a URI string; it must be inside the workspace. */
export function resolveWorkspaceFile(reference: string | vscode.Uri | UriLike): vscode.Uri {
  const uri = toUri(reference);
  // A decoded `\` (`%5C`) would be a separator on Windows, out of sight of the `..` check.
  if (!vscode.workspace.getWorkspaceFolder(uri) || uri.path.split('/').includes('..') || uri.path.includes('\\')) {
    throw outsideWorkspace(typeof reference === 'string' ? reference : reference.toString());
  }
  return uri;
}

function toUri(reference: string | vscode.Uri | UriLike): vscode.Uri {
  if (reference instanceof vscode.Uri) return reference;
  try {
    if (typeof reference !== 'string') {
      // A Uri that crossed an extension boundary as plain data.
      const parts = reference as UriLike & { authority?: string; query?: string; fragment?: string };
      return vscode.Uri.from({ scheme: parts.scheme, authority: parts.authority, path: parts.path, query: parts.query, fragment: parts.fragment });
    }
    if (/^[a-z][a-z0-9+.-]+:\/\//i.test(reference)) return vscode.Uri.parse(reference, true);
    // An absolute file path is accepted when it lies in an open folder (checked by the caller).
    if (path.isAbsolute(reference)) return vscode.Uri.file(reference);
  } catch (error) {
    throw new PictorError('badInput', `${String(typeof reference === 'string' ? reference : JSON.stringify(reference))} is not a valid file reference.`, { cause: error });
  }
  const normalized = normalizeRelativeFolder(reference);
  if (!normalized) throw outsideWorkspace(reference);
  return vscode.Uri.joinPath(primaryWorkspaceFolder().uri, ...normalized.split('/'));
}

function outsideWorkspace(what: string): PictorError {
  return new PictorError('badInput', `${what} is outside the workspace; Pictor only reads and writes files in the open folders.`);
}

/** Reads an input image, checking existence, size and real type (by content) before any request. */
export async function readInputImage(reference: string | vscode.Uri | UriLike, role: InputImage['role']): Promise<InputImage> {
  return readInputImageAt(workspaceFilePort, resolveWorkspaceFile(reference), role);
}

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * Replaces `target` with `bytes` through a temporary file, so readers see the old or the new content
 * (Pictor's own storage). Local files are renamed by Node, which replaces in one step; VS Code's rename
 * with overwrite deletes the target first.
 */
export async function replaceFileAtomically(target: vscode.Uri, bytes: Uint8Array): Promise<void> {
  const dir = vscode.Uri.joinPath(target, '..');
  await vscode.workspace.fs.createDirectory(dir);
  const temp = vscode.Uri.joinPath(dir, `.${target.path.split('/').pop() ?? 'file'}.${Math.random().toString(36).slice(2, 10)}.pictor-tmp`);
  try {
    await vscode.workspace.fs.writeFile(temp, bytes);
    if (temp.scheme === 'file') await fs.rename(temp.fsPath, target.fsPath);
    else await vscode.workspace.fs.rename(temp, target, { overwrite: true });
  } catch (error) {
    await vscode.workspace.fs.delete(temp, { useTrash: false }).then(undefined, () => undefined);
    throw error;
  }
}

/**
 * Lexical checks cannot see symbolic links: a link inside the workspace may lead out of it. For local
 * files, the real path of `uri` (or of its nearest existing ancestor) must lie in its workspace folder.
 */
export async function assertRealPathInWorkspace(uri: vscode.Uri): Promise<void> {
  if (uri.scheme !== 'file') return;
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) throw outsideWorkspace(uri.toString());
  if (!(await isRealPathInside(folder.uri.fsPath, uri.fsPath))) {
    throw new PictorError('badInput', `${workspaceRelativePath(uri)} leads outside the workspace through a symbolic link; Pictor only reads and writes files in the open folders.`);
  }
}
