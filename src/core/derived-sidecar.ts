import type { SavedImageFacts } from './sidecar-builder';
import { SIDECAR_VERSION, type Sidecar } from './sidecar';

/** One local processing step as recorded in `postprocess`: the operation and its parameters. */
export interface PostprocessStep {
  op: 'differenceMatte' | 'colorKey' | 'resize' | 'iconSet';
  [parameter: string]: unknown;
}

export interface DerivedImageContext {
  /** The image the new one was made from (workspace-relative path). */
  source: { path: string; sha256: string };
  /** The source's own record (its sidecar, or the copy embedded in it), when it has one. */
  sourceSidecar?: Sidecar;
  steps: PostprocessStep[];
  generator: { name: string; version: string };
  createdAt: Date;
}

/**
 * The sidecar of an image Pictor made locally from another one (transparent, resized, icon): the source is
 * the `parent`; prompt, model and inputs are the source's (so Regenerate repeats the original request),
 * `postprocess` extends the source's with `steps`; no tokens and no cost, since no request was made.
 * A source without a record gives an empty prompt and model.
 */
export function buildDerivedSidecar(context: DerivedImageContext, image: SavedImageFacts): Sidecar {
  const from = context.sourceSidecar;
  const parent = { path: context.source.path, sha256: context.source.sha256 };
  return {
    version: SIDECAR_VERSION,
    generator: context.generator,
    createdAt: context.createdAt.toISOString(),
    prompt: from?.prompt ?? '',
    effectivePrompt: from?.effectivePrompt ?? '',
    preset: from?.preset ?? null,
    model: from?.model ?? '',
    modelVersion: from?.modelVersion ?? null,
    config: from?.config ?? { aspectRatio: null, imageSize: null, responseModalities: [] },
    inputs: from?.inputs ?? [],
    parent,
    lineage: [...(from?.lineage ?? (from?.parent ? [from.parent] : [])), parent],
    image: { ...image },
    responseText: null,
    finishReason: null,
    usage: { promptTokens: null, outputTokens: null, totalTokens: null },
    estimatedCostUsd: 0,
    postprocess: [...(from?.postprocess ?? []), ...context.steps],
  };
}

/**
 * The record embedded inside an image: its sidecar without `image.sha256` and `image.bytes`, which
 * describe the final file and so cannot be part of it.
 */
export function embeddedRecordOf(sidecar: Sidecar): Record<string, unknown> {
  const { sha256: _sha256, bytes: _bytes, ...image } = sidecar.image;
  return { ...sidecar, image };
}

/** Whether the record says the pixels came from a model (so the IPTC "trained algorithmic media" marker is true). */
export function isGeneratedRecord(sidecar: Pick<Sidecar, 'model'>): boolean {
  return sidecar.model.trim() !== '';
}
