import type { ChatSettings } from '../../core/conversation';
import { ASPECT_RATIOS, IMAGE_SIZES, MODELS } from '../../core/models';
import type { ViewSetup } from './protocol';

/** The choices the settings bar offers, and the settings a new chat starts with. */
export function viewSetup(defaults: ChatSettings): ViewSetup {
  return {
    models: MODELS.map((m) => ({
      id: m.id,
      label: m.label.replace(/ \(.*\)$/, ''),
      supportsImageSize: m.supportsImageSize,
      supportsGrounding: m.supportsGrounding,
      maxImages: m.maxReferenceImages,
      recommendedImages: m.recommendedReferenceImages,
    })),
    aspectRatios: ASPECT_RATIOS,
    imageSizes: IMAGE_SIZES,
    defaults,
  };
}
