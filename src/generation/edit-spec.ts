import { editFileNames } from '../core/naming';
import { fileSha256Of, resolveImageSize, type EditArgs, type GenerationSpec, type InputImage } from '../core/spec';
import { readInputImageAt } from '../files/input-image';
import { readSidecarAt } from '../files/sidecar-files';
import type { OutputPlan } from '../pipeline';
import type { GenerationDefaults, SpecSources } from './sources';

/** An instruction (edit or composition) sent as typed, with the given images. */
export function instructionSpec(
  args: EditArgs,
  inputs: InputImage[],
  parent: GenerationSpec['parent'],
  defaults: Pick<GenerationDefaults, 'model' | 'imageSize'>,
  lineage?: GenerationSpec['lineage'],
): GenerationSpec {
  const model = args.model ?? defaults.model();
  const imageSize = resolveImageSize(model, args.imageSize, defaults.imageSize());
  return {
    prompt: args.prompt,
    preset: 'none',
    model,
    ...(args.aspectRatio ? { aspectRatio: args.aspectRatio } : {}),
    ...(imageSize ? { imageSize } : {}),
    ...(args.thinkingLevel ? { thinkingLevel: args.thinkingLevel } : {}),
    ...(args.serviceTier ? { serviceTier: args.serviceTier } : {}),
    count: args.count ?? 1,
    inputs,
    parent,
    ...(lineage ? { lineage } : {}),
  };
}

/**
 * An edit of one image: the source goes in as role `source` (then any `references`); its sidecar's lineage continues in the
 * result's sidecar. Results are named `<source>.edit-N` beside the original (or in the output folder
 * when `args.outputFolder` is given or the host's default says so).
 * @throws PictorError('badInput') for a source that is missing, outside the root or no image the service takes.
 */
export async function editSpecFor<L>(source: L, args: EditArgs, sources: SpecSources<L>): Promise<{ spec: GenerationSpec; plan: OutputPlan<L> }> {
  const { port } = sources;
  const input = await readInputImageAt(port, source, 'source');
  const own = await readSidecarAt(port, source).catch(() => undefined);
  const lineage = own?.sidecar.lineage ?? (own?.sidecar.parent ? [own.sidecar.parent] : []);
  // `references` go after the source, as role `reference` (the pipeline checks the model's limit).
  const references: InputImage[] = [];
  for (const reference of args.references ?? []) references.push(await readInputImageAt(port, sources.locate(reference), 'reference'));
  const spec = instructionSpec(args, [input, ...references], { path: input.path, sha256: fileSha256Of(input) }, sources.defaults, lineage);
  const sourceName = input.path.split('/').pop() ?? 'image';
  const besides = !args.outputFolder && sources.defaults.editBesideOriginal();
  const dir = besides ? port.parent(source) : sources.outputDir(args.outputFolder ?? sources.defaults.outputFolder());
  return { spec, plan: { dir, baseName: sourceName, names: (extension) => editFileNames(sourceName, extension) } };
}
