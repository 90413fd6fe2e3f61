import { buildDerivedSidecar, type PostprocessStep } from '../core/derived-sidecar';
import { PictorError } from '../core/errors';
import { loadImaging, type Imaging } from '../core/imaging/load';
import { LOCAL_PROCESSING_FORMATS_TEXT, isLocallyProcessed } from '../core/input-formats';
import type { Logger } from '../core/log';
import { candidateFileNames } from '../core/naming';
import {
  DEFAULT_ICON_SIZES,
  iconSetOptions,
  parseOptions,
  removeBackgroundOptions,
  resizeOptions,
  webManifest,
  type IconSetOptions,
  type RemoveBackgroundOptions,
  type ResizeOptions,
} from '../core/output-options';
import type { Sidecar } from '../core/sidecar';
import type { InputImage } from '../core/spec';
import { readInputImageAt } from '../files/input-image';
import { readSidecarAt } from '../files/sidecar-files';
import type { SavedImage } from '../pipeline';
import { embeddedSidecarOf } from '../provenance';
import type { ImageWriter } from '../writer/image-writer';
import { writeNewFileNamed } from '../writer/new-file';

/** An image that Pictor processes locally, with its record (sidecar file, else the copy embedded in it). */
export interface SourceImage<L> {
  location: L;
  input: InputImage;
  sidecar?: Sidecar;
}

/** What local processing needs from its host: the one writer (and its port), who made the files, a log. */
export interface DerivedDeps<L> {
  writer: ImageWriter<L>;
  generator: { name: string; version: string };
  log: Logger;
}

/** What exportIconSet resolves to (public API in VS Code: `uri` is the location). */
export interface IconSet<L> {
  files: Array<{ location: L; size: number }>;
  ico?: L;
  manifest?: L;
}

/**
 * Reads an image to process: inside the root, a file, really an image (by its bytes) that the imaging
 * module decodes, not animated.
 * @throws PictorError('badInput') with what is wrong and what to do.
 */
export async function readSourceImageAt<L>(writer: ImageWriter<L>, location: L): Promise<SourceImage<L>> {
  const port = writer.port;
  const input = await readInputImageAt(port, location, 'source');
  const imaging = await loadImaging();
  if (input.converted?.fromMimeType === 'image/gif') {
    // A still GIF arrives as a PNG of its frame; an animation has no single picture to process.
    if (imaging.gifFrameCount(await port.readFile(location)) > 1) {
      throw new PictorError('badInput', `${input.path} is an animated GIF; Pictor processes still images only. Export one frame as PNG first.`);
    }
  }
  // A GIF arrives here already converted to a PNG of its frame.
  if (!isLocallyProcessed(input.mimeType)) {
    throw new PictorError('badInput', `${input.path} is ${input.mimeType}; Pictor processes ${LOCAL_PROCESSING_FORMATS_TEXT} images locally. Convert it to PNG first.`);
  }
  // The parent is the file as it is on disk, not its converted frame.
  const recorded = input.converted ? { ...input, sha256: input.converted.fileSha256 } : input;
  let sidecar: Sidecar | undefined;
  try {
    sidecar = (await readSidecarAt(port, location))?.sidecar;
  } catch {
    // A damaged sidecar: the embedded copy may still tell where the image came from.
  }
  sidecar ??= await embeddedSidecarOf(input.bytes);
  return { location, input: recorded, ...(sidecar ? { sidecar } : {}) };
}

interface DerivedWrite<L> {
  dir: L;
  names: Iterable<string>;
  /** The PNG to write (the writer adds the provenance). */
  png: Uint8Array;
  source: SourceImage<L>;
  steps: PostprocessStep[];
}

/**
 * Writes a PNG made from `source`, with its sidecar (parent = source, `postprocess` = steps), through the
 * one writer: never overwrites (the first free name wins); the image is taken back if its sidecar fails.
 */
export function saveDerivedPng<L>(deps: DerivedDeps<L>, write: DerivedWrite<L>): Promise<SavedImage<L>> {
  const context = {
    source: { path: write.source.input.path, sha256: write.source.input.sha256 },
    ...(write.source.sidecar ? { sourceSidecar: write.source.sidecar } : {}),
    steps: write.steps,
    generator: deps.generator,
    createdAt: new Date(),
  };
  return deps.writer.write({ dir: write.dir, names: () => write.names, bytes: write.png, sidecar: (facts) => buildDerivedSidecar(context, facts) });
}

const stemOf = (name: string) => name.replace(/\.[^.]+$/, '') || 'image';

/**
 * `pictor.removeBackground`: the background colour (given, or the most common on the border) made
 * transparent; `<name>.transparent.png` beside the source. `command` names the caller in messages.
 * @throws PictorError('badInput') for bad options.
 */
export async function removeBackgroundOf<L>(deps: DerivedDeps<L>, source: SourceImage<L>, raw: Record<string, unknown>, command = 'pictor.removeBackground'): Promise<SavedImage<L>> {
  const options: RemoveBackgroundOptions = parseOptions(removeBackgroundOptions, raw, command);
  const port = deps.writer.port;
  const imaging = await loadImaging();
  const keyed = imaging.colorKey(await imaging.decodeImage(source.input.bytes, source.input.path), options);
  return saveDerivedPng(deps, {
    dir: port.parent(source.location),
    names: candidateFileNames(`${stemOf(port.baseName(source.location))}.transparent`, 'png'),
    png: imaging.encodePng(keyed.raster),
    source,
    steps: [{ op: 'colorKey', color: keyed.color, tolerance: keyed.tolerance, requestedColor: options.color ?? 'auto' }],
  });
}

