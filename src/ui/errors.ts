import * as vscode from 'vscode';
import { errorActions, type ErrorActionId, type ErrorFacts } from '../core/error-actions';
import { PictorError } from '../core/errors';
import type { Logger } from '../core/log';

/** What the surface can do for the actions that depend on it; absent ones are not offered. */
export interface ErrorHandlers {
  retry?: () => unknown;
  /** Reopens the flow with the failed prompt filled in. */
  editPrompt?: () => unknown;
  /** Switches to the failure's replacement model (and, where it makes sense, sends again). */
  useModel?: (model: string) => unknown;
  /** Extra buttons (label → handler) placed before the standard ones. */
  extra?: Record<string, () => unknown>;
}

/**
 * Carries out one action of the shared table (src/core/error-actions.ts) on the host side; notifications
 * and webview hosts both call it. `handlers` supply what only the surface can do.
 */
export async function runErrorAction(action: ErrorActionId, facts: ErrorFacts, handlers: ErrorHandlers): Promise<void> {
  switch (action) {
    case 'setApiKey':
      await vscode.commands.executeCommand('pictor.setApiKey');
      return;
    case 'openSettings':
      await vscode.commands.executeCommand('workbench.action.openSettings', facts.setting ?? 'pictor');
      return;
    case 'showLog':
      await vscode.commands.executeCommand('pictor.showLog');
      return;
    case 'retry':
      await handlers.retry?.();
      return;
    case 'editPrompt':
      await handlers.editPrompt?.();
      return;
    case 'useModel':
      if (facts.replacement) await handlers.useModel?.(facts.replacement);
      return;
  }
}

/** One place that turns a failure into a message with its next steps as buttons. */
export async function showPictorError(error: unknown, log: Logger, handlers: ErrorHandlers = {}): Promise<void> {
  const failure = PictorError.from(error);
  if (failure.code === 'cancelled') return;
  log.error(`${failure.code}: ${failure.message}${failure.detail ? ` (${failure.detail})` : ''}`);
  const extraHandlers = { ...updateSettingButton(failure, handlers), ...handlers.extra };
  const extra = Object.keys(extraHandlers);
  const actions = errorActions(failure, {
    retry: !!handlers.retry,
    editPrompt: !!handlers.editPrompt,
  }).filter((a) => (a.id !== 'useModel' || handlers.useModel) && !(a.id === 'openSettings' && extra.includes(UPDATE_SETTING)));
  const buttons = [...extra, ...actions.map((a) => a.label)];
  const show = failure.code === 'badInput' || failure.code === 'noImage' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  const picked = await show(failure.message, ...buttons);
  if (!picked) return;
  if (extraHandlers[picked]) return void extraHandlers[picked]();
  const action = actions.find((a) => a.label === picked);
  if (action) await runErrorAction(action.id, failure, handlers);
}

const UPDATE_SETTING = 'Update Setting';

/**
 * [Update Setting] when a retired model came from `pictor.defaultModel`: the setting is changed where it
 * is defined (folder, workspace or user) and the run goes again with the replacement. Nothing happens
 * without a click: a retired model is never swapped silently.
 */
function updateSettingButton(failure: PictorError, handlers: ErrorHandlers): Record<string, () => unknown> {
  const replacement = failure.replacement;
  if (!replacement) return {};
  const configured = vscode.workspace.getConfiguration('pictor').get<string>('defaultModel');
  if (failure.setting !== 'pictor.defaultModel' && (failure.model === undefined || failure.model !== configured)) return {};
  const again = handlers.useModel ?? (() => handlers.retry?.());
  return {
    [UPDATE_SETTING]: async () => {
      await updateDefaultModel(replacement);
      await again(replacement);
    },
  };
}

async function updateDefaultModel(model: string): Promise<void> {
  const config = vscode.workspace.getConfiguration('pictor');
  const where = config.inspect<string>('defaultModel');
  const target =
    where?.workspaceFolderValue !== undefined
      ? vscode.ConfigurationTarget.WorkspaceFolder
      : where?.workspaceValue !== undefined
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
  await config.update('defaultModel', model, target);
}
