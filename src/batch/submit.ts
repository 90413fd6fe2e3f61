import * as z from 'zod/mini';
import { batchUnsupported, parseManifest } from '../core/batch-manifest';
import {
  INLINE_RESULTS_AUTO_LIMIT_BYTES,
  INLINE_RESULTS_HARD_LIMIT_BYTES,
  contentFingerprint,
  expectedInlineResultBytes,
  inlineBodyBytes,
  requestKey,
  type KeyedRequest,
} from '../core/batch-requests';
import { PictorError } from '../core/errors';
import { INLINE_REQUEST_LIMIT_BYTES } from '../core/models';
import { buildRequest } from '../core/request';
import { describeIssue, fileReference, generateArgsSchema, validateSpec, type GenerateArgs, type GenerationSpec } from '../core/spec';
import type { StoredRequest, StoredSpec } from './store';

/** `pictor.batch.submit`'s argument object (public API). */
export const batchSubmitArgsSchema = z.strictObject({
  specs: z.optional(z.array(z.unknown()).check(z.minLength(1))),
  manifest: z.optional(fileReference),
  displayName: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
  mode: z.optional(z.enum(['auto', 'inline', 'file'])),
  allowDuplicate: z.optional(z.boolean()),
  /** `false`: submit even above `pictor.confirmAboveUsd` (the monthly budget still applies). */
  confirmCost: z.optional(z.boolean()),
  /** A script's or agent tool's token: cancelling stops the submission like the notification's Cancel. */
  cancellationToken: generateArgsSchema.shape.cancellationToken,
});

export type BatchSubmitArgs = z.infer<typeof batchSubmitArgsSchema>;

/** Turns `pictor.generate` arguments into a spec and an output plan: the same resolver `pictor.generate` uses. */
export type SpecResolver<L> = (args: GenerateArgs) => Promise<{ spec: GenerationSpec; plan: { dir: L; baseName: string } }>;

/** How a host names its locations in a job record (kept on disk, read back at download). */
export interface LocationCodec<L> {
  store(location: L): string;
  parse(stored: string): L;
}

/** The requests for one model: one job. */
export interface JobPlan {
  model: string;
  items: KeyedRequest[];
  stored: StoredRequest[];
  specs: GenerationSpec[];
  fingerprint: string;
  mode: 'inline' | 'file';
}

/** A labelled spec source: `specs[i]` (0-based) or `line N` (1-based) of a manifest. */
interface LabelledArgs {
  label: string;
  value: unknown;
}

/** Reads the labelled argument objects from `specs` or the manifest; a manifest's bad line fails here. */
export async function collectArgs(args: BatchSubmitArgs, readManifest: (() => Promise<Uint8Array>) | undefined, manifestName: string): Promise<LabelledArgs[]> {
  if (!!args.specs === !!args.manifest) {
    throw new PictorError('badInput', 'Invalid arguments for pictor.batch.submit: give either specs or manifest.');
  }
  if (args.specs) return args.specs.map((value, i) => ({ label: `specs[${i}]`, value }));
  let text: string;
  try {
    text = new TextDecoder().decode(await readManifest!());
  } catch (error) {
    if (error instanceof PictorError) throw error;
    throw new PictorError('badInput', `The manifest ${manifestName} does not exist or cannot be read.`);
  }
  const entries = parseManifest(text, manifestName);
  return entries.map((entry) => ({ label: `line ${entry.line} of ${manifestName}`, value: entry.args }));
}

/**
 * Validates every spec exactly as `pictor.generate` does (argument schema, resolver, catalog checks) and
 * groups the requests by model, one job each; the first bad spec is `badInput` naming it.
 */
export async function planJobs<L>(labelled: LabelledArgs[], resolve: SpecResolver<L>, locations: LocationCodec<L>, mode: BatchSubmitArgs['mode']): Promise<JobPlan[]> {
  const byModel = new Map<string, JobPlan>();
  for (const { label, value } of labelled) {
    let spec: GenerationSpec;
    let plan: { dir: L; baseName: string };
    try {
      const parsed = generateArgsSchema.safeParse(value);
      if (!parsed.success) throw new PictorError('badInput', describeIssue(parsed.error.issues[0]));
      const unsupported = batchUnsupported(parsed.data);
      if (unsupported) throw new PictorError('badInput', unsupported);
      ({ spec, plan } = await resolve(parsed.data));
      validateSpec(spec);
    } catch (error) {
      if (!(error instanceof PictorError)) throw error;
      // Name the spec, keeping everything else the error carries (code, setting, replacement model).
      error.message = `${label}: ${error.message.replace(/^Invalid arguments for Pictor: /, '')}${/\.$/.test(error.message) ? '' : '.'} Nothing was submitted.`;
      throw error;
    }
    const job = byModel.get(spec.model) ?? { model: spec.model, items: [], stored: [], specs: [], fingerprint: '', mode: 'inline' as const };
    byModel.set(spec.model, job);
    job.specs.push(spec);
    const request = buildRequest(spec);
    const stored: StoredSpec = { ...spec, inputs: spec.inputs.map(({ path, sha256, mimeType, role }) => ({ path, sha256, mimeType, role })) };
    for (let copy = 0; copy < spec.count; copy++) {
      const key = requestKey(job.items.length);
      job.items.push({ key, request });
      job.stored.push({ key, spec: stored, dir: locations.store(plan.dir), baseName: plan.baseName });
    }
  }
  const jobs = [...byModel.values()];
  for (const job of jobs) {
    job.fingerprint = contentFingerprint(job.model, job.items);
    // Seed 004: inline while the create request stays under 20 MB, else an uploaded JSONL file. Inline
    // results come back inside one status response, so a job expected to return more than that can hold
    // is sent as a file too (its results then come as a responses file, read as a stream).
    const bodyBytes = inlineBodyBytes(job.items);
    const resultBytes = expectedInlineResultBytes(job.items);
    job.mode = mode === 'inline' || mode === 'file' ? mode : bodyBytes < INLINE_REQUEST_LIMIT_BYTES && resultBytes <= INLINE_RESULTS_AUTO_LIMIT_BYTES ? 'inline' : 'file';
    if (job.mode === 'inline' && bodyBytes >= INLINE_REQUEST_LIMIT_BYTES) {
      throw new PictorError('badInput', `The ${job.model} requests take ${(bodyBytes / 1024 / 1024).toFixed(1)} MB, over the 20 MB an inline batch may hold. Use mode "file" or "auto".`);
    }
    if (job.mode === 'inline' && resultBytes > INLINE_RESULTS_HARD_LIMIT_BYTES) {
      throw new PictorError(
        'badInput',
        `The ${job.items.length} ${job.model} images would come back inline as about ${Math.round(resultBytes / 1024 / 1024)} MB in one response, more than can be read. Use mode "file" or "auto".`,
      );
    }
  }
  return jobs;
}
