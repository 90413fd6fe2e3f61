import { randomUUID } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { finished } from 'node:stream/promises';
import { isActive, isFinished, readOperation, stateLabel, toJobState, type BatchJobInfo, type OperationReport } from '../core/batch-job';
import { toInlinedRequest, toInputFileLine } from '../core/batch-requests';
import { PictorError } from '../core/errors';
import { abortOnCancel } from '../core/cancellation';
import { combineEstimates, estimateSpecs, type CostEstimate } from '../core/estimate';
import type { Logger } from '../core/log';
import { parseArgs, type UriLike } from '../core/spec';
import type { GeminiClient } from '../gemini/client';
import type { CostReservation, ProgressSink } from '../pipeline';
import type { ImageWriter } from '../writer/image-writer';
import { downloadResults, earlierDownload, type BatchDownload } from './download';
import { ledgerFile } from './results-file';
import { BatchJobStore, toInfo, type BatchJobRecord } from './store';
import { batchSubmitArgsSchema, collectArgs, type BatchSubmitArgs, planJobs, type JobPlan, type LocationCodec, type SpecResolver } from './submit';

export interface BatchServiceDeps<L> {
  /** A folder in extension storage for this workspace's job records, input and responses files. */
  storageDir: string;
  log: Logger;
  generator: { name: string; version: string };
  /** A client with the user's key; rejects with `missingKey` when none is set. */
  client: () => Promise<GeminiClient>;
  resolveSpec: SpecResolver<L>;
  /** The one writer of images + sidecars; its output-folder check runs before anything is sent. */
  writer: ImageWriter<L>;
  /** How job records name output folders, written files and the manifest. */
  locations: LocationCodec<L>;
  /** A manifest reference (a root-relative path, a URI) → its location; throws PictorError('badInput') outside the root. */
  locate(reference: string | UriLike): L;
  /**
   * The spend check (budget, confirmation above the threshold) for the whole submission at the batch
   * price, before anything is uploaded or created; rejects with `budget` or `cancelled`.
   */
  approveCost?(estimate: CostEstimate, approval: { interactive: boolean; confirmCost?: boolean }): Promise<CostReservation>;
}

/** One job `submit` would create: its model, request count, method and estimated cost at both prices. */
export interface JobPreview {
  model: string;
  count: number;
  mode: 'inline' | 'file';
  batchCostUsd: number | null;
  interactiveCostUsd: number | null;
}

export interface SubmitHooks {
  /** Asked when a job with the same content is pending, running or succeeded; without it that is `badInput`. */
  confirmDuplicate?: (existing: BatchJobInfo) => Promise<boolean>;
  progress?: ProgressSink;
  signal?: AbortSignal;
  /** The palette and CodeLens ask above the threshold; scripts pass `confirmCost` in their arguments. */
  interactive?: boolean;
}

/**
 * Batch jobs of one workspace: submit, track, cancel, delete and download. Every service call goes
 * through GeminiClient; every result file through the one writer.
 */
export class BatchService<L> {
  readonly store: BatchJobStore;
  private readonly listeners = new Set<() => void>();
  private readonly changed = { fire: () => [...this.listeners].forEach((listener) => listener()) };

  constructor(private readonly deps: BatchServiceDeps<L>) {
    this.store = new BatchJobStore(deps.storageDir);
  }

  /** Runs `listener` after each change to a job record; the returned object stops it. */
  readonly onDidChange = (listener: () => void): { dispose(): void } => {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  };

  dispose(): void {
    this.listeners.clear();
  }

  /** The manifest an argument object names: where it is, its root-relative name, and how to read it (boundary checked). */
  private manifestOf(args: BatchSubmitArgs): { location: L; name: string; read: () => Promise<Uint8Array> } | undefined {
    if (!args.manifest) return undefined;
    const location = this.deps.locate(args.manifest);
    const port = this.deps.writer.port;
    return {
      location,
      name: port.relativePath(location),
      read: async () => {
        await port.checkBoundary(location);
        return port.readFile(location);
      },
    };
  }

  /**
   * Validates everything, then creates one job per model. See `pictor.batch.submit`. The caller's
   * `cancellationToken` (in `rawArgs`) and `hooks.signal` both cancel it.
   * @throws PictorError('cancelled') when cancelled before the last job was created.
   */
  async submit(rawArgs: unknown, hooks: SubmitHooks = {}): Promise<{ jobs: BatchJobInfo[] }> {
    const args = parseArgs(batchSubmitArgsSchema, rawArgs ?? {}, 'pictor.batch.submit');
    const fromCaller = new AbortController();
    const link = abortOnCancel(args.cancellationToken, fromCaller);
    try {
      const signal = hooks.signal ? AbortSignal.any([hooks.signal, fromCaller.signal]) : fromCaller.signal;
      return await this.submitParsed(args, { ...hooks, signal });
    } finally {
      link.dispose();
    }
  }