/** `pictor.resizeImage`: `<name>.<w>x<h>.png` beside the source. */
export async function resizeImageOf<L>(deps: DerivedDeps<L>, source: SourceImage<L>, raw: Record<string, unknown>, command = 'pictor.resizeImage'): Promise<SavedImage<L>> {
  const options: ResizeOptions = parseOptions(resizeOptions, raw, command);
  const port = deps.writer.port;
  const fit = options.fit ?? 'contain';
  const imaging = await loadImaging();
  const resized = imaging.resizeRaster(await imaging.decodeImage(source.input.bytes, source.input.path), options.width, options.height, fit);
  return saveDerivedPng(deps, {
    dir: port.parent(source.location),
    names: candidateFileNames(`${stemOf(port.baseName(source.location))}.${options.width}x${options.height}`, 'png'),
    png: imaging.encodePng(resized),
    source,
    steps: [{ op: 'resize', width: options.width, height: options.height, fit }],
  });
}

/**
 * `pictor.exportIconSet`: square PNGs at each size, an Apple touch icon, `favicon.ico` and
 * `site.webmanifest`, into `options.outputFolder` (resolved by `outputDir`) or a new `<name>-icons`
 * folder beside the source (`-2`, … when taken).
 * @throws PictorError('badInput') for bad options or a folder outside the root.
 */
export async function exportIconSetOf<L>(
  deps: DerivedDeps<L>,
  source: SourceImage<L>,
  raw: Record<string, unknown>,
  outputDir: (relative: string) => L,
  command = 'pictor.exportIconSet',
): Promise<IconSet<L>> {
  const options: IconSetOptions = parseOptions(iconSetOptions, raw, command);
  const port = deps.writer.port;
  const sizes = [...new Set(options.sizes ?? DEFAULT_ICON_SIZES)].sort((a, b) => a - b);
  const dir = await iconFolder(deps, source, options.outputFolder === undefined ? undefined : outputDir(options.outputFolder));
  const imaging = await loadImaging();
  const square = imaging.squareCanvas(await imaging.decodeImage(source.input.bytes, source.input.path));
  const scaled = new Map<number, ReturnType<Imaging['resizeRaster']>>();
  const at = (size: number) => {
    let raster = scaled.get(size);
    if (!raster) scaled.set(size, (raster = imaging.resizeRaster(square, size, size, 'fill')));
    return raster;
  };
  const step = (size: number, extra: Record<string, unknown> = {}) => [{ op: 'resize' as const, width: size, height: size, fit: 'contain', ...extra }];
  const save = (name: string, size: number, png: Uint8Array, extra?: Record<string, unknown>) =>
    saveDerivedPng(deps, { dir, names: candidateFileNames(name, 'png'), png, source, steps: step(size, extra) });

  const files: IconSet<L>['files'] = [];
  const manifestIcons: Array<{ file: string; size: number }> = [];
  for (const size of sizes) {
    const saved = await save(`icon-${size}x${size}`, size, imaging.encodePng(at(size)));
    files.push({ location: saved.uri, size });
    manifestIcons.push({ file: port.baseName(saved.uri), size });
  }
  if (options.appleTouch !== false) {
    // iOS paints transparent parts of a home-screen icon black: the touch icon is flattened onto white.
    const saved = await save('apple-touch-icon', 180, imaging.encodePng(onWhite(at(180))), { background: '#ffffff' });
    files.push({ location: saved.uri, size: 180 });
  }
  const result: IconSet<L> = { files };
  if (options.ico !== false) {
    const ico = imaging.encodeIco(imaging.FAVICON_SIZES.map((size) => imaging.encodePng(at(size))));
    result.ico = await writeNewFileNamed(port, dir, candidateFileNames('favicon', 'ico'), ico);
  }
  if (options.webmanifest !== false) {
    result.manifest = await writeNewFileNamed(port, dir, candidateFileNames('site', 'webmanifest'), new TextEncoder().encode(webManifest(manifestIcons)));
  }
  deps.log.info(`icon set of ${port.relativePath(source.location)}: ${files.length} PNGs${result.ico ? ', favicon.ico' : ''}${result.manifest ? ', site.webmanifest' : ''}`);
  return result;
}

/** The given folder, or a new `<name>-icons` folder beside the source (`-2`, … when taken). */
async function iconFolder<L>(deps: DerivedDeps<L>, source: SourceImage<L>, given: L | undefined): Promise<L> {
  if (given !== undefined) return given;
  const port = deps.writer.port;
  const base = `${stemOf(port.baseName(source.location))}-icons`;
  for (let n = 1; ; n++) {
    const dir = port.join(port.parent(source.location), n === 1 ? base : `${base}-${n}`);
    if (!(await port.stat(dir))) return dir;
  }
}

function onWhite(raster: { width: number; height: number; data: Uint8Array }) {
  const data = new Uint8Array(raster.data);
  for (let i = 0; i < data.length; i += 4) {
    const a = data[i + 3]! / 255;
    for (let c = 0; c < 3; c++) data[i + c] = Math.round(data[i + c]! * a + 255 * (1 - a));
    data[i + 3] = 255;
  }
  return { width: raster.width, height: raster.height, data };
}
