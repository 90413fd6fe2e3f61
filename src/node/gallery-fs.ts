import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { GALLERY_IMAGE_NAME, GALLERY_SIDECAR_NAME } from '../core/gallery';
import type { GalleryFileSystem } from '../gallery/gallery-index';
import type { NodeFilePort } from './file-port';

/** Folders never searched for images: version control and installed packages. */
const SKIPPED_FOLDERS = new Set(['.git', '.hg', '.svn', 'node_modules']);

/**
 * The gallery index's file system in plain Node: keys are absolute paths under the root. Listing walks
 * the root without following symbolic links (a linked folder may lead outside it).
 */
export function nodeGalleryFileSystem(port: NodeFilePort): GalleryFileSystem {
  return {
    async listFiles(underKey) {
      const found: string[] = [];
      const walk = async (dir: string): Promise<void> => {
        const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
        for (const entry of entries) {
          const full = path.join(dir, entry.name);
          if (entry.isDirectory()) {
            if (!SKIPPED_FOLDERS.has(entry.name)) await walk(full);
          } else if (entry.isFile() && (GALLERY_IMAGE_NAME.test(entry.name) || GALLERY_SIDECAR_NAME.test(entry.name))) {
            found.push(full);
          }
        }
      };
      await walk(underKey ?? port.root);
      return found;
    },
    async readText(key) {
      return new TextDecoder().decode(await port.readFile(key));
    },
    async exists(key) {
      return (await port.stat(key)) !== undefined;
    },
    relativePath: (key) => port.relativePath(key),
  };
}
