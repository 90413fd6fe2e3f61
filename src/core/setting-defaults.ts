import type { AspectRatio, ImageSize } from './models';

/**
 * The defaults of the `pictor.*` settings (package.json declares the same), used where no setting is
 * read: VS Code's fallbacks and the CLI and MCP server, which have no settings.
 */
export const SETTING_DEFAULTS = {
  aspectRatio: '1:1' as AspectRatio,
  imageSize: '1K' as ImageSize,
  outputFolder: 'assets/generated',
  maxConcurrentRequests: 2,
  /** Seconds per attempt. */
  requestTimeoutSeconds: 180,
  maxRetries: 2,
  editBesideOriginal: true,
  embedProvenance: true,
  keepMatteSources: true,
} as const;