  private async submitParsed(args: BatchSubmitArgs, hooks: SubmitHooks & { signal: AbortSignal }): Promise<{ jobs: BatchJobInfo[] }> {
    if (hooks.signal.aborted) throw new PictorError('cancelled', 'Cancelled.');
    const manifest = this.manifestOf(args);
    const plans = await planJobs(await collectArgs(args, manifest?.read, manifest?.name ?? ''), this.deps.resolveSpec, this.deps.locations, args.mode);
    const baseName = args.displayName ?? (manifest ? this.deps.writer.port.baseName(manifest.location).replace(/\.pictor-batch\.jsonl$/i, '') : `Pictor batch ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`);
    for (const plan of plans) await this.checkDuplicate(plan, !!args.allowDuplicate, hooks);
    // Where the results will go is checked before anything is paid for.
    for (const dir of new Set(plans.flatMap((plan) => plan.stored.map((r) => r.dir)))) await this.deps.writer.checkOutputDirectory(this.deps.locations.parse(dir));
    const client = await this.deps.client();
    // The last check before anything is sent: the whole submission against the budget, at the batch price.
    const estimates = plans.map((plan) => estimateSpecs(plan.specs, 'batch'));
    const spend = await this.deps.approveCost?.(combineEstimates(estimates), { interactive: !!hooks.interactive, confirmCost: args.confirmCost });
    const jobs: BatchJobInfo[] = [];
    try {
      for (const [index, plan] of plans.entries()) {
        const displayName = plans.length > 1 ? `${baseName} (${plan.model})` : baseName;
        jobs.push(await this.create(client, plan, displayName, manifest?.location, hooks));
        // A created job will be billed when the service runs it: it counts at its estimate from now on.
        spend?.record({ model: plan.model, usd: null, estimateUsd: estimates[index]?.usd ?? null, images: plan.items.length });
      }
    } finally {
      spend?.release();
    }
    return { jobs };
  }

  /** What `submit` would send, checked the same way, without sending anything: one entry per job. */
  async preview(rawArgs: unknown): Promise<JobPreview[]> {
    const args = parseArgs(batchSubmitArgsSchema, rawArgs ?? {}, 'pictor.batch.submit');
    const manifest = this.manifestOf(args);
    const plans = await planJobs(await collectArgs(args, manifest?.read, manifest?.name ?? ''), this.deps.resolveSpec, this.deps.locations, args.mode);
    return plans.map((plan) => ({
      model: plan.model,
      count: plan.items.length,
      mode: plan.mode,
      batchCostUsd: estimateSpecs(plan.specs, 'batch').usd,
      interactiveCostUsd: estimateSpecs(plan.specs, 'standard').usd,
    }));
  }

  private async checkDuplicate(plan: JobPlan, allow: boolean, hooks: SubmitHooks): Promise<void> {
    if (allow) return;
    const same = (await this.store.all()).find(
      (r) => r.fingerprint === plan.fingerprint && (isActive(r.state) || r.state === 'JOB_STATE_SUCCEEDED' || r.submitting),
    );
    if (!same) return;
    const info = toInfo(same);
    if (hooks.confirmDuplicate && (await hooks.confirmDuplicate(info))) return;
    throw new PictorError(
      'badInput',
      `The same ${plan.items.length} ${plan.model} request(s) were already submitted as ${info.name} ("${info.displayName}", ${stateLabel(info.state)}). Creating a job is not idempotent, so it was not sent again; pass allowDuplicate: true to submit it anyway.`,
    );
  }

