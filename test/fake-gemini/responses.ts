/**
 * Turns a scenario into GenerateContentResponse bodies, whole or as the chunks of a stream,
 * shaped like the service's: `content.role` "model" (the SDK's chat history drops turns without
 * it), thought parts first on Pro, signatures on the final parts, usage as running totals.
 */

import { randomBytes } from 'node:crypto';
import {
  closestAspectRatio,
  type AspectRatio,
  type ImageSize,
  type ModelProfile,
  type Size,
} from './catalog';
import { renderImageBase64 } from './images';
import { lastInputImageSize, type Json, type RequestInfo } from './request-info';
import type { SignatureBook } from './signatures';
import type { BlockedScenario, FinishScenario, ImageScenario, TextScenario } from './types';

export type AnswerScenario = ImageScenario | TextScenario | BlockedScenario | FinishScenario;

export interface AnswerContext {
  model: string;
  profile: ModelProfile;
  info: RequestInfo;
  signatures: SignatureBook;
}

interface Usage {
  promptTokenCount: number;
  candidatesTokenCount?: number;
  thoughtsTokenCount?: number;
  totalTokenCount: number;
}

/** Tokens the service bills for one input image. */
const INPUT_IMAGE_TOKENS = 258;
const THOUGHT_TOKENS = 180;
/** Thought images are drafts: the long side is capped at this. */
const THOUGHT_IMAGE_MAX = 512;

function responseId(): string {
  return randomBytes(16).toString('base64url').slice(0, 22);
}

function short(prompt: string): string {
  const oneLine = prompt.replace(/\s+/g, ' ').trim();
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine || 'your request';
}

function promptUsage(ctx: AnswerContext): { promptTokenCount: number; promptTokensDetails: object[] } {
  const imageTokens = ctx.info.userImages.length * INPUT_IMAGE_TOKENS;
  const details: object[] = [{ modality: 'TEXT', tokenCount: ctx.info.textTokens }];
  if (imageTokens) {
    details.push({ modality: 'IMAGE', tokenCount: imageTokens });
  }
  return { promptTokenCount: ctx.info.textTokens + imageTokens, promptTokensDetails: details };
}

/** Output size for the request: its aspect ratio (or its input image's, or 1:1) and image size. */
export function defaultImageSize(ctx: AnswerContext): { size: Size; imageSize: ImageSize } {
  const inputSize = ctx.info.aspectRatio ? undefined : lastInputImageSize(ctx.info);
  const ratio = (ctx.info.aspectRatio as AspectRatio | undefined) ?? (inputSize ? closestAspectRatio(inputSize) : '1:1');
  const imageSize = (ctx.info.imageSize as ImageSize | undefined) ?? '1K';
  return { size: ctx.profile.outputSize(ratio, imageSize), imageSize };
}

function envelope(ctx: AnswerContext, body: Json, modelVersion?: string): Json {
  return { ...body, modelVersion: modelVersion ?? ctx.model, responseId: responseId() };
}

/**
 * Grounding shaped like the service's (ai.google.dev/gemini-api/docs/google-search, read 2026-11-30): web
 * chunks, the queries, and a search entry point of HTML + CSS with a chip per query linking to the results
 * page. The entry point also carries markup a client must never run or render as HTML (a script, an
 * `onerror` handler), and a source title contains tags: both test that clients show text only.
 */
