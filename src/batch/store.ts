import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { BatchJobInfo, BatchStats } from '../core/batch-job';
import type { GenerationSpec, InputImage } from '../core/spec';

/** A spec as kept with a job: everything a sidecar needs, without the input images' bytes. */
export type StoredSpec = Omit<GenerationSpec, 'inputs'> & { inputs: Array<Omit<InputImage, 'bytes' | 'fileUri'>> };

/** One request of a job: which spec it came from and where its image goes. */
export interface StoredRequest {
  key: string;
  spec: StoredSpec;
  /** Output folder as a URI string, and the base file name. */
  dir: string;
  baseName: string;
}

/** Pictor's own record of a job, kept in extension storage (one JSON file per workspace): what the commands return, and more. */
export interface BatchJobRecord extends Omit<BatchJobInfo, 'name'> {
  /** Local id, fixed before the create call. */
  id: string;
  /** `batches/…` once the service answered the create call. */
  name?: string;
  stats?: BatchStats;
  fingerprint: string;
  /** The manifest it came from, as a URI string. */
  manifest?: string;
  /** Set while the create call is under way: a record still carrying it at start-up was interrupted. */
  submitting?: boolean;
  requests: StoredRequest[];
}

/** The public view of a record. */
export function toInfo(record: BatchJobRecord): BatchJobInfo {
  return {
    name: record.name ?? `local/${record.id}`,
    displayName: record.displayName,
    model: record.model,
    state: record.state,
    count: record.count,
    mode: record.mode,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    estimatedCostUsd: record.estimatedCostUsd,
    downloaded: record.downloaded,
    ...(record.error ? { error: record.error } : {}),
  };
}

/**
 * The job records of one workspace in `<storage>/jobs.json`, written atomically (temporary file, then
 * rename) and one write at a time, so a crash leaves either the old or the new list.
 */
export class BatchJobStore {
  private records: BatchJobRecord[] | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly dir: string) {}

  private get file(): string {
    return path.join(this.dir, 'jobs.json');
  }

  async all(): Promise<BatchJobRecord[]> {
    if (!this.records) {
      try {
        const parsed: unknown = JSON.parse(await fs.readFile(this.file, 'utf8'));
        this.records = Array.isArray((parsed as { jobs?: unknown }).jobs) ? (parsed as { jobs: BatchJobRecord[] }).jobs : [];
      } catch {
        this.records = [];
      }
    }
    return this.records;
  }

  async find(name: string): Promise<BatchJobRecord | undefined> {
    return (await this.all()).find((r) => r.name === name || `local/${r.id}` === name);
  }

  /** Adds or replaces a record (by local id) and writes the list. */
  async put(record: BatchJobRecord): Promise<void> {
    const records = await this.all();
    const index = records.findIndex((r) => r.id === record.id);
    if (index >= 0) records[index] = record;
    else records.push(record);
    await this.save();
  }

  async remove(id: string): Promise<void> {
    const records = await this.all();
    this.records = records.filter((r) => r.id !== id);
    await this.save();
  }

  private save(): Promise<void> {
    const text = `${JSON.stringify({ version: 1, jobs: this.records ?? [] })}\n`;
    this.writing = this.writing.then(async () => {
      await fs.mkdir(this.dir, { recursive: true });
      const temp = `${this.file}.${process.pid}.${Date.now()}.tmp`;
      await fs.writeFile(temp, text, 'utf8');
      await fs.rename(temp, this.file);
    });
    return this.writing;
  }
}