  /** The local record is written before the create call and completed after it. */
  private async create(client: GeminiClient, plan: JobPlan, displayName: string, manifest: L | undefined, hooks: SubmitHooks): Promise<BatchJobInfo> {
    const now = new Date().toISOString();
    const record: BatchJobRecord = {
      id: randomUUID(),
      displayName,
      model: plan.model,
      state: 'JOB_STATE_UNSPECIFIED',
      count: plan.items.length,
      mode: plan.mode,
      createdAt: now,
      updatedAt: now,
      estimatedCostUsd: estimateSpecs(plan.specs, 'batch').usd,
      downloaded: false,
      fingerprint: plan.fingerprint,
      submitting: true,
      requests: plan.stored,
      ...(manifest !== undefined ? { manifest: this.deps.locations.store(manifest) } : {}),
    };
    await this.store.put(record);
    this.changed.fire();
    // Until the create call is sent nothing can exist on the service (an upload alone creates no job).
    let createSent = false;
    const file = path.join(this.deps.storageDir, 'inputs', `${record.id}.jsonl`);
    try {
      let src: Parameters<GeminiClient['createBatch']>[1];
      if (plan.mode === 'file') {
        await writeLines(file, plan.items.map(toInputFileLine));
        const size = (await fs.stat(file)).size;
        const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
        hooks.progress?.report(`Uploading ${plan.items.length} requests (${mb(size)} MB)…`);
        const fileName = await client.uploadBatchInput(file, `pictor-batch-${record.id.slice(0, 8)}`, {
          signal: hooks.signal,
          onUploadOffset: (sent) => {
            if (sent > 0) hooks.progress?.report(`Uploading ${plan.items.length} requests: ${mb(sent)} of ${mb(size)} MB…`);
          },
        });
        hooks.progress?.report(`Uploaded ${mb(size)} MB`);
        await fs.rm(file, { force: true });
        src = { fileName };
      } else {
        src = { inlinedRequests: plan.items.map(toInlinedRequest) };
      }
      hooks.progress?.report(`Creating the ${plan.model} job…`);
      if (hooks.signal?.aborted) throw new PictorError('cancelled', 'Cancelled.');
      createSent = true;
      const created = await client.createBatch(plan.model, src, displayName, { signal: hooks.signal });
      record.name = created.name;
      record.state = toJobState(created.state ?? 'JOB_STATE_PENDING');
      if (record.state === 'JOB_STATE_UNSPECIFIED') record.state = 'JOB_STATE_PENDING';
      if (created.createTime) record.createdAt = new Date(created.createTime).toISOString();
      delete record.submitting;
      await this.store.put(record);
      this.deps.log.info(`batch ${record.name}: ${record.count} ${record.model} request(s), ${record.mode}`);
      return toInfo(record);
    } catch (error) {
      // Not sent, or the service answered with an error: nothing was created. Otherwise (no answer) it is unknown.
      if (!createSent || (error instanceof PictorError && (error.status !== undefined || error.code === 'badInput' || error.code === 'invalidKey' || error.code === 'missingKey'))) {
        await this.store.remove(record.id);
        // An input file that was not uploaded in full can be gigabytes: it goes too.
        await fs.rm(file, { force: true });
      } else {
        delete record.submitting;
        record.error = { code: 'unconfirmed', message: UNCONFIRMED_MESSAGE };
        await this.store.put(record);
      }
      throw error;
    } finally {
      this.changed.fire();
    }
  }

  /**
   * Records a crash left between writing them and hearing back from the create call: marked and
   * explained (the job may or may not exist on the service). Returns how many there were.
   */
  async recoverInterrupted(): Promise<BatchJobInfo[]> {
    const interrupted = (await this.store.all()).filter((r) => r.submitting);
    for (const record of interrupted) {
      delete record.submitting;
      record.error = { code: 'unconfirmed', message: UNCONFIRMED_MESSAGE };
      await this.store.put(record);
    }
    if (interrupted.length) this.changed.fire();
    return interrupted.map(toInfo);
  }

