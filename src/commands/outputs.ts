import * as vscode from 'vscode';
import { PictorError } from '../core/errors';
import { exportIconSetOf, readSourceImageAt, removeBackgroundOf, resizeImageOf, type SourceImage } from '../outputs/derived';
import type { SavedImage } from '../pipeline';
import type { Services } from '../services';
import { resolveOutputFolder, resolveWorkspaceFile, workspaceRelativePath } from '../workspace/files';
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

type Work<T> = (source: SourceImage<vscode.Uri>, options: Record<string, unknown>) => Promise<T>;

/**
 * Scripted (an argument object given): validated options, no prompts, rejects with a PictorError.
 * Interactive (menus, palette): picks the image and asks for the options, shows failures with their buttons.
 */
async function command<T extends ImagesResult | IconSetResult>(
  services: Services,
  id: string,
  uri: unknown,
  args: unknown,
  ask: (source: SourceImage<vscode.Uri>) => Promise<Record<string, unknown> | undefined>,
  work: Work<T>,
): Promise<T | undefined> {
  const options = optionsFromArgs(...[uri, args].filter((a) => !isUriLike(a)));
  const target = firstTarget(uri, args);
  if (options) {
    try {
      if (target === undefined) throw new PictorError('badInput', `${id} needs an image: pass its Uri or workspace-relative path first.`);
      const source = await readSourceImage(services, target);
      return await work(source, options);
    } catch (error) {
      const failure = PictorError.from(error);
      services.log.error(`${id} failed (${failure.code}): ${failure.message}`);
      throw failure;
    }
  }
  try {
    const picked = target ?? activeImageUri() ?? (await pickWorkspaceImages('Pictor: Choose an image', false))[0];
    if (!picked) return undefined;
    const source = await readSourceImage(services, picked);
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

const toResult = (saved: SavedImage<vscode.Uri>[]): ImagesResult => ({ images: saved.map((s) => ({ uri: s.uri, sidecar: s.sidecarUri })) });
const derivedDeps = (services: Services) => ({ writer: services.writer, generator: services.generator, log: services.log });

async function removeBackground(services: Services, source: SourceImage<vscode.Uri>, raw: Record<string, unknown>): Promise<ImagesResult> {
  return toResult([await removeBackgroundOf(derivedDeps(services), source, raw)]);
}

async function resizeImage(services: Services, source: SourceImage<vscode.Uri>, raw: Record<string, unknown>): Promise<ImagesResult> {
  return toResult([await resizeImageOf(derivedDeps(services), source, raw)]);
}

async function exportIconSet(services: Services, source: SourceImage<vscode.Uri>, raw: Record<string, unknown>): Promise<IconSetResult> {
  const folder = vscode.workspace.getWorkspaceFolder(source.location);
  const set = await exportIconSetOf(derivedDeps(services), source, raw, (relative) => resolveOutputFolder(relative, folder).dir);
  return {
    files: set.files.map((file) => ({ uri: file.location, size: file.size })),
    ...(set.ico ? { ico: set.ico } : {}),
    ...(set.manifest ? { manifest: set.manifest } : {}),
  };
}

/**
 * Reads an image to process: inside the workspace, a file, really an image (by its bytes) that the imaging
 * module decodes, not animated.
 * @throws PictorError('badInput') with what is wrong and what to do.
 */
async function readSourceImage(services: Services, reference: unknown): Promise<SourceImage<vscode.Uri>> {
  if (reference === undefined || reference === null || (typeof reference !== 'string' && typeof reference !== 'object')) {
    throw new PictorError('badInput', 'Choose an image: pass its Uri or workspace-relative path.');
  }
  return readSourceImageAt(services.writer, resolveWorkspaceFile(reference as string | vscode.Uri));
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

async function askSize(source: SourceImage<vscode.Uri>): Promise<Record<string, unknown> | undefined> {
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
