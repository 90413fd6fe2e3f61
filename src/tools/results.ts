import type * as vscode from 'vscode';
import type { AssetFacts, SavedImageFacts } from '../core/agent-text';
import { workspaceRelativePath } from '../workspace/files';
import type { GalleryItem } from '../workspace/gallery';
import { readSidecarOf } from '../workspace/sidecars';

/** What the generating and processing commands resolve to (`pictor.generate`, `pictor.removeBackground`, …). */
export interface ImagesCommandResult {
  images: Array<{ uri: vscode.Uri; sidecar: vscode.Uri }>;
  text?: string;
}

/** Saved images as tools report them: workspace-relative paths and the size their sidecar records. */
export async function savedImageFacts(result: ImagesCommandResult): Promise<SavedImageFacts[]> {
  return Promise.all(
    result.images.map(async ({ uri, sidecar }) => {
      const record = await readSidecarOf(uri).catch(() => undefined);
      return {
        path: workspaceRelativePath(uri),
        sidecar: workspaceRelativePath(sidecar),
        width: record?.sidecar.image.width ?? null,
        height: record?.sidecar.image.height ?? null,
      };
    }),
  );
}

/** A gallery match as the find-assets tool lists it. */
export function assetFacts(item: GalleryItem): AssetFacts {
  return {
    path: item.uri ? workspaceRelativePath(item.uri) : null,
    sidecar: item.sidecar ? workspaceRelativePath(item.sidecar) : null,
    prompt: item.prompt,
    model: item.model,
    width: item.width,
    height: item.height,
    createdAt: item.createdAt,
  };
}
