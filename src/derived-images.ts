import * as vscode from 'vscode';
import { buildDerivedSidecar, type PostprocessStep } from './core/derived-sidecar';
import { PictorError } from './core/errors';
import { loadImaging } from './core/imaging/load';
import type { Sidecar } from './core/sidecar';
import type { InputImage } from './core/spec';
import type { SavedImage } from './pipeline';
import { embeddedSidecarOf } from './provenance';
import type { Services } from './services';
import { readInputImage, resolveWorkspaceFile } from './workspace/files';
import { readSidecarOf } from './workspace/sidecars';

/** An image that Pictor processes locally, with its record (sidecar file, else the copy embedded in it). */
export interface SourceImage {
  uri: vscode.Uri;
  input: InputImage;
  sidecar?: Sidecar;
}

/**
 * Reads an image to process: inside the workspace, a file, really an image, not animated, not WebP.
 * @throws PictorError('badInput') with what is wrong and what to do.
 */
export async function readSourceImage(reference: unknown): Promise<SourceImage> {
  if (reference === undefined || reference === null || (typeof reference !== 'string' && typeof reference !== 'object')) {
    throw new PictorError('badInput', 'Choose an image: pass its Uri or workspace-relative path.');
  }
  const uri = resolveWorkspaceFile(reference as string | vscode.Uri);
  const input = await readInputImage(uri, 'source');
  const imaging = await loadImaging();
  if (input.converted?.fromMimeType === 'image/gif') {
    // A still GIF arrives as a PNG of its frame; an animation has no single picture to process.
    if (imaging.gifFrameCount(await vscode.workspace.fs.readFile(uri)) > 1) {
      throw new PictorError('badInput', `${input.path} is an animated GIF; Pictor processes still images only. Export one frame as PNG first.`);
    }
  }
  if (input.mimeType !== 'image/png' && input.mimeType !== 'image/jpeg') {
    throw new PictorError('badInput', `${input.path} is ${input.mimeType}; Pictor processes PNG, JPEG and still GIF images locally. Convert it to PNG first.`);
  }
  // The parent is the file as it is on disk, not its converted frame.
  const recorded = input.converted ? { ...input, sha256: input.converted.fileSha256 } : input;
  return { uri, input: recorded, sidecar: await recordOf(uri, input.bytes) };
}

/** The record of an image: its sidecar file, or else the copy embedded in the file. */
export async function recordOf(uri: vscode.Uri, bytes: Uint8Array): Promise<Sidecar | undefined> {
  try {
    const found = await readSidecarOf(uri);
    if (found) return found.sidecar;
  } catch {
    // A damaged sidecar: the embedded copy may still tell where the image came from.
  }
  return embeddedSidecarOf(bytes);
}

export interface DerivedWrite {
  dir: vscode.Uri;
  names: Iterable<string>;
  /** The PNG to write (the writer adds the provenance). */
  png: Uint8Array;
  source: SourceImage;
  steps: PostprocessStep[];
}

/**
 * Writes a PNG made from `source`, with its sidecar (parent = source, `postprocess` = steps), through the
 * one writer: never overwrites (the first free name wins); the image is taken back if its sidecar fails.
 */
export async function saveDerivedPng(services: Services, write: DerivedWrite): Promise<SavedImage<vscode.Uri>> {
  const context = {
    source: { path: write.source.input.path, sha256: write.source.input.sha256 },
    ...(write.source.sidecar ? { sourceSidecar: write.source.sidecar } : {}),
    steps: write.steps,
    generator: services.generator,
    createdAt: new Date(),
  };
  return services.writer.write({ dir: write.dir, names: () => write.names, bytes: write.png, sidecar: (facts) => buildDerivedSidecar(context, facts) });
}
