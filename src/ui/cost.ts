import * as vscode from 'vscode';
import { formatUsd, type CostEstimate } from '../core/estimate';

/** A modal question before a run estimated above `pictor.confirmAboveUsd`; true to send it. */
export async function confirmCostInteractively(estimate: CostEstimate, thresholdUsd: number): Promise<boolean> {
  const run = 'Run';
  const settings = 'Open Settings';
  const picked = await vscode.window.showWarningMessage(
    `This run will cost about ${formatUsd(estimate.usd)} (${estimate.images} image${estimate.images === 1 ? '' : 's'}, ${estimate.calls} call${estimate.calls === 1 ? '' : 's'}).`,
    { modal: true, detail: `${estimate.basis}\n\nPictor asks above ${formatUsd(thresholdUsd)} (pictor.confirmAboveUsd).` },
    run,
    settings,
  );
  if (picked === settings) void vscode.commands.executeCommand('workbench.action.openSettings', 'pictor.confirmAboveUsd');
  return picked === run;
}
