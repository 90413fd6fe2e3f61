import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import { PictorError } from '../core/errors';
import { joinBytes, type FileBytes } from '../core/file-bytes';
import type { EntryKind, FilePort, FileStat, StagedFile } from '../writer/file-port';
import { writeNewFileNamed } from '../writer/new-file';
import { STALE_TEMP_MS, TEMP_NAME_PATTERN, stageNewLocalFile, statLocal, sweepStaleLocalTemps, tempName } from '../writer/local-files';
import { assertRealPathInWorkspace, workspaceRelativePath } from './files';

/**
 * Local files (`file:` URIs, on the machine the extension host runs on) are read and written with
 * Node's `fs`: each `workspace.fs` call costs a round trip through the workbench, several per saved
 * image, while the semantics (atomic, never replacing a file) are the same. Other schemes (remote
 * and virtual workspaces) go through `workspace.fs`.
 */
const isLocal = (location: vscode.Uri): boolean => location.scheme === 'file';

/** The file-system port over `workspace.fs`, so remote and virtual workspaces work; the root is the open folders. */
export const workspaceFilePort: FilePort<vscode.Uri> = {
  join: (dir, name) => vscode.Uri.joinPath(dir, name),
  parent: (location) => vscode.Uri.joinPath(location, '..'),
  baseName: (location) => location.path.split('/').pop() ?? '',
  key: (location) => location.toString(),
  relativePath: (location) => workspaceRelativePath(location),

  async stat(location): Promise<FileStat | undefined> {
    if (isLocal(location)) return statLocal(location.fsPath);
    try {
      const stat = await vscode.workspace.fs.stat(location);
      const kind: EntryKind = stat.type & vscode.FileType.Directory ? 'directory' : stat.type & vscode.FileType.File ? 'file' : 'other';
      return { kind, size: stat.size, mtime: stat.mtime };
    } catch {
      return undefined;
    }
  },

  readFile: (location) => (isLocal(location) ? fs.readFile(location.fsPath).then((b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength)) : Promise.resolve(vscode.workspace.fs.readFile(location))),

  async createDirectory(dir): Promise<void> {
    try {
      if (isLocal(dir)) await fs.mkdir(dir.fsPath, { recursive: true });
      else await vscode.workspace.fs.createDirectory(dir);
    } catch (error) {
      throw writeFailure(dir, error);
    }
  },

  sweepTemporaries: (dir) => sweepFromTimeToTime(dir),

  writeNewFile: async (location, bytes) => (await stageAtomically(location, bytes)).place(),
  stageNewFile: (location, bytes, onSha256) => stageAtomically(location, bytes, onSha256),

  async delete(location): Promise<void> {
    if (isLocal(location)) await fs.rm(location.fsPath, { force: true }).catch(() => undefined);
    else await vscode.workspace.fs.delete(location, { useTrash: false }).then(undefined, () => undefined);
  },

  checkBoundary: (location) => assertRealPathInWorkspace(location),
};

/**
 * When each folder was last swept (ms). Only files older than an hour are left-overs, so a folder
 * written to many times in a row is listed once every few minutes, not at every save.
 */
const lastSwept = new Map<string, number>();
const SWEEP_INTERVAL_MS = 5 * 60 * 1000;

function sweepFromTimeToTime(dir: vscode.Uri): void {
  const key = dir.toString();
  const now = Date.now();
  if (now - (lastSwept.get(key) ?? -Infinity) < SWEEP_INTERVAL_MS) return;
  lastSwept.set(key, now);
  void (isLocal(dir) ? sweepStaleLocalTemps(dir.fsPath) : sweepStaleTemps(dir));
}

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

/** Stages `bytes` beside `target`; placing resolves false when the target appeared meanwhile (the caller picks the next name). */
async function stageAtomically(target: vscode.Uri, pending: FileBytes | PromiseLike<FileBytes>, onSha256?: (sha256: string) => void): Promise<StagedFile> {
  const failure = (error: unknown) => Promise.reject(error instanceof PictorError ? error : writeFailure(target, error));
  if (isLocal(target)) {
    const staged = await stageNewLocalFile(target.fsPath, pending, onSha256).catch(failure);
    return { place: (whenNamed) => staged.place(whenNamed).catch(failure), discard: staged.discard, sha256: staged.sha256 };
  }
  const bytes = await pending;
  const temp = vscode.Uri.joinPath(target, '..', tempName());
  const discard = () => workspaceFilePort.delete(temp);
  try {
    await vscode.workspace.fs.writeFile(temp, joinBytes(bytes));
  } catch (error) {
    await discard();
    throw writeFailure(target, error);
  }
  return {
    discard,
    async place() {
      try {
        // Other file systems: VS Code's check-then-rename (local files take the atomic way above).
        await vscode.workspace.fs.rename(temp, target, { overwrite: false });
        return true;
      } catch (error) {
        await discard();
        if (error instanceof vscode.FileSystemError && error.code === 'FileExists') return false;
        throw writeFailure(target, error);
      }
    },
  };
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
