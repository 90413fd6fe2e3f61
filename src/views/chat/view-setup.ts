import type { ChatSettings } from '../../core/conversation';
import { ASPECT_RATIOS, IMAGE_SIZES, type ListedModel } from '../../core/models';
import { listedModelOptions, modelOptions } from '../shared/models';
import type { ViewSetup } from './protocol';

/**
 * The choices the settings bar offers, and the settings a new chat starts with. `listed`: the merged model
 * list (`pictor.listModels`) once it answered, so models only the key's `models.list` has can be picked
 * too (with the service's names); without it, the catalog's current models. The default model is always there.
 */
export function viewSetup(defaults: ChatSettings, listed?: readonly ListedModel[]): ViewSetup {
  return {
    models: listed ? listedModelOptions(listed, [defaults.model]) : modelOptions([defaults.model]),
    aspectRatios: ASPECT_RATIOS,
    imageSizes: IMAGE_SIZES,
    defaults,
  };
}
