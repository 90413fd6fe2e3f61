import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Raster } from './raster';

/**
 * WebP and HEIC/HEIF decoding through WebAssembly builds of libwebp (@jsquash/webp, Apache-2.0) and
 * libheif with libde265 (libheif-js, LGPL-3.0). Both load on the first image that needs them, never
 * before: the HEIF decoder alone is ~1.4 MB of WebAssembly.
 *
 * The .wasm files ship inside the extension (copied beside the bundles by scripts/build.mjs into
 * `dist/codecs/`) and are read from disk: nothing is downloaded at run time, and the Emscripten loaders'
 * own fetch-by-URL is never reached (each is handed the bytes as `wasmBinary`). The libheif loader is
 * kept as its own file (`dist/codecs/libheif.js`, not merged into a bundle), so the LGPL library stays
 * replaceable. Outside a bundle (unit tests run the compiled sources) the same files are read from
 * node_modules.
 */

/** `dist/codecs` next to the bundle that runs this code, when there is one. */
function bundledCodecs(): string | undefined {
  const dir = path.join(__dirname, 'codecs');
  return existsSync(dir) ? dir : undefined;
}

/** Where a codec file is: beside the bundle, or in its package (`pkgPath` relative to node_modules). */
function codecFile(name: string, pkgPath: string): string {
  const bundled = bundledCodecs();
  return bundled ? path.join(bundled, name) : require.resolve(pkgPath);
}

interface WebpModule {
  decode(bytes: Uint8Array): { width: number; height: number; data: Uint8ClampedArray } | null;
}

let webp: Promise<WebpModule> | undefined;

function loadWebp(): Promise<WebpModule> {
  webp ??= (async () => {
    const wasmBinary = await readFile(codecFile('webp_dec.wasm', '@jsquash/webp/codec/dec/webp_dec.wasm'));
    const { default: factory } = (await import('@jsquash/webp/codec/dec/webp_dec.js')) as unknown as {
      default: (options: object) => Promise<WebpModule>;
    };
    // `locateFile` keeps the loader from resolving the .wasm against `import.meta.url` (empty in a bundle).
    return factory({ noInitialRun: true, wasmBinary, locateFile: (file: string) => file });
  })();
  webp.catch(() => (webp = undefined));
  return webp;
}

/**
 * Decodes a still WebP (lossy or lossless, with or without alpha) into RGBA pixels; an animated WebP
 * yields its first frame. Throws when libwebp cannot decode the bytes.
 */
export async function decodeWebp(bytes: Uint8Array): Promise<Raster> {
  const decoded = (await loadWebp()).decode(bytes);
  if (!decoded) throw new Error('libwebp could not decode the image');
  return { width: decoded.width, height: decoded.height, data: new Uint8Array(decoded.data.buffer, decoded.data.byteOffset, decoded.data.byteLength) };
}

/** The parts of libheif's JavaScript API used here (libheif-js, `libheif.d.ts`). */
interface HeifImage {
  get_width(): number;
  get_height(): number;
  display(target: { data: Uint8ClampedArray; width: number; height: number }, callback: (result: { data: Uint8ClampedArray } | null) => void): void;
  free(): void;
}
interface Libheif {
  HeifDecoder: new () => { decode(bytes: Uint8Array): HeifImage[]; decoder: { delete(): void } };
}

let heif: Promise<Libheif> | undefined;

function loadHeif(): Promise<Libheif> {
  heif ??= (async () => {
    const wasmBinary = await readFile(codecFile('libheif.wasm', 'libheif-js/libheif-wasm/libheif.wasm'));
    // Required at run time from its own file, not bundled (see above); `__non_webpack_require__`-style
    // indirection keeps esbuild from inlining it.
    const loaderPath = codecFile('libheif.js', 'libheif-js/libheif-wasm/libheif.js');
    const nodeRequire = module.require.bind(module) as (id: string) => (options: object) => Libheif & { ready?: Promise<unknown> };
    const instance = nodeRequire(loaderPath)({ wasmBinary });
    await instance.ready;
    return instance;
  })();
  heif.catch(() => (heif = undefined));
  return heif;
}

/**
 * Decodes the primary image of a HEIC/HEIF file into RGBA pixels (its alpha plane included, when it has
 * one). Throws when libheif finds no image or cannot decode it.
 */
export async function decodeHeif(bytes: Uint8Array): Promise<Raster> {
  const libheif = await loadHeif();
  const decoder = new libheif.HeifDecoder();
  const images = decoder.decode(bytes);
  try {
    const image = images[0];
    if (!image) throw new Error('libheif found no image in the file');
    const width = image.get_width();
    const height = image.get_height();
    const data = await new Promise<Uint8ClampedArray>((resolve, reject) =>
      image.display({ data: new Uint8ClampedArray(width * height * 4), width, height }, (result) =>
        result ? resolve(result.data) : reject(new Error('libheif could not decode the image')),
      ),
    );
    return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  } finally {
    for (const image of images) image.free();
    decoder.decoder.delete();
  }
}
