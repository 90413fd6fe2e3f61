import * as vscode from 'vscode';
import { Disposable } from './disposable';

/** Context key: `resourcePath in pictor.imagesWithSidecar` is true for images that have a Pictor sidecar. */
export const IMAGES_WITH_SIDECAR = 'pictor.imagesWithSidecar';

const SIDECAR_GLOB = '**/*.{png,jpg,jpeg,webp,gif,PNG,JPG,JPEG,WEBP,GIF}.json';
/** Enough for any asset folder; beyond it the menus of the rest simply stay hidden. */
const MAX_SIDECARS = 20_000;

/**
 * Keeps the context key that menus use to show Variations, Regenerate and Show Prompt only on images
 * Pictor knows how to repeat. Found once with findFiles, then kept current by a file-system watcher;
 * updates are batched so a burst of writes sets the key once.
 */
export class SidecarContextKey extends Disposable {
  private readonly images = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  /**
   * `onFirstSidecar` runs once, when the workspace is first seen to hold a sidecar. `saved` tells of each
   * image Pictor itself saves with its sidecar: those count at once, without waiting for a file event
   * (a watcher set up moments before may not report the first file).
   */
  constructor(saved: (listener: (image: vscode.Uri) => void) => { dispose(): void }, private onFirstSidecar?: () => void) {
    super();
    const watcher = this._register(vscode.workspace.createFileSystemWatcher(SIDECAR_GLOB));
    this._register(watcher.onDidCreate((uri) => this.change(uri, true)));
    this._register(watcher.onDidDelete((uri) => this.change(uri, false)));
    this._register(saved((image) => this.change(image.with({ path: `${image.path}.json` }), true)));
    this._register({ dispose: () => clearTimeout(this.timer) });
    void this.scan();
  }

  private async scan(): Promise<void> {
    const found = await vscode.workspace.findFiles(SIDECAR_GLOB, '**/node_modules/**', MAX_SIDECARS);
    for (const uri of found) this.images.add(imageOf(uri).fsPath);
    await this.publish();
  }

  private change(sidecar: vscode.Uri, exists: boolean): void {
    const image = imageOf(sidecar).fsPath;
    if (exists) this.images.add(image);
    else this.images.delete(image);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.publish(), 100);
  }

  /** `resourcePath` is the resource's file-system path, so the key maps those paths to true. */
  private async publish(): Promise<void> {
    if (this.isDisposed) return;
    if (this.images.size > 0 && this.onFirstSidecar) {
      const first = this.onFirstSidecar;
      this.onFirstSidecar = undefined;
      first();
    }
    const value: Record<string, true> = {};
    for (const path of this.images) value[path] = true;
    await vscode.commands.executeCommand('setContext', IMAGES_WITH_SIDECAR, value);
  }
}

function imageOf(sidecar: vscode.Uri): vscode.Uri {
  return sidecar.with({ path: sidecar.path.slice(0, -'.json'.length) });
}
