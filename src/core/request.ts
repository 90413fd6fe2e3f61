import { modelInfo } from './models';
import { applyPreset } from './presets';
import type { GenerationSpec } from './spec';

/** Structural twins of the SDK's types, so `core` stays free of the SDK. */
export interface WirePart {
  text?: string;
  thought?: boolean;
  thoughtSignature?: string;
  inlineData?: { mimeType?: string; data?: string };
  fileData?: { mimeType?: string; fileUri?: string };
}

export interface WireContent {
  role?: string;
  parts?: WirePart[];
}

export const RESPONSE_MODALITIES = ['TEXT', 'IMAGE'] as const;

export interface ImageRequest {
  model: string;
  contents: WireContent[];
  config: {
    responseModalities: string[];
    imageConfig?: { aspectRatio?: string; imageSize?: string };
    tools?: Array<Record<string, unknown>>;
    /** SDK 3.3.0 `ThinkingConfig.thinkingLevel`: MINIMAL | LOW | MEDIUM | HIGH (sent under generationConfig). */
    thinkingConfig?: { thinkingLevel: string };
    /** SDK 3.3.0 `GenerateContentConfig.serviceTier` ('flex'); sent at the top level of the request body. */
    serviceTier?: string;
    /**
     * SDK 3.3.0 `GenerateContentConfig.store`, sent at the top level of the request body (Gemini API only).
     * Always sent: since 2026-10-26 the service stores requests of new projects unless told `store: false`.
     */
    store: boolean;
  };
}

/** Base64 without a Node Buffer dependency on the call site. */
function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** What a conversation adds around the new turn (chat); a one-off generation passes none. */
export interface ConversationContext {
  /** Earlier turns, oldest first, exactly as they were sent and received (thought signatures kept). */
  history?: WireContent[];
  /** Ground answers with Google Search; sent only to models that support it. Default: the spec's `grounding`. */
  grounding?: boolean;
}

/**
 * The one request builder, for every surface: the history (chat), then one user turn with the prompt
 * as sent followed by the input images (the order the service's examples use), and the config
 * (response modalities, imageConfig, tools). Options the model does not take are left out.
 */
export function buildRequest(spec: GenerationSpec, conversation: ConversationContext = {}): ImageRequest {
  const info = modelInfo(spec.model);
  const parts: WirePart[] = [{ text: effectivePromptOf(spec) }];
  for (const input of spec.inputs) {
    parts.push(
      input.fileUri
        ? { fileData: { mimeType: input.mimeType, fileUri: input.fileUri } }
        : { inlineData: { mimeType: input.mimeType, data: toBase64(input.bytes) } },
    );
  }
  const imageConfig: { aspectRatio?: string; imageSize?: string } = {};
  if (spec.aspectRatio) imageConfig.aspectRatio = spec.aspectRatio;
  if (spec.imageSize && info.supportsImageSize) imageConfig.imageSize = spec.imageSize;
  return {
    model: spec.model,
    contents: [...(conversation.history ?? []), { role: 'user', parts }],
    config: {
      responseModalities: [...RESPONSE_MODALITIES],
      ...(Object.keys(imageConfig).length ? { imageConfig } : {}),
      ...((conversation.grounding ?? spec.grounding) && info.supportsGrounding ? { tools: [{ googleSearch: {} }] } : {}),
      ...serviceOptionsOf(spec),
    },
  };
}

/**
 * The request fields that come from the spec's service options: thinking level, tier and storage. Shared by
 * every request Pictor makes (single generations, chat turns, batch lines) so they all say the same.
 */
export function serviceOptionsOf(spec: Pick<GenerationSpec, 'thinkingLevel' | 'serviceTier' | 'store'>): Pick<
  ImageRequest['config'],
  'thinkingConfig' | 'serviceTier' | 'store'
> {
  return {
    ...(spec.thinkingLevel ? { thinkingConfig: { thinkingLevel: spec.thinkingLevel.toUpperCase() } } : {}),
    ...(spec.serviceTier && spec.serviceTier !== 'standard' ? { serviceTier: spec.serviceTier } : {}),
    store: spec.store ?? false,
  };
}

export function effectivePromptOf(spec: Pick<GenerationSpec, 'preset' | 'prompt' | 'effectivePrompt' | 'presetFields'>): string {
  return spec.effectivePrompt ?? applyPreset(spec.preset, spec.prompt, spec.presetFields);
}
