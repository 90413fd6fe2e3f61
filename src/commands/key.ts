import * as vscode from 'vscode';
import * as z from 'zod/mini';
import { PictorError } from '../core/errors';
import { isModelNotFound, modelInfo, modelNotFound, retirement, retirementMessage } from '../core/models';
import { describeIssue } from '../core/spec';
import type { Services } from '../services';
import { defaultModel } from '../workspace/settings';

export const API_KEY_PAGE = 'https://aistudio.google.com/apikey';

const setKeyArgs = z.strictObject({
  apiKey: z.string().check(z.maxLength(512), z.refine((k) => k.trim().length > 0, 'apiKey must not be empty')),
  verify: z.optional(z.boolean()),
});

/** "Set API Key" and "Clear API Key": the key lives in SecretStorage only. */
export function registerKeyCommands(services: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('pictor.setApiKey', (args?: unknown) => setApiKey(services, args)),
    vscode.commands.registerCommand('pictor.clearApiKey', (args?: unknown) => clearApiKey(services, args)),
  ];
}

/** What `pictor.setApiKey` resolves to: public API. `checked` says in words what was verified. */
export interface SetKeyResult {
  stored: boolean;
  verified?: boolean;
  checked?: string;
}

async function setApiKey(services: Services, args?: unknown): Promise<SetKeyResult> {
  if (args !== undefined && args !== null && !(args instanceof vscode.Uri)) {
    const parsed = setKeyArgs.safeParse(args);
    if (!parsed.success) throw new PictorError('badInput', `Invalid arguments for pictor.setApiKey: ${describeIssue(parsed.error.issues[0])}.`);
    const { apiKey, verify: wanted } = parsed.data;
    if (!wanted) {
      await services.keys.store(apiKey);
      services.log.for('key').info('API key stored (from command arguments).');
      return { stored: true };
    }
    const result = await checkKey(services, apiKey.trim());
    // A key Gemini rejects is not stored: the caller asked for a checked key.
    if (result.verdict !== 'invalid') await services.keys.store(apiKey);
    services.log.for('key').info(`API key ${result.verdict === 'invalid' ? 'not stored' : 'stored'} (from command arguments, ${result.verdict}): ${result.checked}`);
    return { stored: result.verdict !== 'invalid', verified: result.verdict === 'ok', checked: result.checked };
  }
  const key = await askForKey(services);
  if (!key) return { stored: false };
  const result = await verifyWithProgress(services, key);
  if (result.verdict === 'invalid') {
    const choice = await vscode.window.showErrorMessage('Gemini rejected this API key. Check it in Google AI Studio.', 'Re-enter', 'Save Anyway');
    if (choice === 'Re-enter') return setApiKey(services);
    if (choice !== 'Save Anyway') return { stored: false, verified: false, checked: result.checked };
  }
  await services.keys.store(key);
  services.log.for('key').info(`API key stored (${result.verdict}): ${result.checked}`);
  void tellVerdict(result);
  return { stored: true, verified: result.verdict === 'ok', checked: result.checked };
}

async function tellVerdict(result: KeyCheck): Promise<void> {
  switch (result.verdict) {
    case 'ok':
      return void vscode.window.showInformationMessage(`Pictor: API key saved and verified with Gemini for ${result.model} (checked without generating an image).`);
    case 'unusableModel': {
      const replacement = result.replacement;
      const buttons = replacement ? [`Use ${replacement}`] : [];
      const picked = await vscode.window.showWarningMessage(`Pictor: API key saved. ${result.checked}`, ...buttons);
      if (replacement && picked === `Use ${replacement}`) {
        await vscode.workspace.getConfiguration('pictor').update('defaultModel', replacement, vscode.ConfigurationTarget.Global);
      }
      return;
    }
    case 'unverified':
      return void vscode.window.showWarningMessage('Pictor: API key saved, but it could not be verified now (network). It will be checked on the next generation.');
    default:
      return void vscode.window.showWarningMessage('Pictor: API key saved without verification.');
  }
}

