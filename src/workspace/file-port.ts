import * as vscode from 'vscode';
import { PictorError } from '../core/errors';
import type { EntryKind, FilePort, FileStat } from '../writer/file-port';
import { writeNewFileNamed } from '../writer/new-file';
import { STALE_TEMP_MS, TEMP_NAME_PATTERN, linkWithoutOverwriting, tempName } from '../writer/local-files';
import { assertRealPathInWorkspace, workspaceRelativePath } from './files';

/** The file-system port over `workspace.fs`, so remote and virtual workspaces work; the root is the open folders. */
export const workspaceFilePort: FilePort<vscode.Uri> = {
  join: (dir, name) => vscode.Uri.joinPath(dir, name),
  parent: (location) => vscode.Uri.joinPath(location, '..'),
  baseName: (location) => location.path.split('/').pop() ?? '',
  key: (location) => location.toString(),
  relativePath: (location) => workspaceRelativePath(location),

  async stat(location): Promise<FileStat | undefined> {
    try {
      const stat = await vscode.workspace.fs.stat(location);
      const kind: EntryKind = stat.type & vscode.FileType.Directory ? 'directory' : stat.type & vscode.FileType.File ? 'file' : 'other';
      return { kind, size: stat.size, mtime: stat.mtime };
    } catch {
      return undefined;
    }
  },

  readFile: (location) => Promise.resolve(vscode.workspace.fs.readFile(location)),

  async createDirectory(dir): Promise<void> {
    try {
      await vscode.workspace.fs.createDirectory(dir);
    } catch (error) {
      throw writeFailure(dir, error);
    }
    void sweepStaleTemps(dir);
  },

  writeNewFile: (location, bytes) => writeAtomically(location, bytes),

  async delete(location): Promise<void> {
    await vscode.workspace.fs.delete(location, { useTrash: false }).then(undefined, () => undefined);
  },

  checkBoundary: (location) => assertRealPathInWorkspace(location),
};

export function writeFailure(target: vscode.Uri, error: unknown): PictorError {
  const reason = error instanceof Error ? error.message : String(error);
  const hint = /ENOSPC|no space/i.test(reason) ? 'The disk is full. Free some space, then retry.' : 'Check that the folder is writable, or choose another output folder.';
  return new PictorError('badInput', `Could not save ${workspaceRelativePath(target)}. ${hint}`, {
    detail: reason,
    setting: 'pictor.outputFolder',
    cause: error,
  });
}

/** Temporary files left by a crash mid-write are removed the next time Pictor writes to that folder. */
async function sweepStaleTemps(dir: vscode.Uri): Promise<void> {
  try {
    for (const [name, type] of await vscode.workspace.fs.readDirectory(dir)) {
      if (type !== vscode.FileType.File || !TEMP_NAME_PATTERN.test(name)) continue;
      const uri = vscode.Uri.joinPath(dir, name);
      const stat = await vscode.workspace.fs.stat(uri);
      if (Date.now() - stat.mtime > STALE_TEMP_MS) await workspaceFilePort.delete(uri);
    }
  } catch {
    // Best effort: a folder we cannot list is reported by the write itself.
  }
}

/** Returns false when the target appeared meanwhile (the caller picks the next name). */
async function writeAtomically(target: vscode.Uri, bytes: Uint8Array): Promise<boolean> {
  const temp = vscode.Uri.joinPath(target, '..', tempName());
  try {
    await vscode.workspace.fs.writeFile(temp, bytes);
    const placed = await placeWithoutOverwriting(temp, target);
    if (!placed) await workspaceFilePort.delete(temp);
    return placed;
  } catch (error) {
    await workspaceFilePort.delete(temp);
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
    const placed = await linkWithoutOverwriting(temp.fsPath, target.fsPath);
    if (placed !== undefined) return placed;
  }
  await vscode.workspace.fs.rename(temp, target, { overwrite: false });
  return true;
}

/**
 * Writes bytes under the first free name of `names` whose sidecar name is free too (a pasted image:
 * no sidecar of its own), atomically and never overwriting.
 */
export function writeNewImage(dir: vscode.Uri, names: Iterable<string>, bytes: Uint8Array): Promise<vscode.Uri> {
  return writeNewFileNamed(workspaceFilePort, dir, names, bytes);
}

/** Locations in records kept on disk (batch jobs): URI strings, so remote workspaces work too. */
export const uriLocations = {
  store: (uri: vscode.Uri): string => uri.toString(),
  parse: (stored: string): vscode.Uri => vscode.Uri.parse(stored),
};
