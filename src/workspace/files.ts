import * as vscode from 'vscode';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { PictorError } from '../core/errors';
import { inspectImage, sha256Hex } from '../core/image-info';
import { MAX_INPUT_IMAGE_BYTES, isInputMimeType } from '../core/models';
import { isPlainFileName, normalizeRelativeFolder, sidecarNameFor } from '../core/naming';
import type { InputImage, UriLike } from '../core/spec';

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
  const uri = resolveWorkspaceFile(reference);
  const path = workspaceRelativePath(uri);
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(uri);
  } catch {
    throw new PictorError('badInput', `${path} does not exist or cannot be read.`);
  }
  if (stat.type & vscode.FileType.Directory) throw new PictorError('badInput', `${path} is a folder, not an image.`);
  await assertRealPathInWorkspace(uri);
  if (stat.size > MAX_INPUT_IMAGE_BYTES) {
    const mb = (stat.size / 1024 / 1024).toFixed(1);
    throw new PictorError('badInput', `${path} is ${mb} MB; Pictor sends images of up to ${MAX_INPUT_IMAGE_BYTES / 1024 / 1024} MB. Use a smaller image.`);
  }
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch {
    throw new PictorError('badInput', `${path} cannot be read.`);
  }
  const info = inspectImage(bytes);
  if (!info || !isInputMimeType(info.mimeType)) {
    throw new PictorError(
      'badInput',
      `${path} is ${info ? info.mimeType : 'not an image Pictor can read'}; Gemini accepts PNG, JPEG, WebP and GIF images.`,
    );
  }
  return { path, mimeType: info.mimeType, bytes, sha256: sha256Hex(bytes), role };
}

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

function writeFailure(target: vscode.Uri, error: unknown): PictorError {
  const reason = error instanceof Error ? error.message : String(error);
  const hint = /ENOSPC|no space/i.test(reason) ? 'The disk is full. Free some space, then retry.' : 'Check that the folder is writable, or choose another output folder.';
  return new PictorError('badInput', `Could not save ${workspaceRelativePath(target)}. ${hint}`, {
    detail: reason,
    setting: 'pictor.outputFolder',
    cause: error,
  });
}

const tempName = (name: string) => `.${name}.${Math.random().toString(36).slice(2, 10)}.pictor-tmp`;

/** Names already being written by this process, so concurrent saves never pick the same one. */
const reserved = new Set<string>();

/**
 * Writes bytes under the first free name of `names` whose sidecar name is free too:
 * to a temporary name first, then renamed into place without overwriting anything.
 * `bytes` may depend on the chosen name (provenance embedded in the file names the file).
 */
export async function writeNewImage(dir: vscode.Uri, names: Iterable<string>, bytes: Uint8Array | ((name: string) => Uint8Array)): Promise<vscode.Uri> {
  await assertRealPathInWorkspace(dir);
  try {
    await vscode.workspace.fs.createDirectory(dir);
  } catch (error) {
    throw writeFailure(dir, error);
  }
  void sweepStaleTemps(dir);
  for (const name of names) {
    if (!isPlainFileName(name)) throw new PictorError('badInput', `"${name}" is not a plain file name.`);
    const target = vscode.Uri.joinPath(dir, name);
    const sidecar = vscode.Uri.joinPath(dir, sidecarNameFor(name));
    if (reserved.has(target.toString()) || (await exists(target)) || (await exists(sidecar))) continue;
    reserved.add(target.toString());
    try {
      const placed = await writeAtomically(target, typeof bytes === 'function' ? bytes(name) : bytes);
      if (placed) return target;
    } finally {
      reserved.delete(target.toString());
    }
  }
  throw new Error('unreachable');
}

const STALE_TEMP_MS = 60 * 60 * 1000;

/** Temporary files left by a crash mid-write are removed the next time Pictor writes to that folder. */
async function sweepStaleTemps(dir: vscode.Uri): Promise<void> {
  try {
    for (const [name, type] of await vscode.workspace.fs.readDirectory(dir)) {
      if (type !== vscode.FileType.File || !/^\..+\.[a-z0-9]{1,8}\.pictor-tmp$/.test(name)) continue;
      const uri = vscode.Uri.joinPath(dir, name);
      const stat = await vscode.workspace.fs.stat(uri);
      if (Date.now() - stat.mtime > STALE_TEMP_MS) await removeOwnFile(uri);
    }
  } catch {
    // Best effort: a folder we cannot list is reported by the write itself.
  }
}

