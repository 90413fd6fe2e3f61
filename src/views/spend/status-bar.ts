import * as vscode from 'vscode';
import { formatUsd } from '../../core/estimate';
import type { SpendGuard } from '../../spend/guard';
import { monthlyBudgetUsd, Setting, spendStatusBarEnabled } from '../../workspace/settings';

/** This month's spend in the status bar, when `pictor.spend.statusBar` is on; a click opens Show Spend. */
export class SpendStatusBar implements vscode.Disposable {
  private item: vscode.StatusBarItem | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly guard: SpendGuard) {
    this.disposables.push(
      guard.onDidChange(() => void this.update()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(Setting.spendStatusBar) || e.affectsConfiguration(Setting.budgetMonthlyUsd)) void this.update();
      }),
    );
    void this.update();
  }

  private async update(): Promise<void> {
    if (!spendStatusBarEnabled()) {
      this.item?.dispose();
      this.item = undefined;
      return;
    }
    const item = (this.item ??= vscode.window.createStatusBarItem('pictor.spend', vscode.StatusBarAlignment.Right, 100));
    item.name = 'Pictor Spend';
    item.command = 'pictor.showSpend';
    const usd = await this.guard.monthTotalUsd();
    const budget = monthlyBudgetUsd();
    item.text = `$(credit-card) ${formatUsd(usd)}${budget !== undefined ? ` / ${formatUsd(budget)}` : ''}`;
    item.tooltip = `Pictor spent ${formatUsd(usd)} this month${budget !== undefined ? ` of a ${formatUsd(budget)} budget` : ''}. Click for the spend report.`;
    item.show();
  }

  dispose(): void {
    this.item?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
