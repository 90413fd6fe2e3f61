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
      if (facts.replacementModel) await handlers.useModel?.(facts.replacementModel);
      return;
  }
}

/** One place that turns a failure into a message with its next steps as buttons. */
export async function showPictorError(error: unknown, log: Logger, handlers: ErrorHandlers = {}): Promise<void> {
  const failure = PictorError.from(error);
  if (failure.code === 'cancelled') return;
  log.error(`${failure.code}: ${failure.message}${failure.detail ? ` (${failure.detail})` : ''}`);
  const actions = errorActions(failure, {
    retry: !!handlers.retry,
    editPrompt: !!handlers.editPrompt,
  }).filter((a) => a.id !== 'useModel' || handlers.useModel);
  const extra = Object.keys(handlers.extra ?? {});
  const buttons = [...extra, ...actions.map((a) => a.label)];
  const show = failure.code === 'badInput' || failure.code === 'noImage' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  const picked = await show(failure.message, ...buttons);
  if (!picked) return;
  if (handlers.extra?.[picked]) return void handlers.extra[picked]();
  const action = actions.find((a) => a.label === picked);
  if (action) await runErrorAction(action.id, failure, handlers);
}
