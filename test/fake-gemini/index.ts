/** The fake Gemini API used by every test layer. */

export { startFakeGemini } from './server';
export { FakeGeminiControl } from './control-client';
export { ASPECT_RATIOS, FLASH_IMAGE_MODEL, IMAGE_SIZES, PRO_IMAGE_MODEL, profileFor } from './catalog';
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
  RedirectRule,
  RedirectScenario,
  BadGzipScenario,
  ResetScenario,
  Scenario,
  TextScenario,
  UsageOverride,
} from './types';
