import type * as vscode from 'vscode';
import { LedgerFile } from '../spend/ledger-file';

/** The spend ledger in the extension's global storage, shared by every window (see LedgerFile). */
export class LedgerStore extends LedgerFile implements vscode.Disposable {
  constructor(folder: vscode.Uri) {
    super(folder.fsPath);
  }
}
