import * as vscode from 'vscode';
import { parseSidecar, type Sidecar } from '../core/sidecar';

/** The fields of a sidecar the spend report reads (the gallery index's records carry them too). */
export type SpendSidecar = Pick<Sidecar, 'createdAt' | 'model' | 'estimatedCostUsd'> & { responseId?: string | null };

/**
 * Where the spend report reads sidecars from. One interface so the report can sit on the gallery's
 * index of the workspace instead of its own search.
 */
export interface SidecarSource {
  /** Every valid Pictor sidecar in the open workspace folders; unreadable or foreign files are skipped. */
  listSidecars(): Promise<SpendSidecar[]>;
}

const SIDECAR_GLOB = '**/*.{png,jpg,jpeg,webp,gif,PNG,JPG,JPEG,WEBP,GIF}.json';

/** A SidecarSource that searches the workspace each time it is asked. */
export class WorkspaceSidecarSource implements SidecarSource {
  async listSidecars(): Promise<Sidecar[]> {
    const uris = await vscode.workspace.findFiles(SIDECAR_GLOB, '**/node_modules/**');
    const read = await Promise.all(
      uris.map(async (uri) => {
        try {
          return parseSidecar(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
        } catch {
          return undefined;
        }
      }),
    );
    return read.filter((s): s is Sidecar => s !== undefined);
  }
}
