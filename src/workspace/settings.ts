import * as vscode from 'vscode';
import { BASE_URL_RULE, baseUrlForMessage, normalizeBaseUrl } from '../core/base-url';
import { PictorError } from '../core/errors';
import {
  DEFAULT_MODEL,
  assertModelAvailable,
  isAspectRatio,
  isImageSize,
  isServiceTier,
  MODEL_ID_PATTERN,
  parseThinkingLevel,
  type AspectRatio,
  type ImageSize,
  type ServiceTier,
  type ThinkingLevel,
} from '../core/models';
import { SETTING_DEFAULTS as D } from '../core/setting-defaults';

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
  thinkingLevel: 'pictor.thinkingLevel',
  serviceTier: 'pictor.serviceTier',
  allowRequestStorage: 'pictor.privacy.allowRequestStorage',
  budgetMonthlyUsd: 'pictor.budget.monthlyUsd',
  confirmAboveUsd: 'pictor.confirmAboveUsd',
  spendStatusBar: 'pictor.spend.statusBar',
} as const;

/** Whether images Pictor writes carry their record and the IPTC generated-media marker inside the file. */
export function embedProvenance(): boolean {
  return get<boolean>(Setting.embedProvenance, D.embedProvenance) !== false;
}

/** Whether the white and black images of a transparent generation are kept beside the result. */
export function keepMatteSources(): boolean {
  return get<boolean>(Setting.keepMatteSources, D.keepMatteSources) !== false;
}

/** The settings of the window (no resource scope): a snapshot, kept while `rememberUserSettings` is on. */
function section(): vscode.WorkspaceConfiguration {
  if (!remembering) return vscode.workspace.getConfiguration('pictor');
  return (windowSection ??= vscode.workspace.getConfiguration('pictor'));
}

/** User (global) values as `inspect` gave them, and the window's snapshot, kept while `rememberUserSettings` is on. */
const userValues = new Map<string, unknown>();
let windowSection: vscode.WorkspaceConfiguration | undefined;
let remembering = false;

/**
 * Keeps Pictor's settings in memory until one of them changes: the user-scope values (`inspect` costs
 * about 0.3 ms in the extension host) and the window's snapshot (`getConfiguration`), which a generation
 * reads about ten times before its request. The change event arrives before any read can see the new
 * value; a change of the open folders changes the workspace's values too. The returned disposable (owned
 * by the activation) stops it.
 */
export function rememberUserSettings(): vscode.Disposable {
  remembering = true;
  const forget = () => {
    userValues.clear();
    windowSection = undefined;
  };
  const subscriptions = [
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('pictor')) forget();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(forget),
  ];
  return new vscode.Disposable(() => {
    subscriptions.forEach((s) => s.dispose());
    remembering = false;
    forget();
  });
}

/** The user-scope value of `key` (without `pictor.`): never a workspace's. */
function userValue<T>(key: string): T | undefined {
  if (remembering && userValues.has(key)) return userValues.get(key) as T | undefined;
  const value = section().inspect<T>(key)?.globalValue;
  if (remembering) userValues.set(key, value);
  return value;
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
  const value = userValue<string>('api.baseUrl')?.trim();
  if (!value) return undefined;
  // A trailing `/v1beta` (or `/v1`, `/v1alpha`) is dropped: the client adds the version itself.
  const normalized = normalizeBaseUrl(value);
  if (!normalized) {
    // Falling back to Google would send the key somewhere the user did not choose: refuse instead.
    throw new PictorError('badInput', `pictor.api.baseUrl is not an http(s) URL Pictor can use ("${baseUrlForMessage(value)}"); it must be ${BASE_URL_RULE}. Fix it in your user settings, or clear it to use Google.`, {
      setting: Setting.baseUrl,
    });
  }
  return normalized;
}

export function defaultModel(): string {
  const value = get<string>(Setting.defaultModel, DEFAULT_MODEL);
  return MODEL_ID_PATTERN.test(value) ? value : DEFAULT_MODEL;
}

/**
 * `pictor.defaultModel`, refused when retired: `PictorError('badInput')` naming the replacement, with the
 * setting attached so the UI offers [Update Setting]. Nothing is substituted silently.
 */
export function usableDefaultModel(): string {
  const model = defaultModel();
  assertModelAvailable(model, { setting: Setting.defaultModel });
  return model;
}

/** `pictor.thinkingLevel`: a level, or undefined for the model's own default. */
export function thinkingLevelSetting(): ThinkingLevel | undefined {
  return parseThinkingLevel(get<string>(Setting.thinkingLevel, 'default'));
}

export function serviceTierSetting(): ServiceTier {
  const value = get<string>(Setting.serviceTier, 'standard');
  return isServiceTier(value) ? value : 'standard';
}

/**
 * Whether Google may store generate requests. Read from user (global) settings only, like the base URL:
 * a workspace must never be able to turn storage on.
 */
export function allowRequestStorage(): boolean {
  return userValue<boolean>('privacy.allowRequestStorage') === true;
}

export function defaultAspectRatio(): AspectRatio {
  const value = get<string>(Setting.defaultAspectRatio, D.aspectRatio);
  return isAspectRatio(value) ? value : D.aspectRatio;
}

export function defaultImageSize(): ImageSize {
  const value = get<string>(Setting.defaultImageSize, D.imageSize);
  return isImageSize(value) ? value : D.imageSize;
}

export function outputFolderSetting(scope?: vscode.ConfigurationScope): string {
  return get<string>(Setting.outputFolder, D.outputFolder, scope);
}

export function openAfterGenerate(): boolean {
  return get<boolean>(Setting.openAfterGenerate, true);
}

export function maxConcurrentRequests(): number {
  return clampInt(get<number>(Setting.maxConcurrentRequests, D.maxConcurrentRequests), 1, 8, D.maxConcurrentRequests);
}

export function requestTimeoutSeconds(): number {
  return clampInt(get<number>(Setting.requestTimeoutSeconds, D.requestTimeoutSeconds), 5, 1800, D.requestTimeoutSeconds);
}

export function maxRetries(): number {
  return clampInt(get<number>(Setting.maxRetries, D.maxRetries), 0, 5, D.maxRetries);
}

/** Edits go beside the original by default; off: into `pictor.outputFolder`. */
export function editOutputBesideOriginal(): boolean {
  return get<boolean>(Setting.editOutput, D.editBesideOriginal);
}

/** How many images "Generate Image…" makes from the palette (arguments set `count` themselves). */
export function imagesPerRun(): number {
  return clampInt(get<number>(Setting.imagesPerRun, 1), 1, 4, 1);
}

/** A non-negative number from user (global) settings only, or undefined. */
function userNumber(key: string): number | undefined {
  const value = userValue<unknown>(key.replace(/^pictor\./, ''));
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * The monthly budget in dollars, or undefined for none. Read from user settings only: a workspace
 * must never be able to raise what Pictor may spend (the setting is application-scoped as well).
 */
export function monthlyBudgetUsd(): number | undefined {
  return userNumber(Setting.budgetMonthlyUsd);
}

/** Runs estimated above this many dollars ask first (default 0.50); user settings only. */
export function confirmAboveUsd(): number {
  return userNumber(Setting.confirmAboveUsd) ?? 0.5;
}

/** Whether the status bar shows this month's spend (off by default). */
export function spendStatusBarEnabled(): boolean {
  return get<boolean>(Setting.spendStatusBar, false);
}
