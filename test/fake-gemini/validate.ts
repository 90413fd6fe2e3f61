/**
 * The request checks the service makes before generating, so that tests catch requests the real
 * API would refuse: unknown fields, bad image options, too many or unsupported images, and Pro
 * histories whose image parts lost their thought signatures.
 */

import { ASPECT_RATIOS, IMAGE_SIZES, type ModelProfile } from './catalog';
import { fail } from './errors';
import { field, isObject, snakeCase, type Json } from './request-info';
import type { SignatureBook } from './signatures';

const REQUEST_FIELDS = [
  'model', 'contents', 'tools', 'toolConfig', 'safetySettings', 'systemInstruction', 'generationConfig',
  'cachedContent', 'labels', 'serviceTier', 'continuationToken',
];
const GENERATION_CONFIG_FIELDS = [
  'stopSequences', 'responseMimeType', 'responseSchema', 'responseJsonSchema', 'candidateCount',
  'maxOutputTokens', 'temperature', 'topP', 'topK', 'seed', 'presencePenalty', 'frequencyPenalty',
  'responseLogprobs', 'logprobs', 'enableEnhancedCivicAnswers', 'responseModalities', 'speechConfig',
  'thinkingConfig', 'imageConfig', 'mediaResolution', 'audioTranscriptionConfig',
];
const IMAGE_CONFIG_FIELDS = ['aspectRatio', 'imageSize'];
const PART_DATA_FIELDS = [
  'text', 'inlineData', 'fileData', 'functionCall', 'functionResponse', 'executableCode', 'codeExecutionResult',
];
const MODALITIES = ['TEXT', 'IMAGE', 'AUDIO', 'MODALITY_UNSPECIFIED'];
/** Input types the image models take (images, plus the documents a prompt may quote); like the service, no GIF. */
const INPUT_MIME_TYPES = new Set([
  'image/png', 'image/jpeg', 'image/webp', 'image/heic', 'image/heif', 'application/pdf', 'text/plain',
]);
const BASE64 = /^[A-Za-z0-9+/\-_]*={0,2}$/;

export interface ValidationContext {
  profile: ModelProfile;
  model: string;
  signatures: SignatureBook;
  fileExists(id: string): boolean;
}

function checkFields(object: unknown, allowed: string[], where: string): void {
  if (!isObject(object)) {
    return;
  }
  const names = new Set(allowed.flatMap((name) => [name, snakeCase(name)]));
  for (const key of Object.keys(object)) {
    if (!names.has(key)) {
      throw fail(400, `Invalid JSON payload received. Unknown name "${key}"${where ? ` at '${where}'` : ''}: Cannot find field.`);
    }
  }
}

export function validateGenerateRequest(request: unknown, ctx: ValidationContext): void {
  if (!isObject(request)) {
    throw fail(400, 'Invalid JSON payload received. Expected an object.');
  }
  checkFields(request, REQUEST_FIELDS, '');
  const generationConfig = field(request, 'generationConfig');
  checkFields(generationConfig, GENERATION_CONFIG_FIELDS, 'generation_config');
  const imageConfig = field(generationConfig, 'imageConfig');
  checkFields(imageConfig, IMAGE_CONFIG_FIELDS, 'generation_config.image_config');
  checkGenerationConfig(generationConfig, imageConfig, ctx);
  checkTools(field(request, 'tools'), ctx);
  checkContents(field(request, 'contents'), ctx);
}

function checkGenerationConfig(generationConfig: unknown, imageConfig: unknown, ctx: ValidationContext): void {
  const modalities = field(generationConfig, 'responseModalities');
  if (modalities !== undefined) {
    const list = Array.isArray(modalities) ? modalities : [modalities];
    list.forEach((modality, i) => {
      if (!MODALITIES.includes(String(modality).toUpperCase())) {
        throw fail(400, `Invalid value at 'generation_config.response_modalities[${i}]' (type.googleapis.com/google.ai.generativelanguage.v1beta.GenerationConfig.Modality), "${String(modality)}"`);
      }
    });
  }
  const aspectRatio = field(imageConfig, 'aspectRatio');
  if (aspectRatio !== undefined && !(ASPECT_RATIOS as readonly unknown[]).includes(aspectRatio)) {
    throw fail(400, `Unsupported aspect ratio: ${String(aspectRatio)}. Supported values are ${ASPECT_RATIOS.join(', ')}.`);
  }
  const imageSize = field(imageConfig, 'imageSize');
  if (imageSize !== undefined) {
    if (!ctx.profile.supportsImageSize) {
      throw fail(400, `Image size is not supported by models/${ctx.model}.`);
    }
    if (!(IMAGE_SIZES as readonly unknown[]).includes(imageSize)) {
      throw fail(400, `Unsupported image size: ${String(imageSize)}. Supported values are ${IMAGE_SIZES.join(', ')} (upper-case K).`);
    }
  }
}

