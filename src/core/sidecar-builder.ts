import { estimateCostUsd } from './prices';
import { modelInfo } from './models';
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
  batch?: boolean;
}

/** The sidecar for one saved image of one response. */
export function buildSidecar(
  spec: GenerationSpec,
  result: GenerationResult,
  image: SavedImageFacts,
  context: SidecarContext,
): Sidecar {
  const tokensPerImage = modelInfo(spec.model).imageTokens[spec.imageSize ?? '1K'] ?? 0;
  const cost = estimateCostUsd({
    model: spec.model,
    promptTokens: result.usage.promptTokens,
    outputTokens: addTokens(result.usage.outputTokens, result.usage.thoughtTokens),
    imageTokens: tokensPerImage * context.imagesInResponse,
    batch: context.batch,
  });
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
  };
}

/** Output and thinking tokens are billed alike; unknown output stays unknown. */
function addTokens(output: number | null, thoughts: number | null | undefined): number | null {
  return output === null ? null : output + (thoughts ?? 0);
}
