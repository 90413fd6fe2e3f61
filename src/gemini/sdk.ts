/** The SDK is large: it is loaded on the first request, never at activation (the bundle maps it to dist/genai.js). */
export type Sdk = typeof import('@google/genai');

let loading: Promise<Sdk> | undefined;

export function loadSdk(): Promise<Sdk> {
  loading ??= import('@google/genai');
  return loading;
}
