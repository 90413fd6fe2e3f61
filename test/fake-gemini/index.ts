/** The fake Gemini API used by every test layer. */

export { startFakeGemini } from './server';
export { FakeGeminiControl } from './control-client';
export { ASPECT_RATIOS, DEFAULT_IMAGE_MODEL, FLASH_IMAGE_MODEL, IMAGE_SIZES, LITE_IMAGE_MODEL, PRO_IMAGE_MODEL, RETIRED_MODELS, profileFor } from './catalog';
export type {
  BatchFinalState,
  BatchOptions,
  BlockedScenario,
  EmptyScenario,
  ErrorScenario,
  FakeGemini,
  FakeGeminiOptions,
  FinishScenario,
  HangScenario,
  ImageMimeType,
  ImageScenario,
  ImageSpec,
  MalformedScenario,
  RecordedRequest,
  ResetScenario,
  Scenario,
  TextScenario,
  UsageOverride,
} from './types';
