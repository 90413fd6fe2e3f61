import { createHash } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { FileBytes } from '../core/file-bytes';
import type { FileStat, StagedFile } from './file-port';

/**
 * What both file-system ports (VS Code's for `file:` URIs, plain Node's) share about local files: the
 * temporary names of atomic writes, placing a file without ever replacing one, and real paths.
 */

/**
 * A temporary name beside the target. Short and of fixed length: a target name may use all 255 bytes
 * a file system allows, so the temporary name must not grow with it.
 */
export const tempName = (): string => `.pictor.${Math.random().toString(36).slice(2, 10).padEnd(8, '0')}.pictor-tmp`;

/** A temporary file left by a crash mid-write (also the longer names earlier versions used). */
export const TEMP_NAME_PATTERN = /^\..+\.[a-z0-9]{1,8}\.pictor-tmp$/;

/** Temporary files older than this (ms) are left-overs of a crash, removed the next time Pictor writes there. */
export const STALE_TEMP_MS = 60 * 60 * 1000;

/**
 * Moves the local file `temp` to `target` unless `target` exists: a hard link is the atomic "create if
 * absent" (rename would silently replace a file another process just wrote), then `temp` goes;
 * `whenNamed` is called in between.
 * @returns true when placed, false when `target` was taken (EEXIST), undefined when the file system has
 *   no hard links (the caller falls back to its own way).
 * @throws the file system's error for anything else.
 */
export async function linkWithoutOverwriting(temp: string, target: string, whenNamed?: () => void): Promise<boolean | undefined> {
  try {
    await fs.link(temp, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'EXDEV' || code === 'ENOSYS') return undefined;
    throw error;
  }
  whenNamed?.();
  await fs.unlink(temp);
  return true;
}

/** The real path of `p`, or of its nearest existing ancestor joined with the rest (for a file not there yet). */
export async function realPathOfNearest(p: string): Promise<string> {
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

/**
 * True when the real path of `location` (symbolic links resolved, judged by its nearest existing
 * ancestor) is the real path of `root` or lies under it. Case is ignored where the platform ignores it.
 */
export async function isRealPathInside(root: string, location: string): Promise<boolean> {
  const caseless = process.platform === 'win32' || process.platform === 'darwin';
  const norm = (p: string) => (caseless ? p.toLowerCase() : p);
  const [realRoot, real] = (await Promise.all([realPathOfNearest(root), realPathOfNearest(location)])).map(norm) as [string, string];
  return real === realRoot || real.startsWith(realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep);
}

/** The kind, size (bytes) and modification time (ms since the epoch) of a local path; undefined when nothing is there. */
export async function statLocal(p: string): Promise<FileStat | undefined> {
  try {
    const stat = await fs.stat(p);
    return { kind: stat.isDirectory() ? 'directory' : stat.isFile() ? 'file' : 'other', size: stat.size, mtime: stat.mtimeMs };
  } catch {
    return undefined;
  }
}

/**
 * Writes `bytes` to the local file `target` atomically and only if no file has that name: a temporary
 * file beside it, then a hard link (or, where there are none, an exclusive copy, which never replaces a
 * file either). The temporary file is always removed.
 * @returns false when `target` was taken.
 * @throws the file system's error (a missing folder, no space, no permission).
 */
export async function writeNewLocalFile(target: string, bytes: FileBytes): Promise<boolean> {
  return (await stageNewLocalFile(target, bytes)).place();
}

/**
 * The bytes of a new local file `target`, written to a temporary file beside it; `place()` links it
 * under its name as `writeNewLocalFile` does, `discard()` removes it. The temporary file is created at
 * once; `bytes` may still be on their way (a sidecar waiting for its image's hash).
 * @param onSha256 called with the SHA-256 (hex) of the bytes as soon as the last of them is handed to
 *   the file system, before the file is closed.
 * @throws the file system's error (a missing folder, no space, no permission), or the rejection of
 *   `bytes`; nothing is left then.
 */
export async function stageNewLocalFile(
  target: string,
  bytes: FileBytes | PromiseLike<FileBytes>,
  onSha256?: (sha256: string) => void,
): Promise<StagedFile & { sha256: string }> {
  const temp = path.join(path.dirname(target), tempName());
  const remove = () => fs.rm(temp, { force: true }).catch(() => undefined);
  let written: { sha256: string; closed: Promise<void> };
  try {
    written = await writeExclusive(temp, bytes, onSha256);
  } catch (error) {
    await remove();
    throw error;
  }
  const { sha256, closed } = written;
  closed.catch(() => undefined);
  const discard = () => closed.catch(() => undefined).then(remove);
  return {
    sha256,
    discard,
    async place(whenNamed) {
      // Every byte is written: the file may be named while it is being closed, but a failed close
      // (a write error reported late, as network file systems do) takes the name back.
      const [placing, closing] = await Promise.allSettled([placeStaged(temp, target, closed, whenNamed), closed]);
      if (closing.status === 'rejected') {
        if (placing.status === 'fulfilled' && placing.value) await fs.rm(target, { force: true }).catch(() => undefined);
        await remove();
        throw closing.reason;
      }
      if (placing.status === 'rejected') {
        await remove();
        throw placing.reason;
      }
      if (!placing.value) await remove();
      return placing.value;
    },
  };
}

/**
 * Gives the local file `temp` the name `target` without replacing a file (a hard link, else an
 * exclusive copy); false when `target` was taken. The temporary file is gone when it resolves true.
 * A link may be made while `temp` is being closed; a copy waits for `closed` (on Windows a file still
 * open for writing may not be opened to copy from).
 */
async function placeStaged(temp: string, target: string, closed: Promise<void>, whenNamed?: () => void): Promise<boolean> {
  const linked = await linkWithoutOverwriting(temp, target, whenNamed);
  if (linked !== undefined) return linked;
  await closed;
  const copied = await fs.copyFile(temp, target, constants.COPYFILE_EXCL).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') return false;
      throw error;
    },
  );
  if (copied) {
    whenNamed?.();
    await fs.rm(temp, { force: true });
  }
  return copied;
}

