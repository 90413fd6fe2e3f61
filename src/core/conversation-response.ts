import { groundingOf, type Grounding } from './grounding';
import { PictorError, isPictorError } from './errors';
import type { WireContent } from './request';
import { parseResponse, type GenerationResult, type WireResponse } from './response';

/** One chat answer: the model turn exactly as returned, what it means, and its search grounding. */
export interface ChatAnswer {
  content: WireContent & { parts: NonNullable<WireContent['parts']> };
  result: GenerationResult;
  grounding: Grounding | null;
}

/**
 * Like `parseResponse`, except that an answer in words only is a valid chat turn ("what style do you
 * prefer?"): the conversation goes on. Blocks, safety stops and empty answers stay errors.
 */
export function parseChatResponse(raw: unknown): ChatAnswer {
  let result: GenerationResult;
  try {
    result = parseResponse(raw);
  } catch (error) {
    if (!isPictorError(error) || error.code !== 'noImage' || !error.text) throw error;
    const text = textOnly(raw as WireResponse);
    if (!text) throw error;
    result = text;
  }
  const content = result.content;
  if (!content || !Array.isArray(content.parts) || content.parts.length === 0) {
    throw new PictorError('server', 'Gemini sent an answer without content. Try again.', { detail: 'candidate.content.parts empty' });
  }
  // The SDK's chat drops a turn without a role; history needs it.
  const turn = { ...content, role: content.role ?? 'model', parts: content.parts };
  return { content: turn, result: { ...result, content: turn }, grounding: groundingOf(raw) };
}

/** A text-only answer that ended normally, as a result without images. */
function textOnly(wire: WireResponse): GenerationResult | undefined {
  const candidate = wire.candidates?.[0];
  if (!candidate?.content) return undefined;
  const finishReason = typeof candidate.finishReason === 'string' ? candidate.finishReason : null;
  if (finishReason && finishReason !== 'STOP') return undefined;
  const parts = Array.isArray(candidate.content.parts) ? candidate.content.parts : [];
  const text = parts.filter((p) => !p?.thought && typeof p?.text === 'string').map((p) => p.text).join('').trim();
  if (!text) return undefined;
  const thoughts = parts.filter((p) => p?.thought && typeof p.text === 'string').map((p) => p.text).join('').trim();
  const usage = wire.usageMetadata ?? {};
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.round(v) : null);
  return {
    images: [],
    text,
    thoughts: thoughts || null,
    thoughtImageCount: parts.filter((p) => p?.thought && p.inlineData).length,
    finishReason,
    usage: {
      promptTokens: n(usage.promptTokenCount),
      outputTokens: n(typeof usage.candidatesTokenCount === 'number' ? usage.candidatesTokenCount + (usage.thoughtsTokenCount ?? 0) : undefined),
      totalTokens: n(usage.totalTokenCount),
    },
    modelVersion: typeof wire.modelVersion === 'string' ? wire.modelVersion : null,
    responseId: typeof wire.responseId === 'string' ? wire.responseId : null,
    content: candidate.content,
  };
}
