import * as vscode from 'vscode';
import type { Services } from '../../services';
import { SpendPanel } from './panel';
import { SpendStatusBar } from './status-bar';

/** "Pictor: Show Spend" and the status-bar total. */
export function registerSpendView(services: Services): vscode.Disposable[] {
  return [
    new SpendStatusBar(services.spend),
    vscode.commands.registerCommand('pictor.showSpend', () =>
      SpendPanel.show(services.context.extensionUri, services.spendReport, services.spend, services.log),
    ),
  ];
}
