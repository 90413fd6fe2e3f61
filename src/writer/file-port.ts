/**
 * The file-system port the writer (and later every service) depends on, so the same code runs in
 * VS Code (`workspace.fs`, remote-safe) and in plain Node (an MCP server, a CLI). `L` is the
 * implementation's location type: a `vscode.Uri` in the extension host, a path in Node.
 */
import type { FileBytes } from '../core/file-bytes';

export type EntryKind = 'file' | 'directory' | 'other';

export interface FileStat {
  kind: EntryKind;
  /** Bytes. */
  size: number;
  /** Last modification, ms since the epoch. */
  mtime: number;
}

/** A file written but not yet under its name (see `FilePort.stageNewFile`). */
export interface StagedFile {
  /**
   * Gives the file its name atomically, never replacing a file: false when the name was taken. The
   * staged bytes are gone afterwards either way. Throws PictorError('badInput', "Could not save …").
   * `whenNamed` is called as soon as the file has its name, when that is before the temporary name is
   * removed (a second file may then be named meanwhile).
   */
  place(whenNamed?: () => void): Promise<boolean>;
  /** Drops the staged bytes (never throws). */
  discard(): Promise<void>;
  /** The SHA-256 (hex) of the bytes staged, when the port took it as it wrote them. */
  sha256?: string;
}

export interface FilePort<L> {
  /** `dir/name`; `name` is a single plain file name. */
  join(dir: L, name: string): L;
  /** The folder holding `location`. */
  parent(location: L): L;
  /** The last path segment. */
  baseName(location: L): string;
  /** A string that identifies the location in this process (reservations of names being written). */
  key(location: L): string;
  /** What the sidecar records: the path relative to the root (workspace folder) with `/`, never absolute. */
  relativePath(location: L): string;

  /** Undefined when nothing is there. */
  stat(location: L): Promise<FileStat | undefined>;
  readFile(location: L): Promise<Uint8Array>;
  /** Creates the folder and its parents; a folder already there is fine. Throws PictorError('badInput') when it cannot. */
  createDirectory(dir: L): Promise<void>;
  /**
   * Removes, in the background and from time to time, the temporary files a crash left in `dir` (older
   * than an hour). Called by writers each time they write there; never throws.
   */
  sweepTemporaries(dir: L): void;
  /**
   * Creates a NEW file atomically: readers never see it half-written, and an existing file is never
   * replaced. Resolves false when the name was taken (the caller tries the next name); throws
   * PictorError('badInput', "Could not save …") on any other failure. Pieces are written in order.
   */
  writeNewFile(location: L, bytes: FileBytes): Promise<boolean>;
  /**
   * The first half of `writeNewFile`: the bytes written where no reader looks for them yet (a temporary
   * file beside `location`), so two files can be written at the same time and then named one after the
   * other. Throws like `writeNewFile`, and with the rejection of `bytes`. `bytes` may still be on their
   * way: a port may create the temporary file meanwhile. A port that hashes the bytes as it writes them
   * calls `onSha256` with the SHA-256 (hex) as soon as it has it, which may be before the file is closed.
   */
  stageNewFile(location: L, bytes: FileBytes | PromiseLike<FileBytes>, onSha256?: (sha256: string) => void): Promise<StagedFile>;
  /** Removes a file this process wrote (rollback); a missing file is not an error. */
  delete(location: L): Promise<void>;
  /**
   * Throws PictorError('badInput') when the real path of `location` (symbolic links resolved, judged by
   * its nearest existing ancestor) lies outside the root this port may write to.
   */
  checkBoundary(location: L): Promise<void>;
}
