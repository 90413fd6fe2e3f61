/**
 * What the fake knows about the image models: output sizes and token costs from the published
 * tables, and which options each family accepts.
 */

export const ASPECT_RATIOS = ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9'] as const;
export const IMAGE_SIZES = ['1K', '2K', '4K'] as const;

export type AspectRatio = (typeof ASPECT_RATIOS)[number];
export type ImageSize = (typeof IMAGE_SIZES)[number];

export interface Size {
  width: number;
  height: number;
}

export interface ModelProfile {
  family: 'flash' | 'pro';
  supportsImageSize: boolean;
  supportsSearch: boolean;
  /** Pro thinks before drawing: thought parts first, signatures on the final parts. */
  thinks: boolean;
  maxInputImages: number;
  outputSize(aspectRatio: AspectRatio, imageSize: ImageSize): Size;
  imageTokens(imageSize: ImageSize): number;
}

const FLASH_SIZES: Record<AspectRatio, string> = {
  '1:1': '1024x1024',
  '2:3': '832x1248',
  '3:2': '1248x832',
  '3:4': '864x1184',
  '4:3': '1184x864',
  '4:5': '896x1152',
  '5:4': '1152x896',
  '9:16': '768x1344',
  '16:9': '1344x768',
  '21:9': '1536x672',
};

// The 2K and 4K columns are exact multiples of 1K.
const PRO_1K_SIZES: Record<AspectRatio, string> = {
  '1:1': '1024x1024',
  '2:3': '848x1264',
  '3:2': '1264x848',
  '3:4': '896x1200',
  '4:3': '1200x896',
  '4:5': '928x1152',
  '5:4': '1152x928',
  '9:16': '768x1376',
  '16:9': '1376x768',
  '21:9': '1584x672',
};

const SIZE_FACTOR: Record<ImageSize, number> = { '1K': 1, '2K': 2, '4K': 4 };

function parseSize(text: string, factor = 1): Size {
  const [w, h] = text.split('x').map(Number);
  return { width: w * factor, height: h * factor };
}

const FLASH: ModelProfile = {
  family: 'flash',
  supportsImageSize: false,
  supportsSearch: false,
  thinks: false,
  maxInputImages: 14,
  outputSize: (ratio) => parseSize(FLASH_SIZES[ratio]),
  imageTokens: () => 1290,
};

const PRO: ModelProfile = {
  family: 'pro',
  supportsImageSize: true,
  supportsSearch: true,
  thinks: true,
  maxInputImages: 14,
  outputSize: (ratio, size) => parseSize(PRO_1K_SIZES[ratio], SIZE_FACTOR[size]),
  imageTokens: (size) => (size === '4K' ? 2000 : 1120),
};

export const FLASH_IMAGE_MODEL = 'gemini-2.5-flash-image';
export const PRO_IMAGE_MODEL = 'gemini-3-pro-image-preview';

/** Model ids listed by `models.list`; any other `gemini-*` id is accepted too. */
export const LISTED_MODELS = [FLASH_IMAGE_MODEL, PRO_IMAGE_MODEL];

/** The profile for a model id, or undefined when the service would answer 404. */
export function profileFor(model: string): ModelProfile | undefined {
  if (!model.startsWith('gemini-')) {
    return undefined;
  }
  // Ids other than the two documented ones (previews, aliases) behave like their family.
  return /^gemini-3.*-image/.test(model) || model.includes('pro-image') ? PRO : FLASH;
}

/** The listed ratio closest to width/height, used when the request names none but sends an image. */
export function closestAspectRatio(size: Size): AspectRatio {
  const target = Math.log(size.width / size.height);
  let best: AspectRatio = '1:1';
  let bestDistance = Infinity;
  for (const ratio of ASPECT_RATIOS) {
    const [w, h] = ratio.split(':').map(Number);
    const distance = Math.abs(Math.log(w / h) - target);
    if (distance < bestDistance) {
      best = ratio;
      bestDistance = distance;
    }
  }
  return best;
}

export function modelResource(model: string): object {
  const profile = profileFor(model);
  return {
    name: `models/${model}`,
    version: '001',
    displayName: profile?.family === 'pro' ? 'Nano Banana Pro' : 'Nano Banana',
    description: 'Fake Gemini image model.',
    inputTokenLimit: profile?.family === 'pro' ? 65536 : 32768,
    outputTokenLimit: 32768,
    supportedGenerationMethods: ['generateContent', 'countTokens', 'batchGenerateContent'],
    temperature: 1,
    topP: 0.95,
    topK: 64,
    maxTemperature: 2,
    thinking: profile?.thinks ?? false,
  };
}
