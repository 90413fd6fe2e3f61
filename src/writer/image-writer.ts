import { PictorError } from '../core/errors';
import { byteLengthOf, joinBytes, type FileBytes } from '../core/file-bytes';
import { identifyOutputImage, sha256HexYielding } from '../core/image-info';
import type { Logger } from '../core/log';
import { extensionForMime, isPlainFileName, sidecarNameFor } from '../core/naming';
import { serializeSidecar, type Sidecar } from '../core/sidecar';
import type { SavedImageFacts } from '../core/sidecar-builder';
import type { FilePort, StagedFile } from './file-port';

/**
 * A step that changes the final bytes before they are written (e.g. provenance metadata in a PNG),
 * whole or as pieces in order (views of the bytes it was given need no copy).
 * It must keep the format: the writer names the file from the type identified before the steps.
 * `sidecar` is the record of the file about to be written (its `image.file` is the name chosen). Its
 * `image.sha256` and `image.bytes` are not known yet (an empty string and the size as received): the
 * hash is taken once, of the final bytes, after every step.
 */
export type FinalizeImage = (image: { bytes: Uint8Array; mimeType: string; sidecar: Sidecar }) => FileBytes | Promise<FileBytes>;

export interface ImageToWrite<L> {
  dir: L;
  /** Candidate file names for an extension (`png`, `jpg`, …); the first free one (with a free sidecar name) wins. */
  names(extension: string): Iterable<string>;
  /** The bytes as received. They, not `labelledMimeType`, decide the type and the extension. */
  bytes: Uint8Array;
  /** The MIME type the bytes came labelled with; a disagreement is logged. */
  labelledMimeType?: string;
  /** Builds the sidecar from the facts of the file as written (path, type, hash and size of the final bytes). */
  sidecar(image: SavedImageFacts): Sidecar;
}

export interface WrittenImage<L> {
  uri: L;
  sidecarUri: L;
  sidecar: Sidecar;
}

/** Names being written by this process right now, so concurrent saves never pick the same one. */
const reserved = new Set<string>();

/**
 * The one writer of images and their sidecars, used by every save path. The bytes decide the type
 * (`name.jpg` and `image/jpeg` for JPEG bytes labelled `image/png`); bytes that are no image are refused
 * with PictorError('server') before anything is written; the image is written atomically under a name
 * that neither it nor its sidecar has yet (never overwriting); the sidecar goes beside it, and when the
 * sidecar cannot be written the image is taken back.
 */
export class ImageWriter<L> {
  private readonly finalizers: FinalizeImage[] = [];
  private readonly writtenListeners: Array<(written: WrittenImage<L>) => void | Promise<void>> = [];

  constructor(
    readonly port: FilePort<L>,
    private readonly log?: Logger,
  ) {}

  /**
   * Adds a step run on the final bytes before they are written; steps run in the order added. The
   * sidecar's `image.sha256` and `image.bytes` describe the bytes after every step.
   */
  addFinalizer(step: FinalizeImage): { dispose(): void } {
    this.finalizers.push(step);
    return { dispose: () => void this.finalizers.splice(this.finalizers.indexOf(step) >>> 0, 1) };
  }

  /**
   * Adds a listener told of each image and sidecar once both are written (e.g. the gallery index);
   * `write` waits for it, and its failure is logged, never the write's.
   */
  onWritten(listener: (written: WrittenImage<L>) => void | Promise<void>): { dispose(): void } {
    this.writtenListeners.push(listener);
    return { dispose: () => void this.writtenListeners.splice(this.writtenListeners.indexOf(listener) >>> 0, 1) };
  }

