/**
 * A trailing API version (with the `models` collection after it, as in a copied endpoint URL): the SDK
 * appends its own, so `…/v1beta` would become `…/v1beta/v1beta/models/…`.
 */
const TRAILING_API_VERSION = /\/(v1|v1beta|v1alpha)(\/+models)?\/*$/i;

/**
 * The base URL the SDK should be given: http(s) only, without trailing slashes or a trailing API
 * version segment (`https://proxy.example/gemini/v1beta/` → `https://proxy.example/gemini`).
 * Returns undefined for anything that is not an http(s) URL, and for one with a user name or password
 * (fetch refuses to send those), a query or a fragment (the SDK appends its path after them). Pure: used
 * by settings and the client.
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
  if (url.username || url.password || url.search || url.hash || /[?#]/.test(trimmed)) return undefined;
  return trimmed.replace(/\/+$/, '').replace(TRAILING_API_VERSION, '').replace(/\/+$/, '');
}

/**
 * A base URL as it may appear in a message or log: a user name, password, query and fragment (where a
 * key or token may sit) are left out, and it is cut at 100 characters.
 */
export function baseUrlForMessage(value: string): string {
  return value.trim().replace(/\/\/[^/?#]*@/, '//…@').replace(/\?[^#]*/, '?…').replace(/#.*/, '#…').slice(0, 100);
}

/** What a valid base URL looks like, for messages refusing one. */
export const BASE_URL_RULE = 'an http(s) URL: scheme, host, optional port and path, without a user name, password, query or fragment';
