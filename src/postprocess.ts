import { PictorError, cancelled } from './core/errors';
import { loadImaging } from './core/imaging/load';
import type { Raster } from './core/imaging/raster';
import { candidateFileNames } from './core/naming';
import { BLACK_BACKGROUND_EDIT, DURING_GENERATION, onWhiteBackground } from './core/postprocess-plan';
import type { Grounding } from './core/grounding';
import { effectivePromptOf } from './core/request';
import type { Sidecar } from './core/sidecar';
import type { SavedImageFacts } from './core/sidecar-builder';
import type { PostprocessStep } from './core/derived-sidecar';
import { validateSpec, type GenerationSpec, type InputImage } from './core/spec';
import { runGeneration, specCost, type GenerationOutcome, type OutputPlan, type PipelineDeps, type ProgressSink, type RunHooks, type SavedImage } from './pipeline';

/** What a generation asks for beyond the model's own output (public `pictor.generate` options). */
export interface Postprocessing {
  /** `transparent`: difference matting of a white and a black version (two billed requests per image). */
  background?: 'transparent' | 'opaque';
  /** Exact output size: the nearest aspect ratio is requested, then the image is scaled and centre-cropped. */
  size?: { width: number; height: number };
  /** Keep `name.white.png` / `name.black.png` (with sidecars) beside a transparent result. */
  keepSources: boolean;
}

/**
 * Generation with local post-processing, beside the pipeline and through it: every request and every file
 * goes through `runGeneration` and the one writer. Each result is the only entry in `images`.
 */
export async function runPostprocessedGeneration<L>(
  spec: GenerationSpec,
  plan: OutputPlan<L>,
  deps: PipelineDeps<L>,
  signal: AbortSignal,
  hooks: RunHooks<L>,
  options: Postprocessing,
): Promise<GenerationOutcome<L>> {
  if (options.background !== 'transparent') {
    if (!options.size) return runGeneration(spec, plan, deps, signal, hooks);
    return resizeEach(await runGeneration(spec, { ...plan, names: (ext) => candidateFileNames(`${plan.baseName}.original`, ext) }, deps, signal, { progress: hooks.progress }), plan, deps, options.size, hooks);
  }
  // The whole run (a generation and an edit per image) is checked, priced and approved once, before the
  // first request; the calls inside record against that one approval.
  validateSpec(spec);
  const whole = await deps.approveCost?.(specCost(spec, options.background));
  const shared: PipelineDeps<L> = whole ? { ...deps, approveCost: async () => ({ record: (call) => whole.record(call), release: () => undefined }) } : deps;
  const outcome: GenerationOutcome<L> = { images: [], warnings: [], failures: [] };
  try {
    for (let index = 0; index < spec.count; index++) {
      const one = await transparentOne({ ...spec, count: 1 }, plan, shared, signal, hooks, options);
      outcome.images.push(one.image);
      outcome.warnings.push(...one.warnings);
      if (one.grounding && !outcome.grounding) outcome.grounding = one.grounding;
      hooks.onImage?.(one.image, one.grounding);
    }
  } finally {
    whole?.release();
  }
  return outcome;
}

async function transparentOne<L>(
  spec: GenerationSpec,
  plan: OutputPlan<L>,
  deps: PipelineDeps<L>,
  signal: AbortSignal,
  hooks: RunHooks<L>,
  options: Postprocessing,
): Promise<{ image: SavedImage<L>; warnings: string[]; grounding?: Grounding }> {
  const progress = hooks.progress;
  progress?.report('Generating on white…');
  const whiteSpec: GenerationSpec = { ...spec, effectivePrompt: onWhiteBackground(effectivePromptOf(spec)) };
  const white = await runGeneration(whiteSpec, { ...plan, names: (ext) => candidateFileNames(`${plan.baseName}.white`, ext) }, deps, signal, { ...(progress ? { progress } : {}) });
  const finished = await finishTransparent(firstImage(white), spec, plan, deps, signal, { ...options, ...(progress ? { progress } : {}) });
  return { image: finished.image, warnings: [...white.warnings, ...finished.warnings], ...(white.grounding ? { grounding: white.grounding } : {}) };
}

