import { PictorError } from './errors';
import type { WireContent } from './request';

/** The fields of a GenerateContentResponse we read, typed loosely: the service is untrusted input. */
export interface WireResponse {
  candidates?: Array<{
    content?: WireContent;
    finishReason?: string;
    finishMessage?: string;
  }>;
  promptFeedback?: { blockReason?: string; blockReasonMessage?: string };
  usageMetadata?: {
    promptTokenCount?: number;
    candidatesTokenCount?: number;
    totalTokenCount?: number;
    thoughtsTokenCount?: number;
  };
  modelVersion?: string;
  responseId?: string;
}

export interface GeneratedImage {
  bytes: Uint8Array;
  mimeType: string;
  thoughtSignature?: string;
}

export interface GenerationResult {
  images: GeneratedImage[];
  /** Non-thought text parts, joined. */
  text: string | null;
  /** Thought text (Pro), shown collapsed; never saved as results. */
  thoughts: string | null;
  thoughtImageCount: number;
  finishReason: string | null;
  usage: { promptTokens: number | null; outputTokens: number | null; totalTokens: number | null; thoughtTokens?: number | null };
  modelVersion: string | null;
  responseId: string | null;
  /** The model turn exactly as returned (for chat history). */
  content: WireContent | null;
}

/** Finish reasons that mean a safety system stopped the answer. */
const SAFETY_REASONS = new Set([
  'SAFETY',
  'IMAGE_SAFETY',
  'PROHIBITED_CONTENT',
  'IMAGE_PROHIBITED_CONTENT',
  'BLOCKLIST',
  'SPII',
  'RECITATION',
  'IMAGE_RECITATION',
]);

// Standard or URL-safe alphabet: proto3 JSON readers accept both for `bytes` fields.
const BASE64 = /^[A-Za-z0-9+/\-_\r\n]*={0,2}$/;

/**
 * The bytes of base64 (standard or URL-safe), or undefined when `data` is anything else. Node's decoder skips
 * characters outside the alphabet, so a clean string decodes to exactly 3/4 of its length less the
 * padding: when it does, no character was skipped and the 40 MB of a 4K answer need no second scan.
 * Any other length (line breaks, or junk) is checked character by character.
 */
function decodeBase64(data: string): Uint8Array | undefined {
  if (!data) return undefined;
  const bytes = Buffer.from(data, 'base64');
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  const clean = data.length % 4 === 0 && bytes.byteLength === (data.length / 4) * 3 - padding;
  if (!clean && !BASE64.test(data)) return undefined;
  return bytes.byteLength ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : undefined;
}

function nonNegative(n: unknown): number | null {
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? Math.round(n) : null;
}

const blockedMessage = (reason: string) =>
  `The request was blocked by Gemini's safety filters (${reason}). Rephrase the prompt and try again.`;

/** Reads a response into images + text, or throws the PictorError a user should see. */
export function parseResponse(response: unknown): GenerationResult {
  if (!response || typeof response !== 'object') {
    throw new PictorError('server', 'Gemini sent a response Pictor could not read. Try again.', {
      detail: 'response is not an object',
    });
  }
  const wire = response as WireResponse;
  const candidate = Array.isArray(wire.candidates) ? wire.candidates[0] : undefined;
  if (!candidate) {
    const reason = wire.promptFeedback?.blockReason;
    if (reason) throw new PictorError('blocked', blockedMessage(reason), { detail: wire.promptFeedback?.blockReasonMessage });
    throw new PictorError('server', 'Gemini sent a response without any candidate. Try again.', {
      detail: 'no candidates and no blockReason',
    });
  }

  const images: GeneratedImage[] = [];
  const texts: string[] = [];
  const thoughts: string[] = [];
  let thoughtImageCount = 0;
  const parts = Array.isArray(candidate.content?.parts) ? candidate.content.parts : [];
  for (const part of parts) {
    if (!part || typeof part !== 'object') continue;
    if (part.inlineData) {
      if (part.thought) {
        thoughtImageCount++;
        continue;
      }
      const bytes = decodeBase64(part.inlineData.data ?? '');
      const mimeType = part.inlineData.mimeType ?? '';
      if (!bytes || !mimeType.startsWith('image/')) {
        throw new PictorError('server', 'Gemini sent image data Pictor could not decode. Try again.', {
          detail: `inlineData mimeType=${mimeType} length=${part.inlineData.data?.length ?? 0}`,
        });
      }
      images.push({ bytes, mimeType, ...(part.thoughtSignature ? { thoughtSignature: part.thoughtSignature } : {}) });
    } else if (typeof part.text === 'string') {
      (part.thought ? thoughts : texts).push(part.text);
    }
  }

  const finishReason = typeof candidate.finishReason === 'string' ? candidate.finishReason : null;
  const text = texts.join('').trim() || null;
  if (images.length === 0) {
    if (finishReason && SAFETY_REASONS.has(finishReason)) {
      throw new PictorError('blocked', blockedMessage(finishReason), { text: text ?? undefined });
    }
    if (finishReason && finishReason !== 'STOP') {
      throw new PictorError('noImage', `Gemini stopped without an image (finish reason ${finishReason}). Try again or rephrase the prompt.`, {
        text: text ?? undefined,
      });
    }
    if (text) {
      throw new PictorError('noImage', `Gemini answered with text only: "${truncate(text, 300)}"`, { text });
    }
    throw new PictorError('noImage', 'Gemini returned no image. Try again or rephrase the prompt.');
  }

  return {
    images,
    text,
    thoughts: thoughts.join('').trim() || null,
    thoughtImageCount,
    finishReason,
    usage: readUsage(wire),
    modelVersion: typeof wire.modelVersion === 'string' ? wire.modelVersion : null,
    responseId: typeof wire.responseId === 'string' ? wire.responseId : null,
    content: candidate.content ?? null,
  };
}

/** The token counts of a response (`usageMetadata`), whether or not it holds an image; unknown counts are null. */
export function readUsage(response: unknown): GenerationResult['usage'] {
  const usage = (response && typeof response === 'object' ? (response as WireResponse).usageMetadata : undefined) ?? {};
  return {
    promptTokens: nonNegative(usage.promptTokenCount),
    outputTokens: nonNegative(usage.candidatesTokenCount),
    totalTokens: nonNegative(usage.totalTokenCount),
    // Thinking is billed as output but reported apart from it.
    ...(typeof usage.thoughtsTokenCount === 'number' ? { thoughtTokens: nonNegative(usage.thoughtsTokenCount) } : {}),
  };
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
