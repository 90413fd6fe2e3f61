import { createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import split2 from 'split2';

/**
 * Reads a responses file line by line with bounded memory, handing each line to `onLine` and waiting for
 * it before reading on. split2 (a small, widely used line splitter) sits in a stream pipeline, so the
 * consumer's pace holds the file reader back; readline's async iterator would queue up to 1,024 lines
 * ahead, which at ~30 MB per 4K image line is far too much. 1 MiB reads keep split2's re-scan of a long
 * line short; at most a couple of lines are in memory at a time.
 */
export async function forEachLine(file: string, onLine: (line: string) => Promise<void>, signal?: AbortSignal): Promise<void> {
  const lines = split2({ readableHighWaterMark: 2 } as never);
  await pipeline(
    createReadStream(file, { highWaterMark: 1024 * 1024 }),
    lines,
    async function (source: AsyncIterable<string>) {
      for await (const line of source) {
        if (line.trim()) await onLine(line);
      }
    },
    { signal },
  );
}

/** Results already written for a job, by key: one JSON line per saved image, appended as it is saved. */
export class ResultLedger {
  constructor(private readonly file: string) {}

  async read(): Promise<Map<string, Array<{ uri: string; sidecar: string }>>> {
    const written = new Map<string, Array<{ uri: string; sidecar: string }>>();
    let text = '';
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch {
      return written;
    }
    for (const line of text.split('\n')) {
      try {
        const entry = JSON.parse(line) as { key: string; uri: string; sidecar: string };
        written.set(entry.key, [...(written.get(entry.key) ?? []), { uri: entry.uri, sidecar: entry.sidecar }]);
      } catch {
        // A line cut short by a crash: that image is written again on the next download.
      }
    }
    return written;
  }

  async add(key: string, uri: string, sidecar: string): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    await fs.appendFile(this.file, `${JSON.stringify({ key, uri, sidecar })}\n`, 'utf8');
  }
}
