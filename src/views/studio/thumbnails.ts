import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { imageThumbnail } from '../../core/thumbnail';
import type { Logger } from '../../core/log';

/** The longer side of a gallery thumbnail, in pixels (cards are about 200 px wide, twice that for HiDPI). */
const THUMBNAIL_SIDE = 384;

/**
 * Gallery thumbnails, made when a card scrolls into view and cached in the extension's global storage
 * (never in the workspace), keyed by the image's URI, size and modification time so an edited image
 * gets a new one.
 */
export class ThumbnailCache {
  readonly dir: vscode.Uri;
  private readonly making = new Map<string, Promise<vscode.Uri>>();

  constructor(storage: vscode.Uri, private readonly log: Logger) {
    this.dir = vscode.Uri.joinPath(storage, 'thumbnails');
  }

  /** The thumbnail of a workspace image, or the image itself when it is small or not a PNG. */
  async thumbnailOf(image: vscode.Uri): Promise<vscode.Uri> {
    const stat = await vscode.workspace.fs.stat(image);
    const key = createHash('sha256').update(`${image.toString()}\n${stat.size}\n${stat.mtime}`).digest('hex').slice(0, 32);
    const pending = this.making.get(key) ?? this.make(image, key);
    this.making.set(key, pending);
    try {
      return await pending;
    } finally {
      this.making.delete(key);
    }
  }

  private async make(image: vscode.Uri, key: string): Promise<vscode.Uri> {
    const thumbnail = vscode.Uri.joinPath(this.dir, `${key}.png`);
    try {
      await vscode.workspace.fs.stat(thumbnail);
      return thumbnail;
    } catch {
      // Not made yet.
    }
    try {
      const small = await imageThumbnail(await vscode.workspace.fs.readFile(image), THUMBNAIL_SIDE);
      if (!small) return image;
      await vscode.workspace.fs.createDirectory(this.dir);
      await vscode.workspace.fs.writeFile(thumbnail, small);
      return thumbnail;
    } catch (error) {
      this.log.warn(`thumbnail of ${image.toString()}: ${String(error)}`);
      return image;
    }
  }
}
