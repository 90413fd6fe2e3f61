import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { localMonth, parseLedger, serializeLedgerEntry, totalUsd, type LedgerEntry } from '../core/ledger';

/** Subscribes a listener; the returned object stops it. */
export type ChangeEvent = (listener: () => void) => { dispose(): void };

/**
 * The spend ledger in a local folder: `spend-YYYY-MM.jsonl`, one line per paid call, shared by every
 * process that uses the folder. Each entry is one `appendFile` (O_APPEND) of one line, so calls made at
 * the same time, in this process or another, never overwrite each other; readers skip a torn line.
 */
export class LedgerFile {
  private readonly listeners = new Set<() => void>();
  /** Appends from this process, in order (a failure does not stop later ones). */
  private queue: Promise<void> = Promise.resolve();

  /** @param folder an absolute path (created on the first append). */
  constructor(private readonly folder: string) {}

  /** Fires after this process added an entry. */
  readonly onDidAppend: ChangeEvent = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  };

  private fileFor(month: string): string {
    return path.join(this.folder, `spend-${month}.jsonl`);
  }

  /** Adds one paid call to the month it was made in. */
  append(entry: LedgerEntry): Promise<void> {
    const write = async () => {
      await mkdir(this.folder, { recursive: true });
      await appendFile(this.fileFor(localMonth(new Date(entry.at))), serializeLedgerEntry(entry), { encoding: 'utf8', flag: 'a' });
      for (const listener of [...this.listeners]) listener();
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
    this.listeners.clear();
  }
}
