import type { ChatSettings } from '../../core/conversation';
import { ASPECT_RATIOS, IMAGE_SIZES, currentModels, modelInfo } from '../../core/models';
import type { ModelOption, ViewSetup } from './protocol';

/**
 * The choices the settings bar offers, and the settings a new chat starts with. `extraModels`: ids to
 * offer besides the catalog's current models (the service's list, a conversation's own model).
 */
export function viewSetup(defaults: ChatSettings, extraModels: readonly string[] = []): ViewSetup {
  const ids = [...new Set([...currentModels().map((m) => m.id), ...extraModels, defaults.model])];
  return {
    models: ids.map(optionFor),
    aspectRatios: ASPECT_RATIOS,
    imageSizes: IMAGE_SIZES,
    defaults,
  };
}

function optionFor(id: string): ModelOption {
  const m = modelInfo(id);
  return {
    id: m.id,
    label: m.label.replace(/ \(.*\)$/, ''),
    supportsImageSize: m.supportsImageSize,
    supportsGrounding: m.supportsGrounding,
    maxImages: m.maxReferenceImages,
    recommendedImages: m.recommendedReferenceImages,
    aspectRatios: m.aspectRatios,
    // Sizes in ascending order for the menu; the model's default is preselected by the settings.
    imageSizes: IMAGE_SIZES.filter((size) => m.sizes.includes(size)),
    thinkingLevels: m.thinkingLevels,
    flex: m.flex,
  };
}
