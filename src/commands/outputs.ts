import * as vscode from 'vscode';
import { PictorError } from '../core/errors';
import type { Imaging } from '../core/imaging/load';
import { loadImaging } from '../core/imaging/load';
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
import { readSourceImage, saveDerivedPng, type SourceImage } from '../derived-images';
import type { SavedImage } from '../pipeline';
import type { Services } from '../services';
import { writeNewImage } from '../workspace/file-port';
import { exists, resolveOutputFolder, workspaceRelativePath } from '../workspace/files';
import { reportFailure } from './run';
import { activeImageUri, optionsFromArgs, pickWorkspaceImages, urisFromArgs } from '../ui/targets';

/** What removeBackground and resizeImage resolve to (public API). */
export interface ImagesResult {
  images: Array<{ uri: vscode.Uri; sidecar: vscode.Uri }>;
}

/** What exportIconSet resolves to (public API). */
export interface IconSetResult {
  files: Array<{ uri: vscode.Uri; size: number }>;
  ico?: vscode.Uri;
  manifest?: vscode.Uri;
}

/** Local processing of existing images: no API call, no key needed. */
export function registerOutputCommands(services: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('pictor.removeBackground', (uri?: unknown, args?: unknown) =>
      command(services, 'pictor.removeBackground', uri, args, askKeyColour, (source, options) => removeBackground(services, source, options)),
    ),
    vscode.commands.registerCommand('pictor.resizeImage', (uri?: unknown, args?: unknown) =>
      command(services, 'pictor.resizeImage', uri, args, askSize, (source, options) => resizeImage(services, source, options)),
    ),
    vscode.commands.registerCommand('pictor.exportIconSet', (uri?: unknown, args?: unknown) =>
      command(services, 'pictor.exportIconSet', uri, args, async () => ({}), (source, options) => exportIconSet(services, source, options)),
    ),
  ];
}

type Work<T> = (source: SourceImage, options: Record<string, unknown>) => Promise<T>;

/**
 * Scripted (an argument object given): validated options, no prompts, rejects with a PictorError.
 * Interactive (menus, palette): picks the image and asks for the options, shows failures with their buttons.
 */
async function command<T extends ImagesResult | IconSetResult>(
  services: Services,
  id: string,
  uri: unknown,
  args: unknown,
  ask: (source: SourceImage) => Promise<Record<string, unknown> | undefined>,
  work: Work<T>,
): Promise<T | undefined> {
  const options = optionsFromArgs(...[uri, args].filter((a) => !isUriLike(a)));
  const target = firstTarget(uri, args);
  if (options) {
    try {
      if (target === undefined) throw new PictorError('badInput', `${id} needs an image: pass its Uri or workspace-relative path first.`);
      const source = await readSourceImage(target);
      return await work(source, options);
    } catch (error) {
      const failure = error instanceof PictorError ? error : new PictorError('server', String((error as Error)?.message ?? error), { cause: error });
      services.log.error(`${id} failed (${failure.code}): ${failure.message}`);
      throw failure;
    }
  }
  try {
    const picked = target ?? activeImageUri() ?? (await pickWorkspaceImages('Pictor: Choose an image', false))[0];
    if (!picked) return undefined;
    const source = await readSourceImage(picked);
    const asked = await ask(source);
    if (!asked) return undefined;
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Pictor: Processing the image…' }, () => work(source, asked));
    void present(services, result);
    return result;
  } catch (error) {
    reportFailure(services, error);
    return undefined;
  }
}

/** A Uri that crossed an extension boundary as plain data. */
const isUriLike = (value: unknown): boolean =>
  !!value && typeof value === 'object' && !(value instanceof vscode.Uri) && typeof (value as { scheme?: unknown }).scheme === 'string' && typeof (value as { path?: unknown }).path === 'string';

/** The image named by the arguments: a Uri, a Uri as plain data, or a workspace-relative path, first. */
function firstTarget(uri: unknown, args: unknown): vscode.Uri | string | undefined {
  if (typeof uri === 'string') return uri;
  if (isUriLike(uri)) return uri as vscode.Uri;
  return urisFromArgs(uri instanceof vscode.Uri ? uri : undefined, Array.isArray(args) ? args : undefined)[0];
}