  /**
   * Looks for unconfirmed jobs among the service's recent jobs: one with the same display name and model,
   * created while Pictor was submitting (within 10 minutes), that no record claims yet, is adopted.
   * Returns the jobs found.
   */
  async reconcileUnconfirmed(): Promise<BatchJobInfo[]> {
    const records = await this.store.all();
    const unconfirmed = records.filter((r) => !r.name && !r.submitting);
    if (!unconfirmed.length) return [];
    const client = await this.deps.client();
    const remote = await client.listBatches(100);
    const claimed = new Set(records.map((r) => r.name).filter(Boolean));
    const found: BatchJobInfo[] = [];
    for (const record of unconfirmed) {
      const from = Date.parse(record.createdAt) - 60_000;
      const match = remote.find((job) => {
        const created = job.createTime ? Date.parse(job.createTime) : NaN;
        return (
          job.name && !claimed.has(job.name) && job.displayName === record.displayName &&
          job.model?.replace(/^models\//, '') === record.model && created >= from && created <= from + 11 * 60_000
        );
      });
      if (!match?.name) continue;
      claimed.add(match.name);
      record.name = match.name;
      record.state = toJobState(match.state);
      delete record.error;
      await this.store.put(record);
      this.deps.log.info(`batch ${match.name}: found on the service for the interrupted submission "${record.displayName}"`);
      found.push(toInfo(record));
    }
    if (found.length) this.changed.fire();
    return found;
  }

  async list(): Promise<BatchJobInfo[]> {
    return (await this.store.all()).map(toInfo);
  }

  async record(name: unknown): Promise<BatchJobRecord> {
    if (typeof name !== 'string' || !name) throw new PictorError('badInput', 'Give a batch job name such as batches/123.');
    const record = await this.store.find(name);
    if (!record) throw new PictorError('badInput', `No batch job ${name} in this workspace. Run pictor.batch.list for the known jobs.`);
    return record;
  }

  /** One job as the service reports it now; a job the service never confirmed is returned as recorded. */
  async refresh(name: unknown, client?: GeminiClient): Promise<BatchJobInfo> {
    const record = await this.record(name);
    if (record.name) await this.poll(record, client ?? (await this.deps.client()));
    return toInfo(record);
  }

  /** Reads the job's operation into its record; a job the service no longer knows is marked so. */
  private async poll(record: BatchJobRecord, client: GeminiClient): Promise<OperationReport | undefined> {
    let report: OperationReport;
    try {
      report = readOperation(await client.getBatchOperation(record.name!));
    } catch (error) {
      if (!(error instanceof PictorError && error.status === 404)) throw error;
      record.error = { code: 5, message: 'The service no longer knows this job: it was deleted elsewhere or is past its lifetime.' };
      record.updatedAt = new Date().toISOString();
      await this.store.put(record);
      this.changed.fire();
      return undefined;
    }
    record.state = report.state;
    record.stats = report.stats;
    record.updatedAt = report.updateTime ? new Date(report.updateTime).toISOString() : new Date().toISOString();
    if (report.error) record.error = report.error;
    else delete record.error;
    await this.store.put(record);
    this.changed.fire();
    return report;
  }

  /** Every unfinished job refreshed; all jobs returned. */
  async refreshAll(): Promise<BatchJobInfo[]> {
    const pending = (await this.store.all()).filter((r) => r.name && !isFinished(r.state));
    if (pending.length) {
      const client = await this.deps.client();
      for (const record of pending) await this.refresh(record.name, client);
    }
    return this.list();
  }

  async cancel(name: unknown): Promise<BatchJobInfo> {
    const record = await this.record(name);
    if (!record.name) throw new PictorError('badInput', `${toInfo(record).name} was never confirmed by the service, so there is nothing to cancel.`);
    const client = await this.deps.client();
    await client.cancelBatch(record.name);
    return this.refresh(record.name, client);
  }

  /** Deletes the job on the service (when it exists there) and the local record and files. */
  async delete(name: unknown): Promise<void> {
    const record = await this.record(name);
    if (record.name) {
      try {
        await (await this.deps.client()).deleteBatch(record.name);
      } catch (error) {
        // Already gone on the service (deleted elsewhere, or past its lifetime): the local record still goes.
        if (!(error instanceof PictorError && error.status === 404)) throw error;
      }
    }
    await this.store.remove(record.id);
    await fs.rm(ledgerFile(this.deps.storageDir, record), { force: true });
    await fs.rm(path.join(this.deps.storageDir, 'responses', `${record.id}.jsonl`), { force: true });
    this.changed.fire();
  }

  /** See `pictor.batch.download`. */
  async download(name: unknown, progress?: ProgressSink, signal?: AbortSignal): Promise<BatchDownload<L>> {
    const record = await this.record(name);
    // Every result handled before: the same images (and failures) again, without fetching a file that may be gigabytes.
    const earlier = record.state === 'JOB_STATE_SUCCEEDED' ? await earlierDownload(record, this.deps.storageDir, this.deps.locations) : undefined;
    if (earlier) {
      // A download stopped between its last result and this flag leaves it unset.
      if (!record.downloaded) {
        record.downloaded = true;
        await this.store.put(record);
        this.changed.fire();
      }
      return earlier;
    }
    const client = await this.deps.client();
    const report = record.name ? await this.poll(record, client) : undefined;
    const info = toInfo(record);
    if (!report && record.name && info.state === 'JOB_STATE_SUCCEEDED') {
      throw new PictorError('badInput', `${info.name} cannot be downloaded: ${info.error?.message ?? 'the service did not report it.'}`);
    }
    if (!report || info.state !== 'JOB_STATE_SUCCEEDED') {
      const why = info.error ? ` ${info.error.message}` : '';
      throw new PictorError('badInput', `${info.name} is ${stateLabel(info.state)}; results can be downloaded once it has succeeded.${why}`);
    }
    const result = await downloadResults(record, report, {
      client,
      writer: this.deps.writer,
      locations: this.deps.locations,
      log: this.deps.log,
      generator: this.deps.generator,
      storageDir: this.deps.storageDir,
      progress,
      signal,
    });
    record.downloaded = true;
    await this.store.put(record);
    this.changed.fire();
    return result;
  }
}

export const UNCONFIRMED_MESSAGE =
  'Pictor stopped before the service confirmed this job, so it may or may not exist there. Check your batch jobs in Google AI Studio before submitting the same requests again, then delete this entry.';

async function writeLines(file: string, lines: Iterable<string>): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const out = createWriteStream(file, { encoding: 'utf8' });
  for (const line of lines) {
    if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  out.end();
  await finished(out);
}