/** How `finishTransparent` ends a transparent image. */
export interface TransparentFinish extends Postprocessing {
  progress?: ProgressSink;
  /**
   * Keep the white image's `parent` and `lineage` on the result (a chat turn continues a chain of
   * images); otherwise the result has no parent, like any new generation.
   */
  keepLineage?: boolean;
}

/**
 * The second half of difference matting, for a white image already saved (by the pipeline, or by a chat
 * turn): asks for the same image on black as an edit of it (through `runGeneration`, priced and recorded
 * through `deps.approveCost`), computes the alpha from the pair (a colour key on the white image when the
 * two do not line up) and writes the transparent PNG through the one writer, named by `plan`. Its sidecar
 * is the white image's with both versions as inputs (after `spec`'s own), `postprocess: [{ op:
 * 'differenceMatte' | 'colorKey', … }]` and the two calls' tokens and cost summed. The white and black
 * files are removed afterwards unless `options.keepSources`; on failure or cancel they are removed too
 * (the white one only when it is not kept).
 */
export async function finishTransparent<L>(
  whiteImage: SavedImage<L>,
  spec: GenerationSpec,
  plan: OutputPlan<L>,
  deps: PipelineDeps<L>,
  signal: AbortSignal,
  options: TransparentFinish,
): Promise<{ image: SavedImage<L>; warnings: string[]; step: PostprocessStep; black: SavedImage<L> }> {
  const progress = options.progress;
  const whiteBytes = await deps.writer.port.readFile(whiteImage.uri);
  const whiteInput: InputImage = { path: whiteImage.sidecar.image.file, mimeType: whiteImage.sidecar.image.mimeType, bytes: whiteBytes, sha256: whiteImage.sidecar.image.sha256, role: 'source' };
  progress?.report('Changing the background to black…');
  const blackSpec: GenerationSpec = {
    prompt: BLACK_BACKGROUND_EDIT,
    preset: 'none',
    model: spec.model,
    ...(spec.aspectRatio ? { aspectRatio: spec.aspectRatio } : {}),
    ...(spec.imageSize ? { imageSize: spec.imageSize } : {}),
    ...(spec.serviceTier ? { serviceTier: spec.serviceTier } : {}),
    ...(spec.store !== undefined ? { store: spec.store } : {}),
    count: 1,
    inputs: [whiteInput],
    parent: { path: whiteInput.path, sha256: whiteInput.sha256 },
  };
  let black: GenerationOutcome<L>;
  try {
    black = await runGeneration(blackSpec, { ...plan, names: (ext) => candidateFileNames(`${plan.baseName}.black`, ext) }, deps, signal, { ...(progress ? { progress } : {}) });
  } catch (error) {
    if (!options.keepSources || signal.aborted) await deps.writer.remove(whiteImage);
    throw error;
  }
  const blackImage = firstImage(black);
  if (signal.aborted) {
    await Promise.all([deps.writer.remove(whiteImage), deps.writer.remove(blackImage)]);
    throw cancelled();
  }

  const imaging = await loadImaging();
  const whiteRaster = await imaging.decodeImage(whiteBytes, whiteInput.path);
  const blackRaster = await imaging.decodeImage(await deps.writer.port.readFile(blackImage.uri), blackImage.sidecar.image.file);
  const warnings = [...black.warnings];
  const matte = imaging.differenceMatte(whiteRaster, blackRaster);
  let raster: Raster;
  let step: PostprocessStep;
  const pair = { white: whiteImage.sidecar.image.file, black: blackImage.sidecar.image.file, during: DURING_GENERATION };
  if (matte.aligned) {
    raster = matte.raster;
    step = { op: 'differenceMatte', similarity: round(matte.similarity), ...pair };
  } else {
    const keyed = imaging.colorKey(whiteRaster, { color: '#ffffff' });
    raster = keyed.raster;
    step = { op: 'colorKey', color: keyed.color, tolerance: keyed.tolerance, reason: 'misaligned', similarity: round(matte.similarity), ...pair };
    warnings.push(
      `The black version did not line up with the white one (similarity ${Math.round(matte.similarity * 100)} %), so the background was removed by colour from the white image instead; soft shadows and glass may be lost.`,
    );
  }
  const steps: PostprocessStep[] = [step];
  if (options.size) {
    raster = imaging.resizeRaster(raster, options.size.width, options.size.height, 'cover');
    steps.push({ op: 'resize', width: options.size.width, height: options.size.height, fit: 'cover', during: DURING_GENERATION });
  }
  // The generation's own references first, then the two versions the matte was made from.
  const references = spec.inputs.map((i) => ({ path: i.path, sha256: i.converted?.fileSha256 ?? i.sha256, mimeType: i.mimeType, role: i.role }));
  const inputs = [...references, ...[whiteImage, blackImage].map((s) => ({ path: s.sidecar.image.file, sha256: s.sidecar.image.sha256, mimeType: s.sidecar.image.mimeType, role: 'source' as const }))];
  const { lineage: _lineage, ...base } = whiteImage.sidecar;
  const saved = await deps.writer.write({
    dir: plan.dir,
    names: (ext) => (plan.names ? plan.names(ext) : candidateFileNames(plan.baseName, ext)),
    bytes: imaging.encodePng(raster),
    sidecar: (facts: SavedImageFacts): Sidecar => ({
      ...base,
      ...(options.keepLineage && whiteImage.sidecar.lineage ? { lineage: whiteImage.sidecar.lineage } : {}),
      createdAt: new Date().toISOString(),
      prompt: spec.prompt,
      effectivePrompt: effectivePromptOf(spec),
      inputs,
      parent: options.keepLineage ? base.parent : null,
      image: { ...facts },
      responseText: base.responseText,
      usage: sumUsage(base.usage, blackImage.sidecar.usage),
      // Both requests are billed.
      estimatedCostUsd: base.estimatedCostUsd === null || blackImage.sidecar.estimatedCostUsd === null ? null : round6(base.estimatedCostUsd + blackImage.sidecar.estimatedCostUsd),
      postprocess: steps,
    }),
  });
  if (!options.keepSources) await Promise.all([deps.writer.remove(whiteImage), deps.writer.remove(blackImage)]);
  deps.log.info(`transparent ${saved.sidecar.image.file}: ${step.op}${options.keepSources ? '' : ' (white and black versions discarded)'}`);
  return { image: saved, warnings, step, black: blackImage };
}