async function present(services: Services, result: ImagesResult | IconSetResult): Promise<void> {
  const first = 'images' in result ? result.images[0]?.uri : result.files[0]?.uri;
  if (!first) return;
  const what = 'images' in result ? workspaceRelativePath(first) : `${result.files.length} icons in ${workspaceRelativePath(vscode.Uri.joinPath(first, '..'))}`;
  services.log.info(`saved ${what}`);
  if ('images' in result) await vscode.commands.executeCommand('vscode.open', first, { preview: false, preserveFocus: true });
  const choice = await vscode.window.showInformationMessage(`Pictor: Saved ${what}`, 'Reveal in Explorer');
  if (choice === 'Reveal in Explorer') await vscode.commands.executeCommand('revealInExplorer', first);
}

const dirOf = (uri: vscode.Uri) => vscode.Uri.joinPath(uri, '..');
const stemOf = (uri: vscode.Uri) => (uri.path.split('/').pop() ?? 'image').replace(/\.[^.]+$/, '') || 'image';
const toResult = (saved: SavedImage<vscode.Uri>[]): ImagesResult => ({ images: saved.map((s) => ({ uri: s.uri, sidecar: s.sidecarUri })) });

async function removeBackground(services: Services, source: SourceImage, raw: Record<string, unknown>): Promise<ImagesResult> {
  const options: RemoveBackgroundOptions = parseOptions(removeBackgroundOptions, raw, 'pictor.removeBackground');
  const imaging = await loadImaging();
  const keyed = imaging.colorKey(imaging.decodeImage(source.input.bytes, source.input.path), options);
  const saved = await saveDerivedPng(services, {
    dir: dirOf(source.uri),
    names: candidateFileNames(`${stemOf(source.uri)}.transparent`, 'png'),
    png: imaging.encodePng(keyed.raster),
    source,
    steps: [{ op: 'colorKey', color: keyed.color, tolerance: keyed.tolerance, requestedColor: options.color ?? 'auto' }],
  });
  return toResult([saved]);
}

async function resizeImage(services: Services, source: SourceImage, raw: Record<string, unknown>): Promise<ImagesResult> {
  const options: ResizeOptions = parseOptions(resizeOptions, raw, 'pictor.resizeImage');
  const fit = options.fit ?? 'contain';
  const imaging = await loadImaging();
  const resized = imaging.resizeRaster(imaging.decodeImage(source.input.bytes, source.input.path), options.width, options.height, fit);
  const saved = await saveDerivedPng(services, {
    dir: dirOf(source.uri),
    names: candidateFileNames(`${stemOf(source.uri)}.${options.width}x${options.height}`, 'png'),
    png: imaging.encodePng(resized),
    source,
    steps: [{ op: 'resize', width: options.width, height: options.height, fit }],
  });
  return toResult([saved]);
}

async function exportIconSet(services: Services, source: SourceImage, raw: Record<string, unknown>): Promise<IconSetResult> {
  const options: IconSetOptions = parseOptions(iconSetOptions, raw, 'pictor.exportIconSet');
  const sizes = [...new Set(options.sizes ?? DEFAULT_ICON_SIZES)].sort((a, b) => a - b);
  const dir = await iconFolder(source, options.outputFolder);
  const imaging = await loadImaging();
  const square = imaging.squareCanvas(imaging.decodeImage(source.input.bytes, source.input.path));
  const scaled = new Map<number, ReturnType<Imaging['resizeRaster']>>();
  const at = (size: number) => {
    let raster = scaled.get(size);
    if (!raster) scaled.set(size, (raster = imaging.resizeRaster(square, size, size, 'fill')));
    return raster;
  };
  const step = (size: number, extra: Record<string, unknown> = {}) => [{ op: 'resize' as const, width: size, height: size, fit: 'contain', ...extra }];
  const save = (name: string, size: number, png: Uint8Array, extra?: Record<string, unknown>) =>
    saveDerivedPng(services, { dir, names: candidateFileNames(name, 'png'), png, source, steps: step(size, extra) });

  const files: IconSetResult['files'] = [];
  const manifestIcons: Array<{ file: string; size: number }> = [];
  for (const size of sizes) {
    const saved = await save(`icon-${size}x${size}`, size, imaging.encodePng(at(size)));
    files.push({ uri: saved.uri, size });
    manifestIcons.push({ file: saved.uri.path.split('/').pop()!, size });
  }
  if (options.appleTouch !== false) {
    // iOS paints transparent parts of a home-screen icon black: the touch icon is flattened onto white.
    const saved = await save('apple-touch-icon', 180, imaging.encodePng(onWhite(at(180))), { background: '#ffffff' });
    files.push({ uri: saved.uri, size: 180 });
  }
  const result: IconSetResult = { files };
  if (options.ico !== false) {
    const ico = imaging.encodeIco(imaging.FAVICON_SIZES.map((size) => imaging.encodePng(at(size))));
    result.ico = await writeNewImage(dir, candidateFileNames('favicon', 'ico'), ico);
  }
  if (options.webmanifest !== false) {
    result.manifest = await writeNewImage(dir, candidateFileNames('site', 'webmanifest'), new TextEncoder().encode(webManifest(manifestIcons)));
  }
  services.log.info(`icon set of ${workspaceRelativePath(source.uri)}: ${files.length} PNGs${result.ico ? ', favicon.ico' : ''}${result.manifest ? ', site.webmanifest' : ''}`);
  return result;
}

