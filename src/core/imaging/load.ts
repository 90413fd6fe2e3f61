/** The codecs and filters weigh more than the rest of the extension: loaded on first use (the build maps `./index` to dist/imaging.js). */
export type Imaging = typeof import('./index.js');

let loading: Promise<Imaging> | undefined;

export function loadImaging(): Promise<Imaging> {
  loading ??= import('./index.js');
  return loading;
}
