import { createHash } from 'node:crypto';
import type { ImageRequest } from './request';

/**
 * Batch requests. Seed 004 (Batch API guide, 2025-11): an input file is JSON Lines, one
 * `{"key", "request"}` per line where `request` is a REST GenerateContentRequest (`contents`,
 * `generationConfig`); inline jobs carry the same requests with `metadata.key`, and the create
 * request's body must stay under 20 MB.
 */

/** One request of a job: its key (unique in the job) and the request the one request builder made. */
export interface KeyedRequest {
  key: string;
  request: ImageRequest;
}

/** `pictor-0001`, `pictor-0002`, …: keys that sort in submission order. */
export function requestKey(index: number): string {
  return `pictor-${String(index + 1).padStart(4, '0')}`;
}

/**
 * The REST GenerateContentRequest for one request, as the SDK would send it: `config` becomes
 * `generationConfig`, except `tools`, `store` and `serviceTier`, which sit at the top level of the request
 * (SDK 3.3.0 `generateContentConfigToMldev`).
 */
export function toRestRequest(request: ImageRequest): Record<string, unknown> {
  const { tools, store, serviceTier, ...generationConfig } = request.config;
  return {
    contents: request.contents,
    generationConfig,
    ...(tools ? { tools } : {}),
    ...(store !== undefined ? { store } : {}),
    ...(serviceTier ? { serviceTier } : {}),
  };
}

/** One line of an input file, with its newline. */
export function toInputFileLine(item: KeyedRequest): string {
  return `${JSON.stringify({ key: item.key, request: toRestRequest(item.request) })}\n`;
}

/** The SDK's InlinedRequest for an inline job (the SDK turns `config` into `generationConfig`). */
export function toInlinedRequest(item: KeyedRequest): { contents: unknown; config: unknown; metadata: { key: string } } {
  return { contents: item.request.contents, config: item.request.config, metadata: { key: item.key } };
}

/** Room for the create request's own JSON around the requests. */
const ENVELOPE_BYTES = 4 * 1024;

/** Bytes the inline create request's body would take (UTF-8). */
export function inlineBodyBytes(items: readonly KeyedRequest[]): number {
  let total = ENVELOPE_BYTES;
  for (const item of items) total += Buffer.byteLength(JSON.stringify({ request: toRestRequest(item.request), metadata: { key: item.key } })) + 1;
  return total;
}

/**
 * A fingerprint of a job's content: the model and the requests (prompt, config, inputs), in any order,
 * whatever the keys or display name. Two submissions with the same fingerprint make the same images.
 */
export function contentFingerprint(model: string, items: readonly KeyedRequest[]): string {
  const hashes = items.map((item) => createHash('sha256').update(canonicalJson(toRestRequest(item.request))).digest('hex')).sort();
  return createHash('sha256').update(`${model}\n${hashes.join('\n')}`).digest('hex');
}

/** JSON with object keys sorted, so equal requests hash alike whatever order their fields were built in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Bytes one answered request of this image size is expected to take in an inline job's status response,
 * on the high side: the image as base64 (a 1K PNG 1.2–1.8 MB, a 2K ~6 MB, a 4K up to ~30 MB as base64)
 * twice, since the service repeats each answer in the operation's metadata and its response (a 2K image is
 * ~8 MB on the wire and a 150-request 2K job ~1.2 GB: discuss.ai.google.dev, "Gemini Batch API: SUCCEEDED
 * image batch jobs unretrievable", third-party report, 2026).
 */
const INLINE_RESULT_BYTES: Record<string, number> = { '512': 2 << 20, '1K': 5 << 20, '2K': 16 << 20, '4K': 60 << 20 };

/**
 * Results an inline job may be expected to return before `auto` uploads a file instead (bytes). An
 * inline job's results come back inside its status response, which is read whole: one JSON text that
 * V8 cannot hold past ~512 MB, held twice while it is parsed; in the report above, inline image jobs
 * past ~1 GB could not be fetched at all, after they were billed. A file's results are read as a stream.
 */
export const INLINE_RESULTS_AUTO_LIMIT_BYTES = 200 << 20;
/** Past this, an inline job's results could not be read: `inline` is refused. */
export const INLINE_RESULTS_HARD_LIMIT_BYTES = 450 << 20;

/** Bytes the job's answers are expected to take if returned inline (one image per request). */
export function expectedInlineResultBytes(items: readonly KeyedRequest[]): number {
  let total = 0;
  for (const item of items) {
    const size = (item.request.config.imageConfig as { imageSize?: string } | undefined)?.imageSize ?? '1K';
    total += INLINE_RESULT_BYTES[size] ?? INLINE_RESULT_BYTES['4K']!;
  }
  return total;
}
