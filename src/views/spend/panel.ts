import * as vscode from 'vscode';
import type { SpendRange } from '../../core/spend-summary';
import type { SpendGuard } from '../../spend/guard';
import type { SpendReport } from '../../spend/report';
import { DisposableStore } from '../../ui/disposable';
import type { PictorLog } from '../../workspace/log';
import { monthlyBudgetUsd } from '../../workspace/settings';
import { WebviewChannel } from '../shared/channel';
import { webviewHtml, webviewResourceRoots } from '../shared/html';
import { parseWebviewMessage } from '../shared/messages';
import { fromSpendWebviewSchema, type ToSpendWebview } from './protocol';

/**
 * "Pictor: Show Spend": one panel with a bar chart by day and a table by model, built on the shared
 * webview base (page and CSP, the channel that waits for the webview's "ready", validated messages).
 */
export class SpendPanel implements vscode.Disposable {
  static readonly viewType = 'pictor.spend';
  private static current: SpendPanel | undefined;
  private readonly channel = new WebviewChannel<ToSpendWebview>();
  private readonly listeners = new DisposableStore();
  private readonly guardSubscription: vscode.Disposable;
  private range: SpendRange = {};

  /** Shows the panel (one at a time), creating it when needed. */
  static show(extensionUri: vscode.Uri, report: SpendReport, guard: SpendGuard, log: PictorLog): void {
    if (SpendPanel.current) return SpendPanel.current.panel.reveal();
    const panel = vscode.window.createWebviewPanel(SpendPanel.viewType, 'Pictor Spend', vscode.ViewColumn.Active, {
      enableScripts: true,
      enableForms: false,
      localResourceRoots: webviewResourceRoots(extensionUri),
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
    panel.webview.html = webviewHtml(panel.webview, extensionUri, { title: 'Pictor Spend', script: 'spend.js', stylesheets: ['spend.css'] });
    this.channel.connect(panel, panel.onDidChangeViewState, (message) => void this.receive(message), this.listeners, () => this.dispose());
    this.guardSubscription = guard.onDidChange(() => void this.refresh());
  }

  private async receive(raw: unknown): Promise<void> {
    const message = parseWebviewMessage(fromSpendWebviewSchema, raw, this.log.for('spend view'));
    switch (message?.type) {
      case 'ready':
        // The webview (re)loaded: it gets the whole report again.
        this.channel.markReady();
        return this.refresh();
      case 'range':
        this.range = { since: message.since, until: message.until };
        return this.refresh();
      case 'openBudgetSetting':
        return void vscode.commands.executeCommand('workbench.action.openSettings', 'pictor.budget.monthlyUsd');
    }
  }

  private async refresh(): Promise<void> {
    if (!this.channel.isReady) return;
    try {
      const [summary, monthUsd] = await Promise.all([this.report.summary(this.range), this.guard.monthTotalUsd()]);
      this.channel.post({ type: 'report', range: this.range, summary, month: { usd: monthUsd, budgetUsd: monthlyBudgetUsd() ?? null } });
    } catch (error) {
      this.log.error(`spend view: ${String(error)}`);
      this.channel.post({ type: 'error', message: 'Pictor could not read the spend of this workspace. See the log.' });
    }
  }

  dispose(): void {
    if (SpendPanel.current !== this) return;
    SpendPanel.current = undefined;
    this.guardSubscription.dispose();
    this.listeners.dispose();
    this.panel.dispose();
  }
}
