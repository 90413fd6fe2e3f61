import { PictorError } from '../core/errors';
import { isAspectRatio, isImageSize, modelInfo } from '../core/models';
import { editFileNames, slugify } from '../core/naming';
import { generationPostprocessOf } from '../core/postprocess-plan';
import type { Sidecar } from '../core/sidecar';
import { fileSha256Of, type GenerationSpec, type InputImage } from '../core/spec';
import { readInputImageAt } from '../files/input-image';
import type { OutputPlan } from '../pipeline';
import type { Postprocessing } from '../postprocess';
import type { FilePort } from '../writer/file-port';

/**
 * Rebuilds the request a sidecar records; inputs are re-read (`locate` turns a recorded root-relative
 * path into a location) and their sha256 compared with the record: `changed` lists those that differ.
 * @throws PictorError('badInput') when a recorded input is missing or unreadable.
 */
export async function replaySpec<L>(
  sidecar: Sidecar,
  count: number,
  port: FilePort<L>,
  locate: (recordedPath: string) => L,
  model = sidecar.model,
): Promise<{ spec: GenerationSpec; changed: string[] }> {
  const inputs: InputImage[] = [];
  const changed: string[] = [];
  const { intermediates } = generationPostprocessOf(sidecar);
  const recordedInputs = sidecar.inputs.filter((i) => !intermediates.includes(i.path));
  // A record listing more images than the model takes is refused before any of them is read.
  const { label, maxReferenceImages } = modelInfo(model);
  if (recordedInputs.length > maxReferenceImages) {
    throw new PictorError('badInput', `${label} accepts at most ${maxReferenceImages} reference images; the sidecar records ${recordedInputs.length}.`);
  }
  for (const recorded of recordedInputs) {
    let input: InputImage;
    try {
      input = await readInputImageAt(port, locate(recorded.path), recorded.role);
    } catch (error) {
      throw new PictorError('badInput', `The recorded input ${recorded.path} is missing or unreadable, so the request cannot be repeated.`, { cause: error });
    }
    if (fileSha256Of(input) !== recorded.sha256) changed.push(recorded.path);
    inputs.push(input);
  }
  const aspectRatio = sidecar.config.aspectRatio && isAspectRatio(sidecar.config.aspectRatio) ? sidecar.config.aspectRatio : undefined;
  const imageSize = sidecar.config.imageSize && isImageSize(sidecar.config.imageSize) ? sidecar.config.imageSize : undefined;
  // A workspace preset may be gone: the recorded effective prompt is what gets sent either way.
  const preset = sidecar.preset ?? 'blank';
  return {
    spec: {
      prompt: sidecar.prompt,
      effectivePrompt: sidecar.effectivePrompt,
      preset,
      ...(sidecar.presetFields ? { presetFields: sidecar.presetFields } : {}),
      model,
      ...(aspectRatio ? { aspectRatio } : {}),
      ...(imageSize ? { imageSize } : {}),
      ...(sidecar.thinkingLevel ? { thinkingLevel: sidecar.thinkingLevel } : {}),
      ...(sidecar.serviceTier ? { serviceTier: sidecar.serviceTier } : {}),
      count,
      inputs,
      parent: currentParent(sidecar.parent, inputs),
      ...(sidecar.lineage ? { lineage: sidecar.lineage.slice(0, -1) } : {}),
    },
    changed,
  };
}

/** When the source was allowed to change, the new record names the source as it is now. */
function currentParent(parent: Sidecar['parent'], inputs: InputImage[]): Sidecar['parent'] {
  const source = parent && inputs.find((input) => input.role === 'source' && input.path === parent.path);
  return source ? { path: source.path, sha256: fileSha256Of(source) } : parent;
}

/** New files go beside the image; an edit's replay keeps the `<source>.edit-N` naming of its family. */
export function planBeside<L>(port: FilePort<L>, image: L, sidecar: Sidecar): OutputPlan<L> {
  const dir = port.parent(image);
  const sourceName = sidecar.parent?.path.split('/').pop();
  if (sourceName && sidecar.inputs.some((input) => input.role === 'source')) {
    return { dir, baseName: sourceName, names: (extension) => editFileNames(sourceName, extension) };
  }
  return { dir, baseName: slugify(sidecar.prompt) };
}

/** A transparent or exact-size image is made the same way again; undefined for a plain one. */
export function replayPostprocessing(sidecar: Sidecar, keepSources: boolean): Postprocessing | undefined {
  const { background, size } = generationPostprocessOf(sidecar);
  return background || size ? { ...(background ? { background } : {}), ...(size ? { size } : {}), keepSources } : undefined;
}
