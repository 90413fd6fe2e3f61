import { PictorError } from '../core/errors';
import { gifToPng } from '../core/gif-to-png';
import { endsWhole, sha256Hex, sniffImageMime } from '../core/image-info';
import { isConvertedInputMimeType, isInputMimeType, unsupportedInputMessage } from '../core/input-formats';
import { MAX_INPUT_IMAGE_BYTES } from '../core/models';
import type { InputImage } from '../core/spec';
import type { FilePort } from '../writer/file-port';

/**
 * Reads an input image through a file-system port, checking existence, the boundary (symbolic links
 * included), size and real type (by content) before any request. A GIF's first frame comes as a PNG.
 * @throws PictorError('badInput') saying what is wrong with the file (missing, a folder, outside the root,
 *   over 20 MB, cut off, not an image the service takes).
 */
export async function readInputImageAt<L>(port: FilePort<L>, location: L, role: InputImage['role']): Promise<InputImage> {
  const path = port.relativePath(location);
  const stat = await port.stat(location);
  if (!stat) throw new PictorError('badInput', `${path} does not exist or cannot be read.`);
  if (stat.kind === 'directory') throw new PictorError('badInput', `${path} is a folder, not an image.`);
  await port.checkBoundary(location);
  if (stat.size > MAX_INPUT_IMAGE_BYTES) {
    const mb = (stat.size / 1024 / 1024).toFixed(1);
    throw new PictorError('badInput', `${path} is ${mb} MB; Pictor sends images of up to ${MAX_INPUT_IMAGE_BYTES / 1024 / 1024} MB. Use a smaller image.`);
  }
  let bytes: Uint8Array;
  try {
    bytes = await port.readFile(location);
  } catch {
    throw new PictorError('badInput', `${path} cannot be read.`);
  }
  const mimeType = sniffImageMime(bytes);
  if (mimeType && isConvertedInputMimeType(mimeType)) {
    // The service refuses GIF: its first frame goes as a PNG, decided here, before any request.
    const { png, note } = await gifToPng(bytes, path);
    return { path, mimeType: 'image/png', bytes: png, sha256: sha256Hex(png), role, converted: { fromMimeType: mimeType, fileSha256: sha256Hex(bytes), note } };
  }
  if (!mimeType || !isInputMimeType(mimeType)) throw new PictorError('badInput', unsupportedInputMessage(path, mimeType));
  if (!endsWhole(bytes, mimeType)) {
    // Sent as it is, the service would refuse it after a paid round trip, or draw from half a picture.
    throw new PictorError('badInput', `${path} is cut off: the file ends before its image does (an interrupted download or copy?). Use the complete file.`);
  }
  return { path, mimeType, bytes, sha256: sha256Hex(bytes), role };
}
