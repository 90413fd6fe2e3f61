import { ERROR_CODES, PictorError, type PictorErrorCode } from '../core/errors';
import type { GenerationOutcome } from '../pipeline';
import type { NodeFilePort } from './file-port';

/** One saved image as the CLI and the MCP server report it: paths relative to the root, with `/`. */
export interface ReportedImage {
  path: string;
  sidecar: string;
  /** Pixels; null when the image's header could not be read. */
  width: number | null;
  height: number | null;
}

/** What a run made, in root-relative paths. */
export function reportImages(port: NodeFilePort, outcome: GenerationOutcome<string>): ReportedImage[] {
  return outcome.images.map((image) => ({
    path: port.relativePath(image.uri),
    sidecar: port.relativePath(image.sidecarUri),
    width: image.sidecar.image.width,
    height: image.sidecar.image.height,
  }));
}

/**
 * The CLI's exit code for each error code (public: scripts and CI steps branch on it). 0 is success;
 * 1 also covers a failure that is not Pictor's own (a bug).
 */
export const EXIT_CODES: Readonly<Record<PictorErrorCode, number>> = {
  server: 1,
  badInput: 2,
  missingKey: 3,
  invalidKey: 4,
  quota: 5,
  blocked: 6,
  noImage: 7,
  network: 8,
  budget: 9,
  cancelled: 130,
};

/** Any failure as `{ code, message }` (an unexpected one is `server`). */
export function describeFailure(error: unknown): { code: PictorErrorCode; message: string } {
  const failure = PictorError.from(error);
  return { code: ERROR_CODES.includes(failure.code) ? failure.code : 'server', message: failure.message };
}