/** The given workspace-relative folder, or a new `<name>-icons` folder beside the source (`-2`, … when taken). */
async function iconFolder(source: SourceImage, outputFolder: string | undefined): Promise<vscode.Uri> {
  const folder = vscode.workspace.getWorkspaceFolder(source.uri);
  if (outputFolder !== undefined) return resolveOutputFolder(outputFolder, folder).dir;
  const base = `${stemOf(source.uri)}-icons`;
  for (let n = 1; ; n++) {
    const dir = vscode.Uri.joinPath(dirOf(source.uri), n === 1 ? base : `${base}-${n}`);
    if (!(await exists(dir))) return dir;
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

// ---- interactive option prompts

async function askKeyColour(): Promise<Record<string, unknown> | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'Automatic', description: 'the most common colour on the border', color: 'auto' },
      { label: 'White', description: '#ffffff', color: '#ffffff' },
      { label: 'Black', description: '#000000', color: '#000000' },
      { label: 'Green', description: '#00ff00', color: '#00ff00' },
      { label: 'Other colour…', description: '#rrggbb', color: '' },
    ],
    { title: 'Pictor: Remove which background colour?', ignoreFocusOut: true },
  );
  if (!picked) return undefined;
  let color = picked.color;
  if (!color) {
    const typed = await vscode.window.showInputBox({
      title: 'Pictor: Background colour',
      prompt: 'A colour as #rrggbb',
      ignoreFocusOut: true,
      validateInput: (v) => (/^#[0-9a-f]{6}$/i.test(v.trim()) ? undefined : 'Type a colour such as #00ff00'),
    });
    if (!typed) return undefined;
    color = typed.trim();
  }
  return { color };
}

async function askSize(source: SourceImage): Promise<Record<string, unknown> | undefined> {
  const typed = await vscode.window.showInputBox({
    title: `Pictor: Resize ${source.input.path}`,
    prompt: 'New size in pixels, width×height (e.g. 512x512)',
    value: '512x512',
    ignoreFocusOut: true,
    validateInput: (v) => (parseSize(v) ? undefined : 'Type two whole numbers from 1 to 8192, such as 1200x630'),
  });
  const size = typed && parseSize(typed);
  if (!size) return undefined;
  const fit = await vscode.window.showQuickPick(
    [
      { label: 'contain', description: 'fit inside; transparent margins, nothing cut' },
      { label: 'cover', description: 'fill the frame; the overflow is cropped from the centre' },
      { label: 'fill', description: 'stretch to the exact size' },
    ],
    { title: 'Pictor: How should the image fit?', ignoreFocusOut: true },
  );
  return fit ? { ...size, fit: fit.label } : undefined;
}

function parseSize(text: string): { width: number; height: number } | undefined {
  const m = /^\s*(\d{1,4})\s*[x×*,]\s*(\d{1,4})\s*$/i.exec(text);
  if (!m) return undefined;
  const width = Number(m[1]), height = Number(m[2]);
  return width >= 1 && height >= 1 && width <= 8192 && height <= 8192 ? { width, height } : undefined;
}
