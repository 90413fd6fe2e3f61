import * as vscode from 'vscode';
import * as z from 'zod/mini';
import { PictorError } from '../core/errors';
import { FLASH_IMAGE } from '../core/models';
import { describeIssue } from '../core/spec';
import type { Services } from '../services';

export const API_KEY_PAGE = 'https://aistudio.google.com/apikey';

const setKeyArgs = z.strictObject({
  apiKey: z.string().check(z.maxLength(512), z.refine((k) => k.trim().length > 0, 'apiKey must not be empty')),
});

/** "Set API Key" and "Clear API Key": the key lives in SecretStorage only. */
export function registerKeyCommands(services: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('pictor.setApiKey', (args?: unknown) => setApiKey(services, args)),
    vscode.commands.registerCommand('pictor.clearApiKey', (args?: unknown) => clearApiKey(services, args)),
  ];
}

export interface SetKeyResult {
  stored: boolean;
  verified?: boolean;
}

async function setApiKey(services: Services, args?: unknown): Promise<SetKeyResult> {
  if (args !== undefined && args !== null && !(args instanceof vscode.Uri)) {
    const parsed = setKeyArgs.safeParse(args);
    if (!parsed.success) throw new PictorError('badInput', `Invalid arguments for pictor.setApiKey: ${describeIssue(parsed.error.issues[0])}.`);
    await services.keys.store(parsed.data.apiKey);
    services.log.for('key').info('API key stored (from command arguments).');
    return { stored: true };
  }
  const key = await askForKey(services);
  if (!key) return { stored: false };
  const verdict = await verify(services, key);
  if (verdict === 'invalid') {
    const choice = await vscode.window.showErrorMessage('Gemini rejected this API key. Check it in Google AI Studio.', 'Re-enter', 'Save Anyway');
    if (choice === 'Re-enter') return setApiKey(services);
    if (choice !== 'Save Anyway') return { stored: false };
  }
  await services.keys.store(key);
  services.log.for('key').info(`API key stored (${verdict}).`);
  if (verdict === 'ok') void vscode.window.showInformationMessage('Pictor: API key saved and verified with Gemini.');
  else if (verdict === 'unverified') void vscode.window.showWarningMessage('Pictor: API key saved, but it could not be verified now (network). It will be checked on the next generation.');
  else void vscode.window.showWarningMessage('Pictor: API key saved without verification.');
  return { stored: true, verified: verdict === 'ok' };
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

type Verdict = 'ok' | 'invalid' | 'unverified' | 'skipped';

async function verify(services: Services, key: string): Promise<Verdict> {
  services.log.setSecrets([key, ...(await services.keys.allCandidates())]);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Pictor: Checking the API key with Gemini…', cancellable: true },
    async (_progress, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      try {
        await services.clientFor({ value: key, source: 'secretStorage' }).verifyKey(FLASH_IMAGE, { signal: controller.signal });
        return 'ok';
      } catch (error) {
        const code = (error as PictorError).code;
        if (code === 'invalidKey') return 'invalid';
        if (code === 'cancelled') return 'skipped';
        return 'unverified';
      } finally {
        sub.dispose();
      }
    },
  );
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

