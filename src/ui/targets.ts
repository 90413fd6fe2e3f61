import * as vscode from 'vscode';
import { PictorError } from '../core/errors';
import { IMAGE_FILE_EXTENSIONS, IMAGE_FILE_GLOB, IMAGE_FILE_PATTERN } from '../core/naming';
import { resolveWorkspaceFile } from '../workspace/files';

const IMAGE_PATH = IMAGE_FILE_PATTERN;

/**
 * Commands get (clicked, selection) from the explorer, (uri, context) from editors, nothing from the palette;
 * scripts may name images by workspace-relative path instead of Uri.
 */
export function urisFromArgs(first: unknown, second: unknown): vscode.Uri[] {
  const all: vscode.Uri[] = [];
  const add = (value: unknown, atStart = false) => {
    const uri = toUri(value);
    if (!uri || all.some((u) => u.toString() === uri.toString())) return;
    if (atStart) all.unshift(uri);
    else all.push(uri);
  };
  if (Array.isArray(second)) second.forEach((u) => add(u));
  add(first, true);
  if (Array.isArray(first)) first.forEach((u) => add(u));
  return all;
}

function toUri(value: unknown): vscode.Uri | undefined {
  if (value instanceof vscode.Uri) return value;
  if (typeof value === 'string' && value.trim()) return resolveWorkspaceFile(value);
  return undefined;
}

/** The argument object, wherever it was passed (after one or two URI arguments). */
export function optionsFromArgs(...args: unknown[]): Record<string, unknown> | undefined {
  const found = args.find(
    (a) => a !== null && typeof a === 'object' && !(a instanceof vscode.Uri) && !Array.isArray(a) && !isMenuContext(a),
  );
  return found as Record<string, unknown> | undefined;
}

/**
 * Menus pass their own context after the Uri: `{ webview, … }` from the image preview's context menu,
 * `{ groupId, editorIndex? }` from the editor title and tab menus. Those are not options.
 */
function isMenuContext(value: object): boolean {
  return ('webview' in value || 'groupId' in value || 'editorIndex' in value) && !('prompt' in value);
}

/** The image shown in the active editor (the built-in image preview is a custom editor). */
export function activeImageUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText) {
    return IMAGE_PATH.test(input.uri.path) || /\.json$/i.test(input.uri.path) ? input.uri : undefined;
  }
  return undefined;
}

/** Lets the user pick workspace images when a command was started without any. */
export async function pickWorkspaceImages(title: string, many: boolean): Promise<vscode.Uri[]> {
  const files = await vscode.workspace.findFiles(IMAGE_FILE_GLOB, '**/node_modules/**', 2000);
  if (!files.length) throw new PictorError('badInput', `There are no images (${IMAGE_FILE_EXTENSIONS.map((e) => `.${e}`).join(', ')}) in this workspace.`);
  const items = files
    .map((uri) => ({ label: vscode.workspace.asRelativePath(uri, false), uri }))
    .sort((a, b) => a.label.localeCompare(b.label));
  if (many) {
    const picked = await vscode.window.showQuickPick(items, { title, canPickMany: true, matchOnDescription: true, ignoreFocusOut: true });
    return picked?.map((p) => p.uri) ?? [];
  }
  const picked = await vscode.window.showQuickPick(items, { title, ignoreFocusOut: true });
  return picked ? [picked.uri] : [];
}

export function isImagePath(uri: vscode.Uri): boolean {
  return IMAGE_PATH.test(uri.path);
}
