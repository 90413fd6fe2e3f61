import * as os from 'node:os';
import * as path from 'node:path';
import { BASE_URL_RULE, baseUrlForMessage, normalizeBaseUrl } from '../core/base-url';
import { PictorError } from '../core/errors';

/**
 * What the CLI and the MCP server read from the environment. The key and the base URL come only from
 * here (never from a file in the root folder), like VS Code's application-scoped settings.
 */
export const KEY_VARIABLES = ['GEMINI_API_KEY', 'GOOGLE_API_KEY'] as const;
export const BASE_URL_VARIABLE = 'GOOGLE_GEMINI_BASE_URL';
export const BUDGET_VARIABLE = 'PICTOR_BUDGET_MONTHLY_USD';
export const LEDGER_DIR_VARIABLE = 'PICTOR_LEDGER_DIR';

/**
 * The API key: `GEMINI_API_KEY`, else `GOOGLE_API_KEY`.
 * @throws PictorError('missingKey') naming GEMINI_API_KEY when neither is set.
 */
export function apiKeyFrom(env: NodeJS.ProcessEnv): { value: string; source: (typeof KEY_VARIABLES)[number] } {
  for (const name of KEY_VARIABLES) {
    const value = env[name]?.trim();
    if (value) return { value, source: name };
  }
  throw new PictorError('missingKey', 'Pictor needs a Gemini API key: set the GEMINI_API_KEY environment variable (get a key at aistudio.google.com/apikey).');
}

/**
 * `GOOGLE_GEMINI_BASE_URL` without a trailing API version, or undefined for Google's endpoint.
 * @throws PictorError('badInput') for a value that is not an http(s) URL (falling back to Google would
 *   send the key somewhere the user did not choose).
 */
export function baseUrlFrom(env: NodeJS.ProcessEnv): string | undefined {
  const value = env[BASE_URL_VARIABLE]?.trim();
  if (!value) return undefined;
  const normalized = normalizeBaseUrl(value);
  if (!normalized) throw new PictorError('badInput', `${BASE_URL_VARIABLE} is not an http(s) URL Pictor can use ("${baseUrlForMessage(value)}"); it must be ${BASE_URL_RULE}. Fix it, or unset it to use Google.`);
  return normalized;
}

/**
 * `PICTOR_BUDGET_MONTHLY_USD` in dollars, or undefined for no budget.
 * @throws PictorError('badInput') for a value that is not a non-negative number.
 */
export function monthlyBudgetFrom(env: NodeJS.ProcessEnv): number | undefined {
  const value = env[BUDGET_VARIABLE]?.trim();
  if (!value) return undefined;
  const usd = Number(value);
  if (!Number.isFinite(usd) || usd < 0) throw new PictorError('badInput', `${BUDGET_VARIABLE} must be a number of dollars such as 5 or 0.50 (it is "${value.slice(0, 40)}").`);
  return usd;
}

/**
 * Where the spend ledger of a budget lives: `PICTOR_LEDGER_DIR`, else the user's state folder
 * (`$XDG_STATE_HOME/pictor`, `~/.local/state/pictor`; `%LOCALAPPDATA%\pictor` on Windows).
 */
export function ledgerDirFrom(env: NodeJS.ProcessEnv): string {
  const given = env[LEDGER_DIR_VARIABLE]?.trim();
  if (given) return path.resolve(given);
  if (process.platform === 'win32') return path.join(env.LOCALAPPDATA ?? path.join(os.homedir(), 'AppData', 'Local'), 'pictor');
  return path.join(env.XDG_STATE_HOME?.trim() || path.join(os.homedir(), '.local', 'state'), 'pictor');
}