  /**
   * Checks, before anything is paid for, that images can be saved in `dir`: inside the boundary and
   * not a file (nor under one). Throws PictorError('badInput') naming the setting to change.
   */
  async checkOutputDirectory(dir: L): Promise<void> {
    // The boundary and the folder itself are looked up at the same time (the usual case: it exists).
    const [, first] = await Promise.all([this.port.checkBoundary(dir), this.port.stat(dir)]);
    for (let at = dir; ; ) {
      const stat = at === dir ? first : await this.port.stat(at);
      if (stat) {
        if (stat.kind !== 'directory') {
          throw new PictorError(
            'badInput',
            `Cannot save into ${this.port.relativePath(dir)}: ${this.port.relativePath(at)} is a file, not a folder. Choose another output folder.`,
            { setting: 'pictor.outputFolder' },
          );
        }
        return;
      }
      const up = this.port.parent(at);
      if (this.port.key(up) === this.port.key(at)) return;
      at = up;
    }
  }

  /** Writes one image and its sidecar; see the class comment for the guarantees. */
  async write(image: ImageToWrite<L>): Promise<WrittenImage<L>> {
    const identified = identifyOutputImage(image.bytes);
    if (image.labelledMimeType && image.labelledMimeType.toLowerCase() !== identified.mimeType) {
      this.log?.warn(`the response labelled an image ${image.labelledMimeType}, but its bytes are ${identified.mimeType}; saved as ${identified.mimeType}`);
    }
    const { dir } = image;
    const folderReady = this.folderReady(dir);
    folderReady.catch(() => undefined);
    for (const name of image.names(extensionForMime(identified.mimeType))) {
      if (!isPlainFileName(name)) throw new PictorError('badInput', `"${name}" is not a plain file name.`);
      const target = this.port.join(dir, name);
      const sidecarTarget = this.port.join(dir, sidecarNameFor(name));
      const key = this.port.key(target);
      if (reserved.has(key)) continue;
      reserved.add(key);
      try {
        const [, ...taken] = await Promise.all([folderReady, this.port.stat(target), this.port.stat(sidecarTarget)]);
        if (taken.some(Boolean)) continue;
        const written = await this.writePair(image, identified, target, sidecarTarget);
        if (!written) continue;
        this.port.sweepTemporaries(dir);
        for (const listener of this.writtenListeners) {
          await Promise.resolve()
            .then(() => listener(written))
            .catch((error: unknown) => this.log?.warn(`after saving ${this.port.relativePath(target)}: ${String(error)}`));
        }
        return written;
      } finally {
        reserved.delete(key);
      }
    }
    throw new PictorError('badInput', 'No free file name is left for this image.');
  }

  /**
   * Resolves once `dir` is a folder inside the boundary: it is created only after the boundary check,
   * and only when it is missing (the usual case, a folder that exists, costs no trip of its own). The
   * caller looks up the first names meanwhile.
   */
  private async folderReady(dir: L): Promise<void> {
    const [, stat] = await Promise.all([this.port.checkBoundary(dir), this.port.stat(dir)]);
    if (stat?.kind !== 'directory') await this.port.createDirectory(dir);
  }

  /**
   * Writes the image and its sidecar under names found free, or returns undefined when another writer
   * took the image's name meanwhile. Both are written under temporary names first (the sidecar as soon
   * as the hash of the image's final bytes is known), then named image first: a sidecar never names a
   * missing image.
   */
  private async writePair(
    image: ImageToWrite<L>,
    identified: ReturnType<typeof identifyOutputImage>,
    target: L,
    sidecarTarget: L,
  ): Promise<WrittenImage<L> | undefined> {
    const facts = {
      file: this.port.relativePath(target),
      mimeType: identified.mimeType,
      // Hashing 30 MB takes tens of ms: once, below, of the bytes that are written.
      sha256: '',
      bytes: image.bytes.byteLength,
      width: identified.width,
      height: identified.height,
    };
    // The record embedded by a finalizer names the file, so the steps run once a free name is found.
    const draft = image.sidecar(facts);
    let bytes: FileBytes = image.bytes;
    // A step after another one gets the bytes whole (a copy only then).
    for (const step of this.finalizers) bytes = await step({ bytes: joinBytes(bytes), mimeType: identified.mimeType, sidecar: draft });
    const finalBytes = bytes;
    const pair = await this.stagePair(target, sidecarTarget, finalBytes, draft);
    if (!(await this.placeInOrder(pair, target, sidecarTarget))) return undefined;
    return { uri: target, sidecarUri: sidecarTarget, sidecar: pair.sidecar };
  }

