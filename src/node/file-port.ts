import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PictorError } from '../core/errors';
import type { FileBytes } from '../core/file-bytes';
import { normalizeRelativeFolder, unsafeFolderReason } from '../core/naming';
import type { UriLike } from '../core/spec';
import type { FilePort, FileStat, StagedFile } from '../writer/file-port';
import { isRealPathInside, stageNewLocalFile, statLocal, sweepStaleLocalTemps } from '../writer/local-files';

/**
 * The file-system port over Node's `fs`, for the CLI and the MCP server. Locations are absolute paths;
 * the root is one folder (`--root` or the working directory) and nothing outside it is read or written,
 * symbolic links included. Writes have the semantics of the VS Code port: a temporary file beside the
 * target, then a hard link (never replacing a file; a taken name resolves false), stale temporary files
 * swept when a folder is written to.
 */
export class NodeFilePort implements FilePort<string> {
  /** The root as an absolute, normalized path. */
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  join = (dir: string, name: string): string => path.join(dir, name);
  parent = (location: string): string => path.dirname(location);
  baseName = (location: string): string => path.basename(location);
  key = (location: string): string => path.resolve(location);

  /** Relative to the root, with `/`; never absolute (a location outside the root gives its base name). */
  relativePath(location: string): string {
    const relative = path.relative(this.root, path.resolve(location));
    if (relative === '') return '.';
    if (relative.startsWith('..') || path.isAbsolute(relative)) return path.basename(location);
    return relative.split(path.sep).join('/');
  }

  /**
   * A file reference → its location: a root-relative path (with `/` or the platform's separator), an
   * absolute path inside the root, or a `file://` URI (a string or a URI as plain data).
   * @throws PictorError('badInput') for a reference outside the root, by its text (links are judged by `checkBoundary`).
   */
  locate(reference: string | UriLike): string {
    let absolute: string;
    if (typeof reference !== 'string') {
      if (reference.scheme !== 'file') throw new PictorError('badInput', `${reference.scheme}: references are not files; give a path inside ${this.rootName()}.`);
      absolute = path.resolve(reference.path);
    } else if (/^file:\/\//i.test(reference)) {
      try {
        absolute = fileURLToPath(reference);
      } catch (error) {
        throw new PictorError('badInput', `${reference} is not a valid file URI.`, { cause: error });
      }
    } else if (/^[a-z][a-z0-9+.-]+:\/\//i.test(reference)) {
      throw new PictorError('badInput', `${reference} is not a file; give a path inside ${this.rootName()}.`);
    } else if (path.isAbsolute(reference)) {
      absolute = path.resolve(reference);
    } else {
      const normalized = normalizeRelativeFolder(reference.split(path.sep).join('/'));
      if (normalized === undefined) throw this.outside(reference);
      absolute = normalized ? path.join(this.root, ...normalized.split('/')) : this.root;
    }
    if (!this.isLexicallyInside(absolute)) throw this.outside(typeof reference === 'string' ? reference : reference.path);
    return absolute;
  }

  /**
   * A root-relative output folder → its location.
   * @throws PictorError('badInput') for a folder that would leave the root.
   */
  outputDir(relative: string): string {
    const normalized = normalizeRelativeFolder(relative.split(path.sep).join('/'));
    if (normalized === undefined) {
      throw new PictorError('badInput', `The output folder "${relative}" is outside ${this.rootName()}. Use a folder relative to it, such as assets/generated.`);
    }
    const unsafe = unsafeFolderReason(normalized);
    if (unsafe) throw new PictorError('badInput', `The output folder "${normalized}" cannot be made on every system: ${unsafe}. Choose another output folder.`);
    return normalized ? path.join(this.root, ...normalized.split('/')) : this.root;
  }

  stat(location: string): Promise<FileStat | undefined> {
    return statLocal(location);
  }

  async readFile(location: string): Promise<Uint8Array> {
    const bytes = await fs.readFile(location);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  async createDirectory(dir: string): Promise<void> {
    try {
      await fs.mkdir(dir, { recursive: true });
    } catch (error) {
      throw this.writeFailure(dir, error);
    }
  }

  sweepTemporaries(dir: string): void {
    void sweepStaleLocalTemps(dir);
  }

  async writeNewFile(location: string, bytes: FileBytes): Promise<boolean> {
    return (await this.stageNewFile(location, bytes)).place();
  }

  async stageNewFile(location: string, bytes: FileBytes | PromiseLike<FileBytes>, onSha256?: (sha256: string) => void): Promise<StagedFile> {
    const failure = (error: unknown) => Promise.reject(error instanceof PictorError ? error : this.writeFailure(location, error));
    const staged = await stageNewLocalFile(location, bytes, onSha256).catch(failure);
    return { place: (whenNamed) => staged.place(whenNamed).catch(failure), discard: staged.discard, sha256: staged.sha256 };
  }

  async delete(location: string): Promise<void> {
    await fs.rm(location, { force: true }).catch(() => undefined);
  }

  /** Refuses a location outside the root: by its text, then by its real path (symbolic links resolved). */
  async checkBoundary(location: string): Promise<void> {
    if (!this.isLexicallyInside(location)) throw this.outside(location);
    if (!(await isRealPathInside(this.root, location))) {
      throw new PictorError('badInput', `${this.relativePath(location)} leads outside ${this.rootName()} through a symbolic link; Pictor only reads and writes files inside it.`);
    }
  }

  private isLexicallyInside(location: string): boolean {
    const relative = path.relative(this.root, path.resolve(location));
    return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
  }

  private rootName(): string {
    return `the root folder (${path.basename(this.root) || this.root})`;
  }

  private outside(what: string): PictorError {
    return new PictorError('badInput', `${what} is outside ${this.rootName()}; Pictor only reads and writes files inside it (set it with --root).`);
  }

  private writeFailure(target: string, error: unknown): PictorError {
    const reason = error instanceof Error ? error.message : String(error);
    const hint = /ENOSPC|no space/i.test(reason) ? 'The disk is full. Free some space, then retry.' : 'Check that the folder is writable, or choose another output folder.';
    return new PictorError('badInput', `Could not save ${this.relativePath(target)}. ${hint}`, { detail: reason, cause: error });
  }
}