/** Each image scaled and centre-cropped (cover) to the exact size; the model's own image is not kept. */
async function resizeEach<L>(
  outcome: GenerationOutcome<L>,
  plan: OutputPlan<L>,
  deps: PipelineDeps<L>,
  size: { width: number; height: number },
  hooks: RunHooks<L>,
): Promise<GenerationOutcome<L>> {
  const imaging = await loadImaging();
  const images: SavedImage<L>[] = [];
  for (const original of outcome.images) {
    const raster = imaging.resizeRaster(await imaging.decodeImage(await deps.writer.port.readFile(original.uri)), size.width, size.height, 'cover');
    const saved = await deps.writer.write({
      dir: plan.dir,
      names: (ext) => (plan.names ? plan.names(ext) : candidateFileNames(plan.baseName, ext)),
      bytes: imaging.encodePng(raster),
      sidecar: (facts) => ({
        ...original.sidecar,
        createdAt: new Date().toISOString(),
        image: { ...facts },
        postprocess: [{ op: 'resize', width: size.width, height: size.height, fit: 'cover', during: DURING_GENERATION }],
      }),
    });
    await deps.writer.remove(original);
    images.push(saved);
    hooks.onImage?.(saved, outcome.grounding);
  }
  return { ...outcome, images };
}

function firstImage<L>(outcome: GenerationOutcome<L>): SavedImage<L> {
  const image = outcome.images[0];
  if (!image) throw new PictorError('noImage', 'The model returned no image.');
  return image;
}

const round = (n: number) => Math.round(n * 1000) / 1000;
const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

function sumUsage(a: Sidecar['usage'], b: Sidecar['usage']): Sidecar['usage'] {
  const add = (x: number | null | undefined, y: number | null | undefined) => (x === null || x === undefined || y === null || y === undefined ? null : x + y);
  return { promptTokens: add(a.promptTokens, b.promptTokens), outputTokens: add(a.outputTokens, b.outputTokens), totalTokens: add(a.totalTokens, b.totalTokens) };
}
