import * as vscode from 'vscode';
import { normalizeBaseUrl } from '../core/base-url';
import { PictorError } from '../core/errors';
import { FLASH_IMAGE, isAspectRatio, isImageSize, MODEL_ID_PATTERN, type AspectRatio, type ImageSize } from '../core/models';

/** Setting keys in one place; `package.json` contributes the same ids. */
export const Setting = {
  baseUrl: 'pictor.api.baseUrl',
  defaultModel: 'pictor.defaultModel',
  defaultAspectRatio: 'pictor.defaultAspectRatio',
  defaultImageSize: 'pictor.defaultImageSize',
  outputFolder: 'pictor.outputFolder',
  openAfterGenerate: 'pictor.openAfterGenerate',
  maxConcurrentRequests: 'pictor.maxConcurrentRequests',
  requestTimeoutSeconds: 'pictor.requestTimeoutSeconds',
  maxRetries: 'pictor.maxRetries',
  editOutput: 'pictor.edit.saveBesideOriginal',
  imagesPerRun: 'pictor.imagesPerRun',
  embedProvenance: 'pictor.embedProvenance',
  keepMatteSources: 'pictor.transparency.keepSources',
} as const;

/** Whether images Pictor writes carry their record and the IPTC generated-media marker inside the file. */
export function embedProvenance(): boolean {
  return get<boolean>(Setting.embedProvenance, true) !== false;
}

/** Whether the white and black images of a transparent generation are kept beside the result. */
export function keepMatteSources(): boolean {
  return get<boolean>(Setting.keepMatteSources, true) !== false;
}

function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('pictor');
}

function get<T>(fullKey: string, fallback: T, scope?: vscode.ConfigurationScope): T {
  const key = fullKey.replace(/^pictor\./, '');
  const value = (scope ? vscode.workspace.getConfiguration('pictor', scope) : section()).get<T>(key);
  return value === undefined || value === null ? fallback : value;
}

function clampInt(value: unknown, min: number, max: number, fallback: number): number {
  const n = typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : fallback;
  return Math.min(max, Math.max(min, n));
}

/**
 * Where requests go. Read from user (global) settings only: a workspace must never be able to
 * send the key to another host, even if VS Code's scope rules change or a folder setting slips in.
 */
export function apiBaseUrl(): string | undefined {
  const inspected = section().inspect<string>('api.baseUrl');
  const value = inspected?.globalValue?.trim();
  if (!value) return undefined;
  // A trailing `/v1beta` (or `/v1`, `/v1alpha`) is dropped: the client adds the version itself.
  const normalized = normalizeBaseUrl(value);
  if (!normalized) {
    // Falling back to Google would send the key somewhere the user did not choose: refuse instead.
    throw new PictorError('badInput', `pictor.api.baseUrl is not an http(s) URL ("${value.slice(0, 100)}"). Fix it in your user settings, or clear it to use Google.`, {
      setting: Setting.baseUrl,
    });
  }
  return normalized;
}

export function defaultModel(): string {
  const value = get<string>(Setting.defaultModel, FLASH_IMAGE);
  return MODEL_ID_PATTERN.test(value) ? value : FLASH_IMAGE;
}

export function defaultAspectRatio(): AspectRatio {
  const value = get<string>(Setting.defaultAspectRatio, '1:1');
  return isAspectRatio(value) ? value : '1:1';
}

export function defaultImageSize(): ImageSize {
  const value = get<string>(Setting.defaultImageSize, '1K');
  return isImageSize(value) ? value : '1K';
}

export function outputFolderSetting(scope?: vscode.ConfigurationScope): string {
  return get<string>(Setting.outputFolder, 'assets/generated', scope);
}

export function openAfterGenerate(): boolean {
  return get<boolean>(Setting.openAfterGenerate, true);
}

export function maxConcurrentRequests(): number {
  return clampInt(get<number>(Setting.maxConcurrentRequests, 2), 1, 8, 2);
}

export function requestTimeoutSeconds(): number {
  return clampInt(get<number>(Setting.requestTimeoutSeconds, 180), 5, 1800, 180);
}

export function maxRetries(): number {
  return clampInt(get<number>(Setting.maxRetries, 2), 0, 5, 2);
}

/** Edits go beside the original by default; off: into `pictor.outputFolder`. */
export function editOutputBesideOriginal(): boolean {
  return get<boolean>(Setting.editOutput, true);
}

/** How many images "Generate Image…" makes from the palette (arguments set `count` themselves). */
export function imagesPerRun(): number {
  return clampInt(get<number>(Setting.imagesPerRun, 1), 1, 4, 1);
}
