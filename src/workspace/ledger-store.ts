import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { localMonth, parseLedger, serializeLedgerEntry, totalUsd, type LedgerEntry } from '../core/ledger';

/**
 * The spend ledger in the extension's global storage: `spend-YYYY-MM.jsonl`, one line per paid call,
 * shared by every window. Each entry is one `appendFile` (O_APPEND) of one line, so calls made at
 * the same time, in this window or another, never overwrite each other; readers skip a torn line.
 */
export class LedgerStore implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fires after this window added an entry. */
  readonly onDidAppend = this.emitter.event;
  /** Appends from this window, in order (a failure does not stop later ones). */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly folder: vscode.Uri) {}

  private fileFor(month: string): string {
    return path.join(this.folder.fsPath, `spend-${month}.jsonl`);
  }

  /** Adds one paid call to the month it was made in. */
  append(entry: LedgerEntry): Promise<void> {
    const write = async () => {
      await mkdir(this.folder.fsPath, { recursive: true });
      await appendFile(this.fileFor(localMonth(new Date(entry.at))), serializeLedgerEntry(entry), { encoding: 'utf8', flag: 'a' });
      this.emitter.fire();
    };
    const done = this.queue.then(write, write);
    this.queue = done.catch(() => undefined);
    return done;
  }

  /** Every entry of the local calendar month `date` falls in. */
  async entriesOfMonth(date = new Date()): Promise<LedgerEntry[]> {
    await this.queue;
    try {
      return parseLedger(await readFile(this.fileFor(localMonth(date)), 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  /** Dollars spent in the local calendar month `date` falls in. */
  async monthTotalUsd(date = new Date()): Promise<number> {
    return totalUsd(await this.entriesOfMonth(date));
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
