import * as vscode from 'vscode';
import { PictorError, type PictorAction } from '../core/errors';
import type { PictorLog } from '../workspace/log';

const LABELS: Record<PictorAction, string> = {
  setApiKey: 'Set API Key',
  openSettings: 'Open Settings',
  retry: 'Retry',
  showLog: 'Show Log',
};

export interface ErrorHandlers {
  retry?: () => unknown;
  /** Runs the same thing again with another model: offered as [Use Y] when a model was retired. */
  useModel?: (model: string) => unknown;
  /** Extra buttons (label → handler) placed before the standard ones. */
  extra?: Record<string, () => unknown>;
}

/** One place that turns a failure into a message with its next steps as buttons. */
export async function showPictorError(error: unknown, log: PictorLog, handlers: ErrorHandlers = {}): Promise<void> {
  const failure = error instanceof PictorError ? error : new PictorError('server', String((error as Error)?.message ?? error));
  if (failure.code === 'cancelled') return;
  log.error(`${failure.code}: ${failure.message}${failure.detail ? ` (${failure.detail})` : ''}`);
  const actions = failure.actions.filter((a) => a !== 'retry' || handlers.retry);
  const extraHandlers = { ...replacementButtons(failure, handlers), ...handlers.extra };
  const extra = Object.keys(extraHandlers);
  const buttons = [...extra, ...actions.filter((a) => !(a === 'openSettings' && extra.includes(UPDATE_SETTING))).map((a) => LABELS[a])];
  const show = failure.code === 'badInput' || failure.code === 'noImage' || failure.code === 'budget' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  const picked = await show(failure.message, ...buttons);
  if (!picked) return;
  if (extraHandlers[picked]) return void extraHandlers[picked]();
  switch (actions.find((a) => LABELS[a] === picked)) {
    case 'setApiKey':
      return void vscode.commands.executeCommand('pictor.setApiKey');
    case 'openSettings':
      return void vscode.commands.executeCommand('workbench.action.openSettings', failure.setting ?? 'pictor');
    case 'retry':
      return void handlers.retry?.();
    case 'showLog':
      return log.show();
  }
}

const UPDATE_SETTING = 'Update Setting';

/**
 * [Use Y] and, when the retired model came from `pictor.defaultModel`, [Update Setting]: the setting is
 * changed where it is defined (folder, workspace or user) and the run goes again with Y. Nothing happens
 * without a click: a retired model is never swapped silently.
 */
function replacementButtons(failure: PictorError, handlers: ErrorHandlers): Record<string, () => unknown> {
  const replacement = failure.replacement;
  if (!replacement) return {};
  const buttons: Record<string, () => unknown> = {};
  const again = handlers.useModel ?? (() => handlers.retry?.());
  if (handlers.useModel) buttons[`Use ${replacement}`] = () => handlers.useModel?.(replacement);
  const configured = vscode.workspace.getConfiguration('pictor').get<string>('defaultModel');
  if (failure.setting === 'pictor.defaultModel' || (failure.model !== undefined && failure.model === configured)) {
    buttons[UPDATE_SETTING] = async () => {
      await updateDefaultModel(replacement);
      await again(replacement);
    };
  }
  return buttons;
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