function checkTools(tools: unknown, ctx: ValidationContext): void {
  if (!Array.isArray(tools)) {
    return;
  }
  if (!ctx.profile.supportsSearch && tools.some((tool) => field(tool, 'googleSearch') !== undefined)) {
    throw fail(400, `Search grounding is not supported by models/${ctx.model}.`);
  }
}

function checkContents(contents: unknown, ctx: ValidationContext): void {
  if (!Array.isArray(contents) || contents.length === 0) {
    throw fail(400, '* GenerateContentRequest.contents: contents is not specified');
  }
  let userImages = 0;
  contents.forEach((content, c) => {
    const role = field(content, 'role') ?? 'user';
    if (role !== 'user' && role !== 'model' && role !== 'function') {
      throw fail(400, `Please use a valid role: user, model. (got "${String(role)}" in contents[${c}])`);
    }
    const parts = field(content, 'parts');
    if (!Array.isArray(parts) || parts.length === 0) {
      throw fail(400, `* GenerateContentRequest.contents[${c}].parts: contents.parts must not be empty.`);
    }
    parts.forEach((part, p) => {
      const where = `contents[${c}].parts[${p}]`;
      if (!isObject(part) || !PART_DATA_FIELDS.some((name) => field(part, name) !== undefined)) {
        throw fail(400, `* GenerateContentRequest.${where}.data: required oneof field 'data' must have one initialized field`);
      }
      const isImage = checkPartData(part, where, ctx);
      if (isImage && role === 'user') {
        userImages++;
      }
      if (isImage && role === 'model' && ctx.profile.thinks && field(part, 'thought') !== true) {
        checkSignature(field(part, 'thoughtSignature'), c, p, ctx);
      }
    });
  });
  if (userImages > ctx.profile.maxInputImages) {
    throw fail(400, `Too many input images: ${userImages}. models/${ctx.model} accepts at most ${ctx.profile.maxInputImages}.`);
  }
}

/** Checks inline and file data; tells whether the part is an image. */
function checkPartData(part: Json, where: string, ctx: ValidationContext): boolean {
  const inline = field(part, 'inlineData');
  const file = field(part, 'fileData');
  if (inline !== undefined) {
    const mimeType = String(field(inline, 'mimeType') ?? '');
    const data = field(inline, 'data');
    if (!INPUT_MIME_TYPES.has(mimeType)) {
      throw fail(400, `Unsupported MIME type: ${mimeType || '(none)'}`);
    }
    if (typeof data !== 'string' || data.length === 0 || !BASE64.test(data)) {
      throw fail(400, `Invalid value at '${where}.inline_data.data' (TYPE_BYTES), Base64 decoding failed`);
    }
    return mimeType.startsWith('image/');
  }
  if (file !== undefined) {
    const uri = String(field(file, 'fileUri') ?? '');
    const id = /files\/([^/?:#]+)/.exec(uri)?.[1];
    if (!id || !ctx.fileExists(id)) {
      throw fail(403, `You do not have permission to access the File ${id ?? uri} or it may not exist.`);
    }
    const mimeType = String(field(file, 'mimeType') ?? '');
    if (mimeType && !INPUT_MIME_TYPES.has(mimeType)) {
      throw fail(400, `Unsupported MIME type: ${mimeType}`);
    }
    return mimeType.startsWith('image/');
  }
  return false;
}

function checkSignature(signature: unknown, content: number, part: number, ctx: ValidationContext): void {
  const position = `content position ${content + 1}, part position ${part + 1}`;
  if (typeof signature !== 'string' || signature === '') {
    throw fail(400, `Image part is missing a thought_signature in ${position}. Pass back every part of the model's previous turns exactly as received, thought signatures included.`);
  }
  if (!ctx.signatures.isValid(signature)) {
    throw fail(400, `Thought signature is not valid in ${position}.`);
  }
}
