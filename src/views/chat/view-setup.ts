import type { ChatSettings } from '../../core/conversation';
import { ASPECT_RATIOS, IMAGE_SIZES } from '../../core/models';
import { modelOptions } from '../shared/models';
import type { ViewSetup } from './protocol';

/**
 * The choices the settings bar offers, and the settings a new chat starts with. `extraModels`: ids to
 * offer besides the catalog's current models (the service's list, a conversation's own model).
 */
export function viewSetup(defaults: ChatSettings, extraModels: readonly string[] = []): ViewSetup {
  return {
    models: modelOptions([...extraModels, defaults.model]),
    aspectRatios: ASPECT_RATIOS,
    imageSizes: IMAGE_SIZES,
    defaults,
  };
}
