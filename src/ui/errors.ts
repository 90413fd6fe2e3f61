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
  /** Extra buttons (label → handler) placed before the standard ones. */
  extra?: Record<string, () => unknown>;
}

/** One place that turns a failure into a message with its next steps as buttons. */
export async function showPictorError(error: unknown, log: PictorLog, handlers: ErrorHandlers = {}): Promise<void> {
  const failure = error instanceof PictorError ? error : new PictorError('server', String((error as Error)?.message ?? error));
  if (failure.code === 'cancelled') return;
  log.error(`${failure.code}: ${failure.message}${failure.detail ? ` (${failure.detail})` : ''}`);
  const actions = failure.actions.filter((a) => a !== 'retry' || handlers.retry);
  const extra = Object.keys(handlers.extra ?? {});
  const buttons = [...extra, ...actions.map((a) => LABELS[a])];
  const show = failure.code === 'badInput' || failure.code === 'noImage' || failure.code === 'budget' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  const picked = await show(failure.message, ...buttons);
  if (!picked) return;
  if (handlers.extra?.[picked]) return void handlers.extra[picked]();
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
