import * as vscode from 'vscode';

export interface SummaryStepOptions<K extends string> {
  title: string;
  /** What Enter does, e.g. "Generate". */
  acceptLabel: string;
  /** What it costs, e.g. "1 image · ≈ $0.039". */
  acceptDetail: string;
  rows: ReadonlyArray<{ key: K; label: string; value: string; detail: string }>;
}

interface SummaryItem<K> extends vscode.QuickPickItem {
  key: K | 'accept';
}

/**
 * The last step of a palette flow: every choice on one list with the estimated cost. The accept row is
 * active, so Enter goes ahead; picking a row resolves to its key so the caller can re-ask that choice and
 * show the summary again. Resolves to undefined when dismissed (Escape).
 */
export function showSummaryStep<K extends string>(options: SummaryStepOptions<K>): Promise<K | 'accept' | undefined> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<SummaryItem<K>>();
    qp.title = options.title;
    qp.placeholder = `Enter to ${options.acceptLabel.toLowerCase()}; pick a row to change it`;
    qp.ignoreFocusOut = true;
    qp.matchOnDescription = true;
    const accept: SummaryItem<K> = { key: 'accept', label: `$(sparkle) ${options.acceptLabel}`, description: options.acceptDetail, alwaysShow: true };
    const rows: Array<SummaryItem<K>> = options.rows.map((row) => ({
      key: row.key,
      label: `$(edit) ${row.label}: ${row.value}`,
      ...(row.detail ? { description: row.detail } : {}),
    }));
    qp.items = [accept, ...rows];
    qp.activeItems = [accept];
    let settled = false;
    qp.onDidAccept(() => {
      settled = true;
      resolve((qp.selectedItems[0] ?? qp.activeItems[0])?.key);
      qp.hide();
    });
    qp.onDidHide(() => {
      if (!settled) resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}
