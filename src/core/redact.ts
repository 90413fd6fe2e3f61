/** Keys must never reach a log, an error text or a file. */

// Google API keys: "AIza" + 35 characters.
const GOOGLE_KEY = /AIza[0-9A-Za-z_-]{35}/g;
// `key=...` in URLs and `x-goog-api-key: ...` in dumped headers.
const KEY_PARAM = /([?&]key=)[^&\s"']+/gi;
const KEY_HEADER = /(x-goog-api-key["']?\s*[:=]\s*["']?)[^"',\s}]+/gi;

export const REDACTED = '[REDACTED]';

/** Removes every known secret and anything shaped like an API key. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    // Short strings would redact innocent text; real keys are long.
    if (secret && secret.length >= 8) out = out.split(secret).join(REDACTED);
  }
  return out.replace(GOOGLE_KEY, REDACTED).replace(KEY_PARAM, `$1${REDACTED}`).replace(KEY_HEADER, `$1${REDACTED}`);
}
