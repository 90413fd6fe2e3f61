import { costOfUsage } from './estimate';
import { canonicalPresetId } from './presets';
import { RESPONSE_MODALITIES, effectivePromptOf } from './request';
import type { GenerationResult } from './response';
import { SIDECAR_VERSION, type Sidecar } from './sidecar';
import { fileSha256Of, type GenerationSpec } from './spec';

export interface SavedImageFacts {
  /** Workspace-relative path of the image with `/`. */
  file: string;
  mimeType: string;
  sha256: string;
  bytes: number;
  width: number | null;
  height: number | null;
}

export interface SidecarContext {
  generator: { name: string; version: string };
  createdAt: Date;
  /** How many images this response produced (the usage is shared between them). */
  imagesInResponse: number;
  /** Set for results of a batch job: recorded in the sidecar, and the cost is at the batch price. */
  batch?: { job: string; key: string };
}

/** The sidecar for one saved image of one response. */
export function buildSidecar(
  spec: GenerationSpec,
  result: GenerationResult,
  image: SavedImageFacts,
  context: SidecarContext,
): Sidecar {
  // What the service's token counts say the response cost, at the catalog's prices for its tier.
  const cost = costOfUsage(spec.model, result.usage, context.imagesInResponse, spec.imageSize ?? '1K', context.batch ? 'batch' : (spec.serviceTier ?? 'standard'));
  return {
    version: SIDECAR_VERSION,
    generator: context.generator,
    createdAt: context.createdAt.toISOString(),
    prompt: spec.prompt,
    effectivePrompt: effectivePromptOf(spec),
    preset: canonicalPresetId(spec.preset),
    ...(spec.presetFields ? { presetFields: { ...spec.presetFields } } : {}),
    model: spec.model,
    modelVersion: result.modelVersion,
    config: {
      aspectRatio: spec.aspectRatio ?? null,
      imageSize: spec.imageSize ?? null,
      responseModalities: [...RESPONSE_MODALITIES],
    },
    // The file's own hash (what a replay compares); a converted input also says what was sent instead.
    inputs: spec.inputs.map((input) => ({
      path: input.path,
      sha256: fileSha256Of(input),
      mimeType: input.mimeType,
      role: input.role,
      ...(input.converted ? { convertedFrom: input.converted.fromMimeType, note: input.converted.note } : {}),
    })),
    parent: spec.parent ?? null,
    ...(spec.parent ? { lineage: [...(spec.lineage ?? []), spec.parent] } : {}),
    image: { ...image },
    responseText: result.text,
    finishReason: result.finishReason,
    usage: result.usage,
    // Several images in one response share its cost.
    estimatedCostUsd: cost === null ? null : Math.round((cost / Math.max(1, context.imagesInResponse)) * 1e6) / 1e6,
    responseId: result.responseId,
    serviceTier: spec.serviceTier ?? 'standard',
    thinkingLevel: spec.thinkingLevel ?? null,
    store: spec.store ?? false,
    ...(context.batch ? { batch: { job: context.batch.job, key: context.batch.key } } : {}),
  };
}
