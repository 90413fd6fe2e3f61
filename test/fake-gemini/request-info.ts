/**
 * Reading a GenerateContentRequest the way the service does: field names in camelCase or
 * snake_case (proto JSON accepts both), and the few facts the fake's answers depend on.
 */

import { readDimensions } from './codecs/dimensions';
import type { Size } from './catalog';

export type Json = Record<string, unknown>;

export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A field by its camelCase name, or its snake_case spelling. */
export function field(object: unknown, name: string): unknown {
  if (!isObject(object)) {
    return undefined;
  }
  return object[name] ?? object[snakeCase(name)];
}

export interface InputImage {
  mimeType: string;
  /** base64 for inline data; undefined for file references. */
  data?: string;
}

export interface RequestInfo {
  /** Text of the last user turn: it seeds the picture and the caption. */
  prompt: string;
  /** Rough token estimate of all text sent, 4 characters a token. */
  textTokens: number;
  /** User-supplied images (inline or file references) across all turns. */
  userImages: InputImage[];
  modalities?: string[];
  aspectRatio?: string;
  imageSize?: string;
  usesSearch: boolean;
  /** `thinkingConfig.thinkingLevel` as sent (upper case on the wire). */
  thinkingLevel?: string;
  /** Top-level `serviceTier` as sent. */
  serviceTier?: string;
  /** Top-level `store` as sent; undefined when the request left it out (the service then stores it). */
  store?: boolean;
}

function partsOf(content: unknown): unknown[] {
  const parts = field(content, 'parts');
  return Array.isArray(parts) ? parts : [];
}

function contentsOf(request: unknown): unknown[] {
  const contents = field(request, 'contents');
  return Array.isArray(contents) ? contents : [];
}

export function describeRequest(request: unknown): RequestInfo {
  const contents = contentsOf(request);
  let textChars = 0;
  let prompt = '';
  const userImages: InputImage[] = [];
  for (const content of contents) {
    const isUser = (field(content, 'role') ?? 'user') === 'user';
    const texts: string[] = [];
    for (const part of partsOf(content)) {
      const text = field(part, 'text');
      if (typeof text === 'string') {
        textChars += text.length;
        texts.push(text);
      }
      if (!isUser) {
        continue;
      }
      const inline = field(part, 'inlineData');
      const file = field(part, 'fileData');
      if (isObject(inline)) {
        userImages.push({ mimeType: String(field(inline, 'mimeType') ?? ''), data: String(field(inline, 'data') ?? '') });
      } else if (isObject(file) && String(field(file, 'mimeType') ?? '').startsWith('image/')) {
        userImages.push({ mimeType: String(field(file, 'mimeType')) });
      }
    }
    if (isUser) {
      prompt = texts.join('\n');
    }
  }
  const generationConfig = field(request, 'generationConfig');
  const imageConfig = field(generationConfig, 'imageConfig');
  const modalities = field(generationConfig, 'responseModalities');
  const tools = field(request, 'tools');
  return {
    prompt,
    textTokens: Math.ceil(textChars / 4),
    userImages,
    modalities: Array.isArray(modalities) ? modalities.map((m) => String(m).toUpperCase()) : undefined,
    aspectRatio: optionalString(field(imageConfig, 'aspectRatio')),
    imageSize: optionalString(field(imageConfig, 'imageSize')),
    usesSearch: Array.isArray(tools) && tools.some((tool) => field(tool, 'googleSearch') !== undefined),
    thinkingLevel: optionalString(field(field(generationConfig, 'thinkingConfig'), 'thinkingLevel')),
    serviceTier: optionalString(field(request, 'serviceTier')),
    store: typeof field(request, 'store') === 'boolean' ? (field(request, 'store') as boolean) : undefined,
  };
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Size of the last inline user image whose header can be read. */
export function lastInputImageSize(info: RequestInfo): Size | undefined {
  for (let i = info.userImages.length - 1; i >= 0; i--) {
    const data = info.userImages[i].data;
    if (data) {
      const size = readDimensions(Buffer.from(data.slice(0, 65536), 'base64'));
      if (size) {
        return size;
      }
    }
  }
  return undefined;
}
