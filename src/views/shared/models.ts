import { IMAGE_SIZES, currentModels, modelInfo, type ListedModel } from '../../core/models';

/** A model as a webview's model menu offers it, with what that model takes (from the catalog). */
export interface ModelOption {
  id: string;
  label: string;
  supportsImageSize: boolean;
  supportsGrounding: boolean;
  maxImages: number;
  recommendedImages: number;
  /** What the menus offer for this model (from the catalog; all of them for ids it does not know). */
  aspectRatios: readonly string[];
  imageSizes: readonly string[];
  /** Empty for a model that takes no thinking level. */
  thinkingLevels: readonly string[];
  /** Whether the model has a flex service tier. */
  flex: boolean;
}

/**
 * The catalog's current models, then `extra` ids (the service's list, a saved form's or conversation's
 * own model), each once, as menu options. Webviews hold no model ids of their own.
 */
export function modelOptions(extra: readonly string[] = []): ModelOption[] {
  const ids = [...new Set([...currentModels().map((m) => m.id), ...extra])];
  return ids.map(modelOption);
}

/** One model as a menu option; an id the catalog does not know gets every ratio and size. */
export function modelOption(id: string): ModelOption {
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

/**
 * The merged model list (`pictor.listModels`: the catalog, then ids only the service lists for the key) as
 * menu options, then `extra` ids it lacks. A service-only model keeps the service's display name.
 */
export function listedModelOptions(listed: readonly ListedModel[], extra: readonly string[] = []): ModelOption[] {
  const serviceLabels = new Map(listed.filter((m) => m.source === 'service').map((m) => [m.id, m.label] as const));
  const ids = [...new Set([...listed.map((m) => m.id), ...extra])];
  return ids.map((id) => {
    const option = modelOption(id);
    const label = serviceLabels.get(id);
    return label ? { ...option, label } : option;
  });
}