/** Returns false when the target appeared meanwhile (the caller picks the next name). */
async function writeAtomically(target: vscode.Uri, bytes: Uint8Array): Promise<boolean> {
  const dir = vscode.Uri.joinPath(target, '..');
  const temp = vscode.Uri.joinPath(dir, tempName(target.path.split('/').pop() ?? 'image'));
  try {
    await vscode.workspace.fs.writeFile(temp, bytes);
    const placed = await placeWithoutOverwriting(temp, target);
    if (!placed) await vscode.workspace.fs.delete(temp, { useTrash: false }).then(undefined, () => undefined);
    return placed;
  } catch (error) {
    await vscode.workspace.fs.delete(temp, { useTrash: false }).then(undefined, () => undefined);
    if (error instanceof vscode.FileSystemError && error.code === 'FileExists') return false;
    throw writeFailure(target, error);
  }
}

/**
 * Moves `temp` to `target` unless `target` exists. On local disks a hard link is the atomic
 * "create if absent" (rename would silently replace a file another process just wrote); file systems
 * without hard links fall back to VS Code's check-then-rename.
 */
async function placeWithoutOverwriting(temp: vscode.Uri, target: vscode.Uri): Promise<boolean> {
  if (temp.scheme === 'file') {
    try {
      await fs.link(temp.fsPath, target.fsPath);
      await fs.unlink(temp.fsPath);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV' && code !== 'ENOSYS') throw error;
    }
  }
  await vscode.workspace.fs.rename(temp, target, { overwrite: false });
  return true;
}

/**
 * Replaces `target` with `bytes` through a temporary file, so readers see the old or the new content
 * (Pictor's own storage). Local files are renamed by Node, which replaces in one step; VS Code's rename
 * with overwrite deletes the target first.
 */
export async function replaceFileAtomically(target: vscode.Uri, bytes: Uint8Array): Promise<void> {
  const dir = vscode.Uri.joinPath(target, '..');
  await vscode.workspace.fs.createDirectory(dir);
  const temp = vscode.Uri.joinPath(dir, tempName(target.path.split('/').pop() ?? 'file'));
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
  const caseless = process.platform === 'win32' || process.platform === 'darwin';
  const norm = (p: string) => (caseless ? p.toLowerCase() : p);
  const root = norm(await realPathOfNearest(folder.uri.fsPath));
  const real = norm(await realPathOfNearest(uri.fsPath));
  if (real !== root && !real.startsWith(root.endsWith(path.sep) ? root : root + path.sep)) {
    throw new PictorError('badInput', `${workspaceRelativePath(uri)} leads outside the workspace through a symbolic link; Pictor only reads and writes files in the open folders.`);
  }
}

async function realPathOfNearest(p: string): Promise<string> {
  try {
    return await fs.realpath(p);
  } catch (error) {
    const parent = path.dirname(p);
    const code = (error as NodeJS.ErrnoException).code;
    // Not there yet (or under a file, which the write itself will report): judge by the nearest ancestor.
    if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === p) throw error;
    return path.join(await realPathOfNearest(parent), path.basename(p));
  }
}

/** Writes the sidecar beside its image; never replaces an existing file. */
export async function writeSidecar(imageUri: vscode.Uri, text: string): Promise<vscode.Uri> {
  const name = sidecarNameFor(imageUri.path.split('/').pop() ?? 'image');
  const target = vscode.Uri.joinPath(imageUri, '..', name);
  const placed = await writeAtomically(target, new TextEncoder().encode(text));
  if (!placed) throw writeFailure(target, new Error(`${name} already exists`));
  return target;
}

/** Removes a file we wrote ourselves (rollback of an image whose sidecar could not be saved). */
export async function removeOwnFile(uri: vscode.Uri): Promise<void> {
  await vscode.workspace.fs.delete(uri, { useTrash: false }).then(undefined, () => undefined);
}
