import type { GalleryRecord } from '../core/gallery';
import type { Sidecar } from '../core/sidecar';

/** The fields of a sidecar the spend report reads (the gallery index's records carry them). */
export type SpendSidecar = Pick<Sidecar, 'createdAt' | 'model' | 'estimatedCostUsd'> & { responseId?: string | null };

/** Where the spend report reads sidecars from. */
export interface SidecarSource {
  /** Every valid Pictor sidecar in the open workspace folders; unreadable or foreign files are skipped. */
  listSidecars(): Promise<SpendSidecar[]>;
}

/**
 * The spend report's sidecars, read from the gallery index (`GalleryService.all()`): the workspace is
 * scanned once, by the gallery, and kept current by its watcher. Sidecars the gallery lists as problems
 * (damaged, foreign, newer version, image gone) are not counted.
 */
export class GallerySidecarSource implements SidecarSource {
  constructor(private readonly gallery: { all(): Promise<readonly GalleryRecord[]> }) {}

  async listSidecars(): Promise<SpendSidecar[]> {
    return (await this.gallery.all()).map((record) => {
      const responseId = record.data.responseId;
      return {
        createdAt: record.createdAt,
        model: record.model,
        estimatedCostUsd: record.estimatedCostUsd,
        responseId: typeof responseId === 'string' ? responseId : null,
      };
    });
  }
}
