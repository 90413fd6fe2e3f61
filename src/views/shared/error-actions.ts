import * as vscode from 'vscode';

/** Error actions the host carries out; views add their own (retry, edit) beside them. */
export const HOST_ERROR_ACTIONS = ['setApiKey', 'openSettings', 'showLog'] as const;
export type HostErrorAction = (typeof HOST_ERROR_ACTIONS)[number];
export type ErrorAction = 'retry' | 'edit' | HostErrorAction;

/** The buttons a failed request's error gets in a webview, the likeliest fix first. */
export function errorActionsFor(code: string): ErrorAction[] {
  if (code === 'missingKey' || code === 'invalidKey') return ['setApiKey', 'retry', 'edit'];
  if (code === 'badInput') return ['edit', 'retry'];
  if (code === 'cancelled') return ['retry', 'edit'];
  return ['retry', 'edit', 'showLog'];
}

export async function runHostErrorAction(action: HostErrorAction): Promise<void> {
  const command = { setApiKey: 'pictor.setApiKey', showLog: 'pictor.showLog', openSettings: 'workbench.action.openSettings' }[action];
  await vscode.commands.executeCommand(command, ...(action === 'openSettings' ? ['pictor'] : []));
}
