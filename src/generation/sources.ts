import type { AspectRatio, ImageSize } from '../core/models';
import type { PresetDefinition } from '../core/presets';
import type { UriLike } from '../core/spec';
import type { FilePort } from '../writer/file-port';

/**
 * The defaults a host fills in what the arguments leave open: VS Code reads its settings, plain Node
 * uses the settings' own defaults.
 */
export interface GenerationDefaults {
  /** The default model; throws PictorError('badInput') when it is retired (naming the replacement). */
  model(): string;
  aspectRatio(): AspectRatio;
  imageSize(): ImageSize;
  /** Root-relative folder new images go to (`assets/generated`). */
  outputFolder(): string;
  /** Edits go beside the original (true) or into the output folder. */
  editBesideOriginal(): boolean;
}

/**
 * What turning arguments into a spec needs from its host: files (through the port), where references
 * and folders are, presets and defaults. `L` is the port's location type.
 */
export interface SpecSources<L> {
  port: FilePort<L>;
  defaults: GenerationDefaults;
  /** A preset by id or alias; throws PictorError('badInput') naming the presets there are. */
  preset(id: string): Promise<PresetDefinition>;
  /**
   * A file reference (a root-relative path, an absolute path inside the root, a URI) → its location.
   * @throws PictorError('badInput') for anything outside the root (judged by its text; links are judged when read).
   */
  locate(reference: string | UriLike): L;
  /**
   * A root-relative folder → its location.
   * @throws PictorError('badInput', setting `pictor.outputFolder`) for a folder outside the root.
   */
  outputDir(relative: string): L;
}
