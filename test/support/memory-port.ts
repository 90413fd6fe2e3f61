import { PictorError } from '../../src/core/errors';
import { joinBytes, type FileBytes } from '../../src/core/file-bytes';
import type { FilePort, FileStat, StagedFile } from '../../src/writer/file-port';

/** An in-memory file system with `/` paths; `failWrites` names files whose write fails. */
export class MemoryPort implements FilePort<string> {
  readonly files = new Map<string, Uint8Array>();
  readonly dirs = new Set<string>(['/ws']);
  readonly failWrites = new Set<string>();
  outside = new Set<string>();
  /** The folders `createDirectory` was asked for, and those `sweepTemporaries` was, in order. */
  readonly created: string[] = [];
  readonly swept: string[] = [];

  join = (dir: string, name: string) => `${dir}/${name}`;
  parent = (location: string) => location.slice(0, location.lastIndexOf('/')) || '/';
  baseName = (location: string) => location.slice(location.lastIndexOf('/') + 1);
  key = (location: string) => location;
  relativePath = (location: string) => location.replace(/^\/ws\//, '');

  async stat(location: string): Promise<FileStat | undefined> {
    if (this.dirs.has(location)) return { kind: 'directory', size: 0, mtime: 0 };
    const file = this.files.get(location);
    return file ? { kind: 'file', size: file.byteLength, mtime: 0 } : undefined;
  }
  async readFile(location: string): Promise<Uint8Array> {
    const file = this.files.get(location);
    if (!file) throw new Error('ENOENT');
    return file;
  }
  async createDirectory(dir: string): Promise<void> {
    this.created.push(dir);
    for (let at = dir; at !== '/'; at = this.parent(at)) this.dirs.add(at);
  }
  async writeNewFile(location: string, bytes: FileBytes): Promise<boolean> {
    return (await this.stageNewFile(location, bytes)).place();
  }
  sweepTemporaries(dir: string): void {
    this.swept.push(dir);
  }
  async stageNewFile(location: string, pending: FileBytes | PromiseLike<FileBytes>): Promise<StagedFile> {
    const bytes = await pending;
    if (this.failWrites.has(this.baseName(location))) throw new PictorError('badInput', `Could not save ${this.relativePath(location)}.`);
    const staged = new Uint8Array(joinBytes(bytes));
    return {
      place: async () => {
        if (this.files.has(location)) return false;
        this.files.set(location, staged);
        return true;
      },
      discard: async () => undefined,
    };
  }
  async delete(location: string): Promise<void> {
    this.files.delete(location);
  }
  async checkBoundary(location: string): Promise<void> {
    if ([...this.outside].some((prefix) => location.startsWith(prefix))) throw new PictorError('badInput', `${location} leads outside the workspace.`);
  }
}
