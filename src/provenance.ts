import { embeddedRecordOf, isGeneratedRecord } from './core/derived-sidecar';
import { sha256Hex } from './core/image-info';
import { loadImaging } from './core/imaging/load';
import { sidecarSchema, type Sidecar } from './core/sidecar';
import type { FileBytes } from './core/file-bytes';
import type { FilePort } from './writer/file-port';
import type { FinalizeImage } from './writer/image-writer';

/**
 * Provenance inside the files Pictor writes: the record (sidecar JSON without the image's hash and size)
 * and an XMP packet with the prompt and the IPTC digital source type. Turned off by `pictor.embedProvenance`.
 */
export interface ProvenanceEmbedder {
  /** The bytes to write for `sidecar` (whose `image.file` names the final file); unchanged when embedding is off. */
  embed(bytes: Uint8Array, sidecar: Sidecar): FileBytes;
}

/**
 * The writer's finalizing step that puts the provenance into every image it writes while `enabled()`
 * says so (in VS Code the `pictor.embedProvenance` setting, asked at each write).
 */
export const embedProvenanceStep =
  (enabled: () => boolean): FinalizeImage =>
  async ({ bytes, sidecar }) =>
    (await provenanceEmbedder(enabled())).embed(bytes, sidecar);

/** Loads the codecs when embedding is on (first use only); the returned embedder is synchronous. */
export async function provenanceEmbedder(enabled: boolean): Promise<ProvenanceEmbedder> {
  if (!enabled) return { embed: (bytes) => bytes };
  const imaging = await loadImaging();
  return {
    embed(bytes, sidecar) {
      try {
        return embedInto(bytes, sidecar);
      } catch {
        // Bytes the container parser cannot follow are written as they came: the sidecar still records them.
        return bytes;
      }
    },
  };
  function embedInto(bytes: Uint8Array, sidecar: Sidecar): FileBytes {
    return imaging.embedProvenancePieces(bytes, {
        record: JSON.stringify(embeddedRecordOf(sidecar)),
        xmp: {
          description: sidecar.prompt,
          creatorTool: `${sidecar.generator.name} ${sidecar.generator.version}`,
        ...(isGeneratedRecord(sidecar) ? { digitalSourceType: imaging.TRAINED_ALGORITHMIC_MEDIA } : {}),
      },
    });
  }
}

/**
 * The record embedded in an image, completed with the hash and size of the file as it is, and checked
 * against the sidecar schema; undefined when the file carries none (or a damaged one).
 */
export async function embeddedSidecarOf(bytes: Uint8Array): Promise<Sidecar | undefined> {
  const imaging = await loadImaging();
  const { record } = imaging.readProvenance(bytes);
  if (record === undefined) return undefined;
  try {
    const parsed = JSON.parse(record) as Sidecar;
    return sidecarSchema.parse({ ...parsed, image: { ...parsed.image, sha256: sha256Hex(bytes), bytes: bytes.byteLength } });
  } catch {
    return undefined;
  }
}

/** The embedded record of the image at `location`, or undefined (also when it cannot be read). */
export async function embeddedSidecarOfFile<L>(port: FilePort<L>, location: L): Promise<Sidecar | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await port.readFile(location);
  } catch {
    return undefined;
  }
  return embeddedSidecarOf(bytes);
}
