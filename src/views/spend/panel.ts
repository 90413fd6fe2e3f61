import * as vscode from 'vscode';
import { describeIssue } from '../../core/spec';
import type { SpendRange } from '../../core/spend-summary';
import type { SpendGuard } from '../../spend/guard';
import type { SpendReport } from '../../spend/report';
import type { PictorLog } from '../../workspace/log';
import { monthlyBudgetUsd } from '../../workspace/settings';
import { spendHtml } from './html';
import { fromSpendWebviewSchema, type ToSpendWebview } from './protocol';

/** "Pictor: Show Spend": one panel with a bar chart by day and a table by model. */
export class SpendPanel implements vscode.Disposable {
  static readonly viewType = 'pictor.spend';
  private static current: SpendPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private range: SpendRange = {};

  /** Shows the panel (one at a time), creating it when needed. */
  static show(extensionUri: vscode.Uri, report: SpendReport, guard: SpendGuard, log: PictorLog): void {
    if (SpendPanel.current) return SpendPanel.current.panel.reveal();
    const panel = vscode.window.createWebviewPanel(SpendPanel.viewType, 'Pictor Spend', vscode.ViewColumn.Active, {
      enableScripts: true,
      enableForms: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
    });
    SpendPanel.current = new SpendPanel(panel, extensionUri, report, guard, log);
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly report: SpendReport,
    private readonly guard: SpendGuard,
    private readonly log: PictorLog,
  ) {
    panel.webview.html = spendHtml(panel.webview, extensionUri);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message)),
      guard.onDidChange(() => void this.refresh()),
    );
  }

  private async receive(message: unknown): Promise<void> {
    const parsed = fromSpendWebviewSchema.safeParse(message);
    if (!parsed.success) return this.log.warn(`spend view: ignored a malformed message (${describeIssue(parsed.error.issues[0])})`);
    switch (parsed.data.type) {
      case 'ready':
        return this.refresh();
      case 'range':
        this.range = { since: parsed.data.since, until: parsed.data.until };
        return this.refresh();
      case 'openBudgetSetting':
        return void vscode.commands.executeCommand('workbench.action.openSettings', 'pictor.budget.monthlyUsd');
    }
  }

  private async refresh(): Promise<void> {
    try {
      const [summary, monthUsd] = await Promise.all([this.report.summary(this.range), this.guard.monthTotalUsd()]);
      this.post({ type: 'report', range: this.range, summary, month: { usd: monthUsd, budgetUsd: monthlyBudgetUsd() ?? null } });
    } catch (error) {
      this.log.error(`spend view: ${String(error)}`);
      this.post({ type: 'error', message: 'Pictor could not read the spend of this workspace. See the log.' });
    }
  }

  private post(message: ToSpendWebview): void {
    void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    if (SpendPanel.current === this) SpendPanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