/**
 * Creates `file` (failing if it exists), writes the pieces and returns the SHA-256 (hex) of what it
 * wrote, hashing each batch while the thread pool writes it (the hash then costs no time of its own),
 * once the last write is done; `closed` settles when the file is closed.
 * Gathered writes of up to 1.5 MiB: a 1K image (~3 MB) in two trips through the thread pool, against
 * six for `writeFile`'s 512 KiB chunks, while larger single writes are the kind the kernel throttles once
 * dirty pages pile up (measured: a 3 MB image took ~6 ms in one write against ~3 ms in 1 MiB writes,
 * a 27 MB one ~65 ms against ~10 ms).
 */
async function writeExclusive(
  file: string,
  bytes: FileBytes | PromiseLike<FileBytes>,
  onSha256?: (sha256: string) => void,
): Promise<{ sha256: string; closed: Promise<void> }> {
  const hash = createHash('sha256');
  const handle = await fs.open(file, 'wx');
  try {
    let pieces = piecesOf(await bytes);
    while (pieces.length) {
      let batch = firstBytes(pieces, WRITE_BATCH_BYTES);
      let left = batch.reduce((sum, piece) => sum + piece.byteLength, 0);
      pieces = rest(pieces, left);
      // Both only read the batch: the kernel copies it while this thread hashes it.
      const writing = handle.writev(batch);
      for (const piece of batch) hash.update(piece);
      let { bytesWritten } = await writing;
      while (bytesWritten < left) {
        batch = rest(batch, bytesWritten);
        left -= bytesWritten;
        ({ bytesWritten } = await handle.writev(batch));
      }
    }
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
  const sha256 = hash.digest('hex');
  onSha256?.(sha256);
  return { sha256, closed: handle.close() };
}

function piecesOf(bytes: FileBytes): Uint8Array[] {
  return (bytes instanceof Uint8Array ? [bytes] : [...bytes]).filter((piece) => piece.byteLength > 0);
}

const WRITE_BATCH_BYTES = 3 << 19;

/** Views of the first `limit` bytes of the pieces. */
function firstBytes(pieces: Uint8Array[], limit: number): Uint8Array[] {
  const batch: Uint8Array[] = [];
  let left = limit;
  for (const piece of pieces) {
    if (left <= 0) break;
    batch.push(piece.byteLength > left ? piece.subarray(0, left) : piece);
    left -= piece.byteLength;
  }
  return batch;
}

/** The pieces not yet written after a (possibly partial) write of `written` bytes. */
function rest(pieces: Uint8Array[], written: number): Uint8Array[] {
  let skip = written;
  const left: Uint8Array[] = [];
  for (const piece of pieces) {
    if (skip >= piece.byteLength) {
      skip -= piece.byteLength;
      continue;
    }
    left.push(skip > 0 ? piece.subarray(skip) : piece);
    skip = 0;
  }
  return left;
}

/** Removes the temporary files a crash left in the local folder `dir` (older than STALE_TEMP_MS). Best effort. */
export async function sweepStaleLocalTemps(dir: string): Promise<void> {
  try {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      if (!entry.isFile() || !TEMP_NAME_PATTERN.test(entry.name)) continue;
      const file = path.join(dir, entry.name);
      const stat = await fs.stat(file);
      if (Date.now() - stat.mtimeMs > STALE_TEMP_MS) await fs.rm(file, { force: true });
    }
  } catch {
    // A folder that cannot be listed is reported by the write itself.
  }
}
