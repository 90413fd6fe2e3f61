import { appendFile, mkdir, open, stat } from 'node:fs/promises';
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
  /** Each month file as last read: its entries, and where the next read starts. */
  private readonly months = new Map<string, MonthRead>();
  /** Reads one at a time, so two never take in the same appended lines. */
  private reads: Promise<unknown> = Promise.resolve();
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
    const file = this.fileFor(localMonth(new Date(entry.at)));
    const line = serializeLedgerEntry(entry);
    const write = async () => {
      await mkdir(this.folder, { recursive: true });
      await appendFile(file, line, { encoding: 'utf8', flag: 'a' });
      for (const listener of [...this.listeners]) listener();
    };
    const done = this.queue.then(write, write);
    this.queue = done.catch(() => undefined);
    // Not part of the append (a read waits for appends): the next budget check then has nothing to read.
    void done.then(() => this.serialRead(() => this.takeInOwnLine(file, entry, Buffer.byteLength(line)))).catch(() => undefined);
    return done;
  }

  /**
   * Adds an entry this process just appended to the month as read, when the file grew by exactly its
   * line since then (nothing from elsewhere in between); otherwise the next read takes in what is new.
   */
  private async takeInOwnLine(file: string, entry: LedgerEntry, lineBytes: number): Promise<void> {
    const month = this.months.get(file);
    if (!month || month.size !== month.consumed) return;
    const seen = await stat(file);
    if (seen.ino !== month.ino || seen.size !== month.consumed + lineBytes) return;
    month.entries.push(entry);
    month.consumed = month.size = seen.size;
    month.mtimeMs = seen.mtimeMs;
  }

  /**
   * Every entry of the local calendar month `date` falls in. Each call checks the file (one stat) and
   * reads only what was appended since the last call, from any process: the budget check runs before
   * every paid request, and a busy month's ledger holds thousands of lines. A file that shrank, was
   * replaced or rewritten is read again whole.
   */
  async entriesOfMonth(date = new Date()): Promise<LedgerEntry[]> {
    return (await this.readMonth(date)).slice();
  }

  private readMonth(date: Date): Promise<readonly LedgerEntry[]> {
    return this.serialRead(() => this.readMonthNow(date));
  }

  private serialRead<T>(read: () => Promise<T>): Promise<T> {
    const run = this.reads.then(read);
    this.reads = run.catch(() => undefined);
    return run;
  }

  private async readMonthNow(date: Date): Promise<readonly LedgerEntry[]> {
    await this.queue;
    const file = this.fileFor(localMonth(date));
    const seen = await stat(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (!seen) {
      this.months.delete(file);
      return [];
    }
    let month = this.months.get(file);
    const appendedOnly = month?.ino === seen.ino && seen.size >= month.size && (seen.size > month.size || seen.mtimeMs === month.mtimeMs);
    if (!month || !appendedOnly) month = { file, ino: seen.ino, size: 0, mtimeMs: 0, consumed: 0, entries: [] };
    if (seen.size > month.consumed) await readCompleteLines(month, seen.size);
    month.size = seen.size;
    month.mtimeMs = seen.mtimeMs;
    this.months.set(file, month);
    return month.entries;
  }

  /** Dollars spent in the local calendar month `date` falls in. */
  async monthTotalUsd(date = new Date()): Promise<number> {
    return totalUsd(await this.readMonth(date));
  }

  dispose(): void {
    this.listeners.clear();
    this.months.clear();
  }
}

/** What was read of one month's file: every complete line up to `consumed` (bytes). */
interface MonthRead {
  file: string;
  ino: number;
  /** Size and modification time (ms) when last read. */
  size: number;
  mtimeMs: number;
  consumed: number;
  entries: LedgerEntry[];
}

/**
 * Reads `month.file` from `month.consumed` to `size` and takes in its complete lines; a line still
 * being written (no newline yet) is left for the next read. A newline byte never occurs inside a
 * UTF-8 character, so cutting there never splits one.
 */
async function readCompleteLines(month: MonthRead, size: number): Promise<void> {
  const handle = await open(month.file, 'r');
  try {
    const buffer = Buffer.alloc(size - month.consumed);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, month.consumed + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    const end = buffer.lastIndexOf(0x0a, filled - 1);
    if (end < 0) return;
    for (const entry of parseLedger(buffer.toString('utf8', 0, end + 1))) month.entries.push(entry);
    month.consumed += end + 1;
  } finally {
    await handle.close();
  }
}
