import { PictorError } from '../core/errors';
import { IMAGE_FILE_PATTERN, sidecarNameFor } from '../core/naming';
import { parseSidecar, type Sidecar } from '../core/sidecar';
import { embeddedSidecarOfFile } from '../provenance';
import type { FilePort } from '../writer/file-port';

/** `name.png.json` (any image extension Pictor writes). */
export const SIDECAR_SUFFIX = new RegExp(`${IMAGE_FILE_PATTERN.source.slice(0, -1)}\\.json$`, 'i');

/** `x.png.json` → `x.png`; an image → itself. */
export function imageLocationFor<L>(port: FilePort<L>, location: L): L {
  const name = port.baseName(location);
  return SIDECAR_SUFFIX.test(name) ? port.join(port.parent(location), name.slice(0, -'.json'.length)) : location;
}

/** The sidecar beside an image (whether or not it exists). */
export function sidecarLocationFor<L>(port: FilePort<L>, image: L): L {
  return port.join(port.parent(image), sidecarNameFor(port.baseName(image)));
}

/**
 * The sidecar of an image (or the sidecar itself), or undefined when there is none.
 * @throws PictorError('badInput') when the file is there but is no valid sidecar.
 */
export async function readSidecarAt<L>(port: FilePort<L>, location: L): Promise<{ sidecar: Sidecar; location: L } | undefined> {
  const sidecarLocation = SIDECAR_SUFFIX.test(port.baseName(location)) ? location : sidecarLocationFor(port, location);
  let text: string;
  try {
    text = new TextDecoder().decode(await port.readFile(sidecarLocation));
  } catch {
    return undefined;
  }
  try {
    return { sidecar: parseSidecar(text), location: sidecarLocation };
  } catch (error) {
    throw new PictorError('badInput', `${port.relativePath(sidecarLocation)} is not a valid Pictor sidecar. Fix or remove it, then try again.`, {
      detail: error instanceof Error ? error.message : String(error),
    });
  }
}

/**
 * The image's sidecar file or, when there is none, the record embedded in the image itself
 * (`location` is the image or its sidecar).
 * @throws PictorError('badInput') when neither exists, or the sidecar is damaged.
 */
export async function requireRecordAt<L>(port: FilePort<L>, location: L): Promise<{ sidecar: Sidecar; location?: L }> {
  const found = await readSidecarAt(port, location);
  if (found) return found;
  const name = port.baseName(location);
  const embedded = SIDECAR_SUFFIX.test(name) ? undefined : await embeddedSidecarOfFile(port, location);
  if (embedded) return { sidecar: embedded };
  const image = imageLocationFor(port, location);
  throw new PictorError(
    'badInput',
    `${port.relativePath(image)} has no Pictor sidecar (${sidecarNameFor(port.baseName(image))}), so its prompt and settings are unknown.`,
  );
}