function askForKey(services: Services): Promise<string | undefined> {
  return new Promise((resolve) => {
    const input = vscode.window.createInputBox();
    const disposables: vscode.Disposable[] = [];
    input.title = 'Pictor: Set Gemini API Key';
    input.password = true;
    input.ignoreFocusOut = true;
    input.placeholder = 'Paste your Gemini API key';
    input.prompt = `Stored in VS Code's secret storage, never in settings or files. Create a key at ${API_KEY_PAGE}`;
    const openPage = { iconPath: new vscode.ThemeIcon('link-external'), tooltip: 'Get an API key in Google AI Studio' };
    input.buttons = [openPage];
    void services.keys.get().then((existing) => {
      if (existing && existing.source !== 'secretStorage') {
        input.prompt = `A key from ${existing.source} is in use now; a key set here takes precedence. ${input.prompt}`;
      }
    });
    disposables.push(
      input.onDidTriggerButton(() => void vscode.env.openExternal(vscode.Uri.parse(API_KEY_PAGE))),
      input.onDidChangeValue((value) => {
        input.validationMessage = /\s/.test(value.trim()) ? 'An API key has no spaces.' : undefined;
      }),
      input.onDidAccept(() => {
        const value = input.value.trim();
        if (!value || /\s/.test(value)) return;
        resolve(value);
        input.hide();
      }),
      input.onDidHide(() => {
        resolve(undefined);
        disposables.forEach((d) => d.dispose());
        input.dispose();
      }),
    );
    input.show();
  });
}

interface KeyCheck {
  verdict: 'ok' | 'invalid' | 'unusableModel' | 'unverified' | 'skipped';
  model: string;
  checked: string;
  replacement?: string;
}

async function verifyWithProgress(services: Services, key: string): Promise<KeyCheck> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Pictor: Checking the API key with Gemini…', cancellable: true },
    (_progress, token) => checkKey(services, key, token),
  );
}

/**
 * Checks a key against the default model without paying for an image. There is no free call that proves
 * generateContent will work: models.get describes models a project may not use (a legacy model closed to
 * new projects still answers), and countTokens is a model call that generates nothing (not billed, per
 * the Gemini API billing FAQ). So: models.get, then countTokens, on the default model; the catalog adds
 * what it knows (retired, legacy). `checked` says exactly which of these happened.
 */
async function checkKey(services: Services, key: string, token?: vscode.CancellationToken): Promise<KeyCheck> {
  services.log.setSecrets([key, ...(await services.keys.allCandidates())]);
  const model = defaultModel();
  const retired = retirement(model);
  const controller = new AbortController();
  const sub = token?.onCancellationRequested(() => controller.abort());
  const client = services.clientFor({ value: key, source: 'secretStorage' });
  const done: string[] = [];
  if (retired) {
    sub?.dispose();
    return { verdict: 'unusableModel', model, replacement: retired.replacement, checked: `Nothing was checked: the default model ${retirementMessage(retired)}` };
  }
  try {
    await client.verifyKey(model, { signal: controller.signal });
    done.push(`models.get for ${model}`);
    await client.countTokens(model, { signal: controller.signal });
    done.push(`countTokens on ${model}`);
    const info = modelInfo(model);
    if (info.status === 'legacy') {
      return {
        verdict: 'unusableModel',
        model,
        replacement: info.replacement,
        checked: `The key is valid (${done.join(' and ')} answered), but the default model ${model} is legacy: Google closed it to new projects, so generating with it may fail (404) although these checks pass. No image was generated.`,
      };
    }
    return { verdict: 'ok', model, checked: `${done.join(' and ')} answered for this key (neither is billed); no image was generated, so generateContent itself was not tried.` };
  } catch (error) {
    const failure = PictorError.from(error);
    const after = done.length ? ` after ${done.join(' and ')} answered` : '';
    if (failure.code === 'invalidKey') return { verdict: 'invalid', model, checked: `Gemini rejected the key${after}: ${failure.message}` };
    if (failure.code === 'cancelled') return { verdict: 'skipped', model, checked: 'The check was cancelled; nothing was verified.' };
    if (isModelNotFound(failure)) {
      const explained = modelNotFound(model, failure);
      return { verdict: 'unusableModel', model, replacement: explained.replacement, checked: `Not verified${after}: ${explained.message}` };
    }
    return { verdict: 'unverified', model, checked: `Not verified${after}: ${failure.message}` };
  } finally {
    sub?.dispose();
  }
}

async function clearApiKey(services: Services, args?: unknown): Promise<{ cleared: boolean }> {
  const interactive = args === undefined || args === null || args instanceof vscode.Uri;
  if (interactive) {
    const choice = await vscode.window.showWarningMessage('Remove the Gemini API key stored by Pictor?', { modal: true }, 'Clear Key');
    if (choice !== 'Clear Key') return { cleared: false };
  }
  await services.keys.clear();
  services.log.for('key').info('Stored API key cleared.');
  if (interactive) {
    const fallback = await services.keys.get();
    const note = fallback ? ` Pictor will use ${fallback.source} from the environment.` : '';
    void vscode.window.showInformationMessage(`Pictor: API key cleared.${note}`);
  }
  return { cleared: true };
}

