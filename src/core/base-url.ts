/** A trailing API version: the SDK appends its own, so `…/v1beta` would become `…/v1beta/v1beta/models/…`. */
const TRAILING_API_VERSION = /\/(v1|v1beta|v1alpha)\/*$/i;

/**
 * The base URL the SDK should be given: http(s) only, without trailing slashes or a trailing API
 * version segment (`https://proxy.example/gemini/v1beta/` → `https://proxy.example/gemini`).
 * Returns undefined for anything that is not an http(s) URL. Pure: used by settings and the client.
 */
export function normalizeBaseUrl(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  return trimmed.replace(/\/+$/, '').replace(TRAILING_API_VERSION, '').replace(/\/+$/, '');
}
