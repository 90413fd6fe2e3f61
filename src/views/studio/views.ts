import * as vscode from 'vscode';
import { MAX_QUERY_LIMIT, type GalleryRecord } from '../../core/gallery';
import type { Sidecar } from '../../core/sidecar';
import type { SavedImage } from '../../pipeline';
import type { GalleryService } from '../../workspace/gallery';
import { resolveWorkspaceFile, workspaceRelativePath } from '../../workspace/files';
import type { GalleryPage, GallerySearch, ReferenceView, ResultView } from './protocol';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A workspace image as the webview shows it (`src` a webview URI; the folders are resource roots). */
function parentView(webview: vscode.Webview, image: vscode.Uri, parentPath: string | null): ResultView['parent'] {
  if (!parentPath || parentPath.split('/').includes('..')) return null;
  const folder = vscode.workspace.getWorkspaceFolder(image);
  if (!folder) return null;
  const uri = vscode.Uri.joinPath(folder.uri, ...parentPath.split('/'));
  return { path: workspaceRelativePath(uri), src: webview.asWebviewUri(uri).toString() };
}

/** A variant just saved by the pipeline. */
export function savedImageView(webview: vscode.Webview, image: SavedImage<vscode.Uri>): ResultView {
  const sidecar: Sidecar = image.sidecar;
  return {
    path: workspaceRelativePath(image.uri),
    src: webview.asWebviewUri(image.uri).toString(),
    prompt: sidecar.prompt,
    model: sidecar.model,
    preset: sidecar.preset ?? null,
    createdAt: sidecar.createdAt,
    width: sidecar.image.width ?? null,
    height: sidecar.image.height ?? null,
    parent: parentView(webview, image.uri, sidecar.parent?.path ?? null),
  };
}

function recordView(webview: vscode.Webview, record: GalleryRecord, uri: vscode.Uri): ResultView {
  const { prompt, model, preset, createdAt, width, height } = record;
  const src = webview.asWebviewUri(uri).toString();
  return { path: workspaceRelativePath(uri), src, prompt, model, preset, createdAt, width, height, parent: parentView(webview, uri, record.parentPath) };
}

/**
 * One page of the gallery for the Studio: `pictor.gallery.query`'s search, filters and order, then the
 * date filter (the query has none), then the page. Facets come from the whole gallery.
 */
export async function galleryPage(webview: vscode.Webview, gallery: GalleryService, search: GallerySearch, now = Date.now()): Promise<GalleryPage> {
  const result = await gallery.query({
    ...(search.text?.trim() ? { text: search.text.trim() } : {}),
    ...(search.model ? { model: search.model } : {}),
    ...(search.preset ? { preset: search.preset } : {}),
    ...(search.folder ? { folder: search.folder } : {}),
    sort: search.sort,
    limit: MAX_QUERY_LIMIT,
  });
  const since = search.withinDays ? now - search.withinDays * DAY_MS : -Infinity;
  const matching = result.items.filter((item) => item.uri && Date.parse(item.createdAt) >= since);
  const page = matching.slice(search.offset, search.offset + search.limit);
  const items = page.flatMap((item) => {
    const record = item.uri && gallery.recordOf(item.uri);
    return record && item.uri ? [recordView(webview, record, item.uri)] : [];
  });
  const all = await gallery.all();
  const sorted = (values: Iterable<string>) => [...new Set(values)].sort((a, b) => a.localeCompare(b));
  return {
    total: matching.length,
    items,
    facets: {
      models: sorted(all.map((r) => r.model)),
      presets: sorted(all.flatMap((r) => (r.preset ? [r.preset] : []))),
      folders: sorted(all.map((r) => r.relativePath.split('/').slice(0, -1).join('/')).filter(Boolean)),
    },
    problems: result.problems.length,
  };
}

/** Images chosen as references, as the form lists them; anything not a workspace image is skipped. */
export function referenceViews(webview: vscode.Webview, uris: readonly vscode.Uri[], isImage: (uri: vscode.Uri) => boolean): ReferenceView[] {
  return uris.flatMap((uri) => {
    try {
      const inside = resolveWorkspaceFile(uri);
      if (!isImage(inside)) return [];
      return [{ path: workspaceRelativePath(inside), uri: inside.toString(), src: webview.asWebviewUri(inside).toString() }];
    } catch {
      return [];
    }
  });
}
