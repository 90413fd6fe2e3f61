import { createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { BatchFailure } from '../core/batch-results';
import { PictorError } from '../core/errors';

/** Longer lines mean a damaged file: one 4K image is ~30 MB of base64, so this leaves ample room. */
const MAX_LINE_BYTES = 512 * 1024 * 1024;
const NEWLINE = 0x0a;

/**
 * Reads a responses file line by line with bounded memory: the current 1 MiB chunk and the line being
 * assembled, each line handed to `onLine` and awaited before reading on (`for await` over the file
 * stream reads the next chunk only then). Lines are found with `Buffer.indexOf` on each chunk once and
 * decoded once: split2 and readline re-scan or re-concatenate the growing line as text, which measured
 * 17 MB/s on 30 MB lines with split2 against ~150 MB/s here (bench/batch-results.mjs); readline's async
 * iterator also queues up to 1,024 lines ahead of a slow consumer.
 */
export async function forEachLine(file: string, onLine: (line: string) => Promise<void>, signal?: AbortSignal): Promise<void> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const emit = async (last: Buffer) => {
    const bytes = pending.length ? Buffer.concat([...pending, last]) : last;
    pending = [];
    pendingBytes = 0;
    const line = bytes.toString('utf8').replace(/\r$/, '');
    if (signal?.aborted) throw new PictorError('cancelled', 'Cancelled.');
    if (line.trim()) await onLine(line);
  };
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE, start); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      await emit(chunk.subarray(start, end));
      start = end + 1;
    }
    if (start < chunk.length) {
      pending.push(chunk.subarray(start));
      pendingBytes += chunk.length - start;
      if (pendingBytes > MAX_LINE_BYTES) throw new PictorError('server', 'The responses file holds a line longer than 512 MB; it looks damaged. Download it again.');
    }
  }
  if (pendingBytes) await emit(Buffer.alloc(0));
}

/** A job's ledger: `<storage>/results/<local id>.jsonl`. */
export function ledgerFile(storageDir: string, record: { id: string }): string {
  return path.join(storageDir, 'results', `${record.id}.jsonl`);
}

/** One line of a job's ledger: an image written for a key, or the failure a key's result was. */
type LedgerEntry = { key: string; uri: string; sidecar: string } | { key: string; failure: BatchFailure };

/**
 * What a job's download has done so far, one JSON line per entry appended as it happens: each image
 * written (key, image, sidecar) and each result that failed. A responses file never changes, so an entry
 * holds for every later download.
 */
export class ResultLedger {
  constructor(private readonly file: string) {}

  /** Images written so far, by key, in the order they were written. */
  async read(): Promise<Map<string, Array<{ uri: string; sidecar: string }>>> {
    return (await this.readAll()).images;
  }

  /** Images by key and failures by key, each in the order they were recorded. */
  async readAll(): Promise<{ images: Map<string, Array<{ uri: string; sidecar: string }>>; failures: Map<string, BatchFailure> }> {
    const images = new Map<string, Array<{ uri: string; sidecar: string }>>();
    const failures = new Map<string, BatchFailure>();
    let text = '';
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch {
      return { images, failures };
    }
    for (const line of text.split('\n')) {
      let entry: LedgerEntry;
      try {
        entry = JSON.parse(line) as LedgerEntry;
      } catch {
        // A line cut short by a crash: that result is handled again on the next download.
        continue;
      }
      if ('failure' in entry) failures.set(entry.key, entry.failure);
      else images.set(entry.key, [...(images.get(entry.key) ?? []), { uri: entry.uri, sidecar: entry.sidecar }]);
    }
    return { images, failures };
  }

  async add(key: string, uri: string, sidecar: string): Promise<void> {
    await this.append({ key, uri, sidecar });
  }

  async addFailure(failure: BatchFailure): Promise<void> {
    await this.append({ key: failure.key, failure });
  }

  private async append(entry: LedgerEntry): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    await fs.appendFile(this.file, `${JSON.stringify(entry)}\n`, 'utf8');
  }
}