  /**
   * Writes both files under temporary names: the sidecar's is made beside the image's, and filled as
   * soon as the hash of the image's bytes is known. A local port hashes the bytes as it writes them and
   * tells the hash before it closes the file; other ports' bytes are hashed here once written.
   * Nothing is left when either fails.
   */
  private async stagePair(
    target: L,
    sidecarTarget: L,
    finalBytes: FileBytes,
    draft: Sidecar,
  ): Promise<{ imageFile: StagedFile; sidecarFile: StagedFile; sidecar: Sidecar }> {
    let hashedByPort!: (sha256: string) => void;
    const hashedWhileWriting = new Promise<string>((resolve) => (hashedByPort = resolve));
    const imageStaged = this.port.stageNewFile(target, finalBytes, hashedByPort);
    const hashed = Promise.race([hashedWhileWriting, imageStaged.then((staged) => staged.sha256 ?? sha256HexYielding(finalBytes))]);
    // image.sha256 and image.bytes describe the bytes on disk, after every step.
    const sidecar = hashed.then((sha256): Sidecar => ({ ...draft, image: { ...draft.image, sha256, bytes: byteLengthOf(finalBytes) } }));
    const sidecarBytes = sidecar.then((record) => new TextEncoder().encode(serializeSidecar(record)));
    const staged = await Promise.allSettled([imageStaged, this.port.stageNewFile(sidecarTarget, sidecarBytes)]);
    const [imageFile, sidecarFile] = staged.map((s) => (s.status === 'fulfilled' ? s.value : undefined));
    const failed = staged.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (!imageFile || !sidecarFile || failed) {
      await Promise.all([imageFile?.discard(), sidecarFile?.discard()]);
      throw failed?.reason;
    }
    return { imageFile, sidecarFile, sidecar: await sidecar };
  }

  /**
   * Names the image, then its sidecar (as soon as the image has its name, while the image's temporary
   * name goes): a sidecar never names a missing image. False when the image's name was taken meanwhile
   * (nothing is left); a failure after the image is named takes back both files.
   */
  private async placeInOrder(pair: { imageFile: StagedFile; sidecarFile: StagedFile }, target: L, sidecarTarget: L): Promise<boolean> {
    const { imageFile, sidecarFile } = pair;
    let imageNamed!: () => void;
    const named = new Promise<true>((resolve) => (imageNamed = () => resolve(true)));
    const imagePlaced = imageFile.place(imageNamed);
    imagePlaced.catch(() => undefined);
    const imageHasName = await Promise.race([named, imagePlaced]).catch(async (error: unknown) => {
      await sidecarFile.discard();
      throw error;
    });
    if (!imageHasName) {
      await sidecarFile.discard();
      return false;
    }
    let sidecarPlaced = false;
    try {
      sidecarPlaced = await sidecarFile.place();
      if (!sidecarPlaced) {
        throw new PictorError('badInput', `Could not save ${this.port.relativePath(sidecarTarget)}: a file with that name appeared meanwhile.`);
      }
      await imagePlaced;
    } catch (error) {
      // An image without its sidecar is half-written: take both back.
      await Promise.all([this.port.delete(target), sidecarPlaced ? this.port.delete(sidecarTarget) : sidecarFile.discard()]);
      throw error;
    }
    return true;
  }

  /** Takes back what `write` produced (a cancelled run). */
  async remove(written: Pick<WrittenImage<L>, 'uri' | 'sidecarUri'>): Promise<void> {
    await Promise.all([this.port.delete(written.sidecarUri), this.port.delete(written.uri)]);
  }
}