function groundingMetadata(prompt: string): object {
  const query = short(prompt).replace(/[<>&"]/g, '');
  const search = `https://www.google.com/search?q=${encodeURIComponent(query)}&client=app-vertex-grounding`;
  return {
    searchEntryPoint: {
      renderedContent:
        `<style>.container { font-family: Roboto, sans-serif; } .chip { border-radius: 16px; }</style>` +
        `<div class="container fake-search-entry"><div class="headline"><img src="x" onerror="document.title='pwned'"></div>` +
        `<div class="carousel"><a class="chip" href="${search}">${query}</a></div>` +
        `<script>document.title = 'pwned'</script></div>`,
    },
    groundingChunks: [1, 2, 3].map((n) => ({ web: { uri: `https://example.com/source-${n}`, title: n === 1 ? 'example.com <b>source</b> 1' : `example.com source ${n}` } })),
    webSearchQueries: [query],
  };
}

export function buildAnswer(scenario: AnswerScenario, ctx: AnswerContext): Json {
  switch (scenario.kind) {
    case 'image':
      return imageAnswer(scenario, ctx);
    case 'text':
      return textAnswer(scenario.text, 'STOP', ctx);
    case 'finish':
      return finishAnswer(scenario, ctx);
    case 'blocked': {
      const prompt = promptUsage(ctx);
      return envelope(ctx, {
        promptFeedback: { blockReason: scenario.blockReason },
        usageMetadata: { ...prompt, totalTokenCount: prompt.promptTokenCount },
      });
    }
  }
}

function textAnswer(text: string, finishReason: string, ctx: AnswerContext): Json {
  const part: Json = { text };
  if (ctx.profile.thinks) {
    part.thoughtSignature = ctx.signatures.mint();
  }
  const prompt = promptUsage(ctx);
  const candidates = Math.ceil(text.length / 4);
  return envelope(ctx, {
    candidates: [{ content: { role: 'model', parts: [part] }, finishReason, index: 0 }],
    usageMetadata: { ...prompt, candidatesTokenCount: candidates, totalTokenCount: prompt.promptTokenCount + candidates },
  });
}

function finishAnswer(scenario: FinishScenario, ctx: AnswerContext): Json {
  const candidate: Json = { finishReason: scenario.finishReason, index: 0 };
  if (scenario.text) {
    candidate.content = { role: 'model', parts: [{ text: scenario.text }] };
  }
  if (scenario.finishReason === 'SAFETY') {
    candidate.safetyRatings = [
      { category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true },
      { category: 'HARM_CATEGORY_HARASSMENT', probability: 'NEGLIGIBLE' },
    ];
  }
  const prompt = promptUsage(ctx);
  return envelope(ctx, { candidates: [candidate], usageMetadata: { ...prompt, totalTokenCount: prompt.promptTokenCount } });
}

function imageAnswer(scenario: ImageScenario, ctx: AnswerContext): Json {
  const { info, profile } = ctx;
  const wantsText = !info.modalities || info.modalities.includes('TEXT');
  const wantsImage = !info.modalities || info.modalities.includes('IMAGE');
  const specs = scenario.images ?? (wantsImage ? [{}] : []);
  const text = scenario.text ?? (wantsText ? `Here is the image for "${short(info.prompt)}".` : '');
  const thinks = scenario.thoughts ?? profile.thinks;
  const { size: defaultSize, imageSize } = defaultImageSize(ctx);
  const sign = (): string | undefined => {
    if (scenario.signature !== undefined) {
      ctx.signatures.remember(scenario.signature);
      return scenario.signature;
    }
    return profile.thinks ? ctx.signatures.mint() : undefined;
  };

  const parts: Json[] = [];
  if (thinks) {
    parts.push({ text: `**Composing the scene**\n\nI'm planning the layout for "${short(info.prompt)}" before rendering it.`, thought: true });
    const scale = Math.min(1, THOUGHT_IMAGE_MAX / Math.max(defaultSize.width, defaultSize.height));
    const draft = { width: Math.round(defaultSize.width * scale), height: Math.round(defaultSize.height * scale) };
    parts.push({
      inlineData: { mimeType: 'image/png', data: renderImageBase64({ mimeType: 'image/png', ...draft, seedText: `draft:${info.prompt}` }) },
      thought: true,
    });
  }
  if (text) {
    parts.push(withSignature({ text }, sign()));
  }
  specs.forEach((spec, i) => {
    const mimeType = spec.mimeType ?? 'image/png';
    const data =
      spec.notAnImage !== undefined
        ? Buffer.from(spec.notAnImage, 'utf8').toString('base64')
        : renderImageBase64({
            mimeType,
            width: spec.width ?? defaultSize.width,
            height: spec.height ?? defaultSize.height,
            seedText: i === 0 ? info.prompt : `${info.prompt}#${i}`,
            noise: spec.noise,
            ...backdropFor(info.prompt, spec.subjectOffset),
          });
    const sent = spec.truncate === undefined ? data : truncatedBase64(data, spec.truncate);
    parts.push(withSignature({ inlineData: { mimeType: spec.label ?? mimeType, data: sent } }, sign()));
  });

  const prompt = promptUsage(ctx);
  const candidatesTokenCount = specs.length * profile.imageTokens(imageSize);
  const usage: Usage & Json = { ...prompt, candidatesTokenCount, totalTokenCount: 0 };
  if (thinks) {
    usage.thoughtsTokenCount = THOUGHT_TOKENS;
  }
  Object.assign(usage, scenario.usage);
  if (scenario.usage?.totalTokenCount === undefined) {
    usage.totalTokenCount = usage.promptTokenCount + (usage.candidatesTokenCount ?? 0) + (usage.thoughtsTokenCount ?? 0);
  }
  const candidate: Json = { content: { role: 'model', parts }, finishReason: scenario.finishReason ?? 'STOP', index: 0 };
  if (info.usesSearch) {
    candidate.groundingMetadata = groundingMetadata(info.prompt);
  }
  return envelope(ctx, { candidates: [candidate], usageMetadata: usage }, scenario.modelVersion);
}

/** A prompt that asks for a pure white background, or to turn the background pure black, gets the standard subject on it. */
function backdropFor(prompt: string, subjectOffset: number | undefined): { backdrop?: 'white' | 'black'; subjectOffset?: number } {
  const backdrop = /background[^.]*\bpure (?:solid )?black\b|\bpure (?:solid )?black background/i.test(prompt)
    ? 'black'
    : /\bpure (?:solid )?white background/i.test(prompt)
      ? 'white'
      : undefined;
  return backdrop ? { backdrop, ...(subjectOffset ? { subjectOffset } : {}) } : {};
}

function withSignature(part: Json, signature: string | undefined): Json {
  return signature === undefined ? part : { ...part, thoughtSignature: signature };
}

/**
 * Splits a whole answer into stream chunks: one part per chunk, the finish reason and grounding
 * on the last, usage counted up as parts arrive and equal to the whole answer's at the end.
 */
export function splitIntoChunks(answer: Json): Json[] {
  const candidates = answer.candidates as Json[] | undefined;
  const candidate = candidates?.[0];
  const parts = ((candidate?.content as Json | undefined)?.parts as Json[] | undefined) ?? [];
  if (!candidate || parts.length <= 1) {
    return [answer];
  }
  const usage = answer.usageMetadata as Usage & Json;
  const finalParts = parts.filter((p) => p.thought !== true && p.inlineData !== undefined).length || 1;
  let seenFinalImages = 0;
  let seenThought = false;
  return parts.map((part, i) => {
    const last = i === parts.length - 1;
    if (part.thought === true) {
      seenThought = true;
    } else if (part.inlineData !== undefined) {
      seenFinalImages++;
    }
    const running: Json = { ...usage };
    if (!last) {
      running.candidatesTokenCount = Math.floor(((usage.candidatesTokenCount ?? 0) * seenFinalImages) / finalParts);
      running.thoughtsTokenCount = seenThought ? usage.thoughtsTokenCount : undefined;
      running.totalTokenCount =
        usage.promptTokenCount + (running.candidatesTokenCount as number) + ((running.thoughtsTokenCount as number | undefined) ?? 0);
    }
    const chunkCandidate: Json = { content: { role: 'model', parts: [part] }, index: 0 };
    if (last) {
      for (const [key, value] of Object.entries(candidate)) {
        if (key !== 'content') {
          chunkCandidate[key] = value;
        }
      }
    }
    return { candidates: [chunkCandidate], usageMetadata: JSON.parse(JSON.stringify(running)), modelVersion: answer.modelVersion, responseId: answer.responseId };
  });
}

/** The first `fraction` of the bytes `base64` encodes, base64-encoded again. */
function truncatedBase64(base64: string, fraction: number): string {
  const bytes = Buffer.from(base64, 'base64');
  return bytes.subarray(0, Math.floor(bytes.length * fraction)).toString('base64');
}
