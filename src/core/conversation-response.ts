import type { Grounding } from './conversation';
import { PictorError, isPictorError } from './errors';
import type { WireContent } from './request';
import { parseResponse, type GenerationResult, type WireResponse } from './response';

/** One chat answer: the model turn exactly as returned, what it means, and its search grounding. */
export interface ChatAnswer {
  content: WireContent & { parts: NonNullable<WireContent['parts']> };
  result: GenerationResult;
  grounding: Grounding | null;
}

interface WireGrounding {
  searchEntryPoint?: { renderedContent?: unknown };
  groundingChunks?: Array<{ web?: { uri?: unknown; title?: unknown } }>;
  webSearchQueries?: unknown[];
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

const MAX_ENTRY_POINT_CHARS = 100_000;

/** Search grounding, read defensively: only http(s) sources, bounded sizes. */
export function groundingOf(raw: unknown): Grounding | null {
  const candidate = (raw as { candidates?: Array<{ groundingMetadata?: WireGrounding }> } | null)?.candidates?.[0];
  const meta = candidate?.groundingMetadata;
  if (!meta || typeof meta !== 'object') return null;
  const rendered = meta.searchEntryPoint?.renderedContent;
  const sources: Grounding['sources'] = [];
  for (const chunk of Array.isArray(meta.groundingChunks) ? meta.groundingChunks : []) {
    const uri = chunk?.web?.uri;
    if (typeof uri !== 'string' || !/^https?:\/\//i.test(uri)) continue;
    const title = typeof chunk.web?.title === 'string' && chunk.web.title.trim() ? chunk.web.title.trim() : uri;
    sources.push({ uri, title: title.slice(0, 300) });
  }
  const queries = (Array.isArray(meta.webSearchQueries) ? meta.webSearchQueries : []).filter((q): q is string => typeof q === 'string').slice(0, 20);
  const searchEntryPoint = typeof rendered === 'string' && rendered.length <= MAX_ENTRY_POINT_CHARS ? rendered : null;
  if (!searchEntryPoint && sources.length === 0 && queries.length === 0) return null;
  return { searchEntryPoint, sources: sources.slice(0, 50), queries };
}
