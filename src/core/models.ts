/**
 * The model catalog: what each Gemini image model accepts, from the service's docs
 * (image generation guide: aspect-ratio/resolution tables, limits, input MIME types).
 */
export const ASPECT_RATIOS = ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9'] as const;
export type AspectRatio = (typeof ASPECT_RATIOS)[number];

export const IMAGE_SIZES = ['1K', '2K', '4K'] as const;
export type ImageSize = (typeof IMAGE_SIZES)[number];

export { INPUT_MIME_TYPES, isInputMimeType, type InputMimeType } from './input-formats';

/** Total size of inline request data the API accepts; larger inputs go through the Files API. */
export const INLINE_REQUEST_LIMIT_BYTES = 20 * 1024 * 1024;

/** The largest single input image Pictor reads (the Files API takes more, but images this big are mistakes). */
export const MAX_INPUT_IMAGE_BYTES = 100 * 1024 * 1024;

export interface ModelInfo {
  id: string;
  label: string;
  description: string;
  /** Whether `imageConfig.imageSize` may be sent. */
  supportsImageSize: boolean;
  supportsGrounding: boolean;
  supportsThinking: boolean;
  /** Reference images the model works best with; more is allowed up to `maxReferenceImages` with a warning. */
  recommendedReferenceImages: number;
  maxReferenceImages: number;
  /** Output pixels per aspect ratio and size. */
  resolutions: Partial<Record<ImageSize, Record<AspectRatio, [number, number]>>>;
  /** Output tokens one image costs, per size. */
  imageTokens: Partial<Record<ImageSize, number>>;
}

const flashResolutions: Record<AspectRatio, [number, number]> = {
  '1:1': [1024, 1024], '2:3': [832, 1248], '3:2': [1248, 832], '3:4': [864, 1184], '4:3': [1184, 864],
  '4:5': [896, 1152], '5:4': [1152, 896], '9:16': [768, 1344], '16:9': [1344, 768], '21:9': [1536, 672],
};

const pro1K: Record<AspectRatio, [number, number]> = {
  '1:1': [1024, 1024], '2:3': [848, 1264], '3:2': [1264, 848], '3:4': [896, 1200], '4:3': [1200, 896],
  '4:5': [928, 1152], '5:4': [1152, 928], '9:16': [768, 1376], '16:9': [1376, 768], '21:9': [1584, 672],
};

const scaled = (table: Record<AspectRatio, [number, number]>, factor: number): Record<AspectRatio, [number, number]> =>
  Object.fromEntries(Object.entries(table).map(([k, [w, h]]) => [k, [w * factor, h * factor]])) as Record<
    AspectRatio,
    [number, number]
  >;

export const FLASH_IMAGE = 'gemini-2.5-flash-image';
export const PRO_IMAGE = 'gemini-3-pro-image-preview';

export const MODELS: readonly ModelInfo[] = [
  {
    id: FLASH_IMAGE,
    label: 'Nano Banana (Gemini 2.5 Flash Image)',
    description: 'Fast and economical, 1K output',
    supportsImageSize: false,
    supportsGrounding: false,
    supportsThinking: false,
    recommendedReferenceImages: 3,
    maxReferenceImages: 14,
    resolutions: { '1K': flashResolutions },
    imageTokens: { '1K': 1290 },
  },
  {
    id: PRO_IMAGE,
    label: 'Nano Banana Pro (Gemini 3 Pro Image Preview)',
    description: 'Up to 4K, 14 references, search grounding, thinking',
    supportsImageSize: true,
    supportsGrounding: true,
    supportsThinking: true,
    recommendedReferenceImages: 14,
    maxReferenceImages: 14,
    resolutions: { '1K': pro1K, '2K': scaled(pro1K, 2), '4K': proFourK() },
    imageTokens: { '1K': 1120, '2K': 1120, '4K': 2000 },
  },
];

function proFourK(): Record<AspectRatio, [number, number]> {
  // The 4K table is not an exact multiple of 1K for every ratio; these are the documented values.
  return {
    '1:1': [4096, 4096], '2:3': [3392, 5056], '3:2': [5056, 3392], '3:4': [3584, 4800], '4:3': [4800, 3584],
    '4:5': [3712, 4608], '5:4': [4608, 3712], '9:16': [3072, 5504], '16:9': [5504, 3072], '21:9': [6336, 2688],
  };
}

/** Models typed in by the user are allowed; the service is the judge of what they accept. */
export function unknownModel(id: string): ModelInfo {
  return {
    id,
    label: id,
    description: 'Custom model id',
    supportsImageSize: true,
    supportsGrounding: false,
    supportsThinking: false,
    recommendedReferenceImages: 3,
    maxReferenceImages: 14,
    resolutions: {},
    imageTokens: {},
  };
}

export function findModel(id: string): ModelInfo | undefined {
  return MODELS.find((m) => m.id === id);
}

export function modelInfo(id: string): ModelInfo {
  return findModel(id) ?? unknownModel(id);
}

/** Model ids look like `gemini-2.5-flash-image`; anything else (paths, URLs, spaces) is refused. */
export const MODEL_ID_PATTERN = /^[a-z0-9][a-z0-9.\-_]{0,99}$/i;

export function isAspectRatio(value: string): value is AspectRatio {
  return (ASPECT_RATIOS as readonly string[]).includes(value);
}

export function isImageSize(value: string): value is ImageSize {
  return (IMAGE_SIZES as readonly string[]).includes(value);
}


/** Expected output pixels, or undefined where the docs give none (custom models). */
export function expectedResolution(model: string, aspectRatio: AspectRatio, size: ImageSize = '1K'): [number, number] | undefined {
  return modelInfo(model).resolutions[size]?.[aspectRatio];
}
