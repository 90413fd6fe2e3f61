/** Image codecs load on first use, never at activation (the bundle maps them to dist/codecs.js). */
export type Codecs = typeof import('./codecs-bundle.js');

let loading: Promise<Codecs> | undefined;

export function loadCodecs(): Promise<Codecs> {
  loading ??= import('./codecs-bundle.js');
  return loading;
}
