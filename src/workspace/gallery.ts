import * as vscode from 'vscode';
import { GALLERY_IMAGE_NAME, GALLERY_SIDECAR_NAME, assetFactsOf, parseGalleryQuery, type GalleryRecord } from '../core/gallery';
import type { Logger } from '../core/log';
import { IMAGE_FILE_GLOB } from '../core/naming';
import { GalleryIndex, type GalleryFileSystem } from '../gallery/gallery-index';
import { workspaceRelativePath } from './files';

/** What `pictor.gallery.query` returns. */
export interface GalleryQueryResult {
  total: number;
  items: GalleryItem[];
  problems: Array<{ sidecar: vscode.Uri | null; message: string }>;
}

export interface GalleryItem {
  uri: vscode.Uri | null;
  sidecar: vscode.Uri | null;
  prompt: string;
  model: string;
  preset: string | null;
  /** ISO 8601. */
  createdAt: string;
  width: number | null;
  height: number | null;
  parent: vscode.Uri | null;
}


/** The gallery in VS Code: the index over `workspace.fs`, kept current by a file watcher. */
export class GalleryService implements vscode.Disposable {
  readonly index: GalleryIndex;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after the index changed (a file came or went, Pictor saved an image). */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private watching = false;

  constructor(private readonly log: Logger) {
    this.index = new GalleryIndex(vscodeGalleryFileSystem);
    const stop = this.index.onDidChange(() => this.changed.fire());
    this.disposables.push({ dispose: stop });
  }

  /**
   * `pictor.gallery.query`: filters, sorts and pages every image that has a Pictor sidecar.
   * @throws PictorError `badInput` for arguments that don't fit the query's shape
   */
  async query(args: unknown): Promise<GalleryQueryResult> {
    const query = parseGalleryQuery(args);
    await this.ensureBuilt();
    const result = await this.index.query(query);
    return {
      total: result.total,
      items: result.items.map(toItem),
      problems: result.problems.map((p) => ({ sidecar: safeUri(p.sidecarKey), message: p.message })),
    };
  }

  /** Every indexed image, newest first. */
  async all(): Promise<readonly GalleryRecord[]> {
    await this.ensureBuilt();
    return this.index.all();
  }

  /** Called after Pictor saved an image and its sidecar, so the next query has it. Never rejects. */
  async indexSaved(imageUri: vscode.Uri): Promise<void> {
    await this.index.indexSaved(imageUri.toString()).catch((error: unknown) => this.log.warn(`gallery: ${String(error)}`));
  }

  async ensureBuilt(): Promise<void> {
    this.watch();
    const first = !this.index.isBuilt;
    const started = Date.now();
    await this.index.ensureBuilt();
    if (first) this.log.info(`gallery: indexed ${(await this.index.all()).length} image(s) in ${Date.now() - started} ms`);
  }

  /** The record of an image, if indexed. */
  recordOf(uri: vscode.Uri): GalleryRecord | undefined {
    return this.index.recordOf(uri.toString());
  }

  /** Started with the index: before anyone asks for the gallery, nothing is watched. */
  private watch(): void {
    if (this.watching) return;
    this.watching = true;
    // One watcher for everything: images and sidecars by name; anything else created may be a folder
    // that arrived whole (git checkout, a copy), whose files a watcher may not report one by one.
    const watcher = vscode.workspace.createFileSystemWatcher('**/*', false, false, false);
    const report = (what: string) => (error: unknown) => this.log.warn(`gallery: ${what}: ${String(error)}`);
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => void this.created(uri).catch(report(`indexing ${uri.path}`))),
      watcher.onDidChange((uri) => {
        if (GALLERY_SIDECAR_NAME.test(uri.path)) void this.index.fileCreated(uri.toString()).catch(report(`indexing ${uri.path}`));
      }),
      watcher.onDidDelete((uri) => void this.index.fileDeleted(uri.toString()).catch(report(`unindexing ${uri.path}`))),
    );
  }

  private async created(uri: vscode.Uri): Promise<void> {
    if (GALLERY_SIDECAR_NAME.test(uri.path) || GALLERY_IMAGE_NAME.test(uri.path)) return this.index.fileCreated(uri.toString());
    // Only a name without an extension is checked for being a folder: the cheap common case, and
    // it keeps a burst of new files (a build) from costing a stat each.
    const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    if (name.includes('.')) return;
    const stat = await vscode.workspace.fs.stat(uri).then(undefined, () => undefined);
    if (stat && stat.type & vscode.FileType.Directory) await this.index.folderCreated(uri.toString());
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

const vscodeGalleryFileSystem: GalleryFileSystem = {
  async listFiles(underKey) {
    const pattern = (glob: string) => (underKey ? new vscode.RelativePattern(vscode.Uri.parse(underKey), glob) : glob);
    const found = await Promise.all([IMAGE_FILE_GLOB, `${IMAGE_FILE_GLOB}.json`].map((glob) => vscode.workspace.findFiles(pattern(glob))));
    return found.flat().map((u) => u.toString());
  },
  async readText(key) {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.parse(key)));
  },
  async exists(key) {
    return vscode.workspace.fs.stat(vscode.Uri.parse(key)).then(
      () => true,
      () => false,
    );
  },
  relativePath(key) {
    return workspaceRelativePath(vscode.Uri.parse(key));
  },
};

function safeUri(key: string): vscode.Uri | null {
  try {
    return vscode.Uri.parse(key, true);
  } catch {
    return null;
  }
}

/** The parent is recorded relative to the image's own workspace folder (multi-root). */
export function parentUriOf(record: GalleryRecord): vscode.Uri | null {
  const image = safeUri(record.imageKey);
  if (!record.parentPath || !image) return null;
  const folder = vscode.workspace.getWorkspaceFolder(image);
  if (!folder || record.parentPath.split('/').includes('..')) return null;
  return vscode.Uri.joinPath(folder.uri, ...record.parentPath.split('/'));
}

function toItem(record: GalleryRecord): GalleryItem {
  return {
    uri: safeUri(record.imageKey),
    sidecar: safeUri(record.sidecarKey),
    ...assetFactsOf(record),
    parent: parentUriOf(record),
  };
}
