import { PictorError } from '../core/errors';
import { isPlainFileName, sidecarNameFor } from '../core/naming';
import type { FilePort } from './file-port';

/**
 * Writes bytes without a sidecar of their own (a pasted image, a favicon, a web manifest) under the
 * first free name of `names` whose sidecar name is free too, atomically and never overwriting.
 * @throws PictorError('badInput') outside the boundary, for a name that is not a plain file name, or when no name is free.
 */
export async function writeNewFileNamed<L>(port: FilePort<L>, dir: L, names: Iterable<string>, bytes: Uint8Array): Promise<L> {
  await port.checkBoundary(dir);
  await port.createDirectory(dir);
  port.sweepTemporaries(dir);
  for (const name of names) {
    if (!isPlainFileName(name)) throw new PictorError('badInput', `"${name}" is not a plain file name.`);
    const target = port.join(dir, name);
    if ((await port.stat(target)) || (await port.stat(port.join(dir, sidecarNameFor(name))))) continue;
    if (await port.writeNewFile(target, bytes)) return target;
  }
  throw new PictorError('badInput', 'No free file name is left for this image.');
}
