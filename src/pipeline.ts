import pLimit from 'p-limit';
import { PictorError, cancelled } from './core/errors';
import type { Logger } from './core/log';
import { costOfUsage, costSpecOf, estimateCost, formatUsd, type CostEstimate } from './core/estimate';
import { candidateFileNames } from './core/naming';
import { groundingOf, type Grounding } from './core/grounding';
import { buildRequest, effectivePromptOf } from './core/request';
import { parseResponse, readUsage, type GenerationResult } from './core/response';
import type { Sidecar } from './core/sidecar';
import { buildSidecar } from './core/sidecar-builder';
import { inputsToUpload, validateSpec, type GenerationSpec } from './core/spec';
import type { GeminiClient } from './gemini/client';
import type { ImageWriter } from './writer/image-writer';

/** Where a run's images go. `L` is the file-system port's location type (a `vscode.Uri` in VS Code, a path in Node). */
export interface OutputPlan<L> {
  dir: L;
  /** File name without extension; the extension follows the type of the returned bytes. */
  baseName: string;
  /** Candidate names for an extension, first free wins; default `base.ext`, `base-2.ext`, … */
  names?: (extension: string) => Iterable<string>;
}

export interface PipelineDeps<L> {
  client: GeminiClient;
  log: Logger;
  generator: { name: string; version: string };
  maxConcurrent: number;
  writer: ImageWriter<L>;
  /**
   * The spend check (budget, confirmation), the last check before the first request; rejects to refuse
   * the run. Each answered request is recorded through what it returns. `otherChecks` are the checks
   * still running beside it (it may read the ledger meanwhile): it awaits them before it asks the user
   * anything, and their error, if any, is the one the run rejects with.
   */
  approveCost?(estimate: CostEstimate, otherChecks?: Promise<void>): Promise<CostReservation>;
}

export interface SavedImage<L> {
  uri: L;
  sidecarUri: L;
  sidecar: Sidecar;
}

export interface GenerationOutcome<L> {
  images: Array<SavedImage<L>>;
  text?: string;
  thoughts?: string;
  warnings: string[];
  /** Requests that failed while others succeeded. */
  failures: PictorError[];
  /** The Google Search grounding of the first grounded answer (a spec with `grounding` on a model that has it). */
  grounding?: Grounding;
}

export interface ProgressSink {
  report(message: string, increment?: number): void;
}

export interface RunHooks<L> {
  progress?: ProgressSink;
  /**
   * Called with each image as soon as it and its sidecar are saved, before the other requests finish
   * (a grid or the palette can show it at once). If the run is then cancelled, the images already
   * handed over are deleted again and the run rejects with `cancelled`. `grounding`: the search grounding
   * of the answer the image came from, when it was grounded.
   */
  onImage?(image: SavedImage<L>, grounding?: Grounding): void;
}

/**
 * The one generation pipeline: validate → check the folder → request → send (count × concurrently) →
 * parse → write. Everything that can be refused is refused before the first request. Each request's
 * images are saved as soon as it finishes; a cancel takes back what this run wrote, so the workspace is
 * as it was (the user asked for nothing to be kept).
 */
export async function runGeneration<L>(
  spec: GenerationSpec,
  output: OutputPlan<L>,
  deps: PipelineDeps<L>,
  signal: AbortSignal,
  hooks: RunHooks<L> = {},
): Promise<GenerationOutcome<L>> {
  const warnings = validateSpec(spec).map((w) => w.message);
  // The folder check and the spend check's ledger read run side by side: each costs a trip to the disk.
  const folderChecked = deps.writer.checkOutputDirectory(output.dir);
  folderChecked.catch(() => undefined);
  const spend = await approveAfter(folderChecked, deps.approveCost && ((checks) => deps.approveCost!(specCost(spec), checks)));
  try {
    return await sendAndSave(spec, output, deps, signal, hooks, warnings, spend);
  } finally {
    spend?.release();
  }
}

/**
 * Runs `approve` beside `checks`; a failed check wins over the approval's own refusal, and an approval
 * given before a check failed is released again.
 */
async function approveAfter(
  checks: Promise<void>,
  approve: ((checks: Promise<void>) => Promise<CostReservation>) | undefined,
): Promise<CostReservation | undefined> {
  let spend: CostReservation | undefined;
  try {
    spend = await approve?.(checks);
  } catch (error) {
    await checks;
    throw error;
  }
  try {
    await checks;
  } catch (error) {
    spend?.release();
    throw error;
  }
  return spend;
}

/** A priced, approved run: what the spend check hands back. */
export interface CostReservation {
  record(call: { model: string; usd: number | null; estimateUsd: number | null; images: number }): void;
  /** The run ended: what it did not spend is free again. */
  release(): void;
}

async function sendAndSave<L>(
  spec: GenerationSpec,
  output: OutputPlan<L>,
  deps: PipelineDeps<L>,
  signal: AbortSignal,
  hooks: RunHooks<L>,
  warnings: string[],
  spend: CostReservation | undefined,
): Promise<GenerationOutcome<L>> {
  const { progress } = hooks;
  await uploadLargeInputs(spec, deps, signal, progress);
  const request = buildRequest(spec);
  const limit = pLimit(Math.max(1, deps.maxConcurrent));
  // What one request is expected to cost: recorded in its stead when the service reports no usage.
  const perCall = specCost({ ...spec, count: 1 });
  const config = JSON.stringify({ model: spec.model, ...request.config, inputs: spec.inputs.length });
  deps.log.info(`generate ×${spec.count}: ${config}`);

  const images: Array<SavedImage<L>> = [];
  const groundings: Grounding[] = [];
  const settled = await Promise.allSettled(
    Array.from({ length: spec.count }, (_, index) =>
      limit(async () => {
        const label = `${spec.model} #${index + 1}`;
        const raw = await deps.client.generateContent(request, {
          signal,
          label,
          onRetry: (attempt, delayMs, error) =>
            progress?.report(`${error.code === 'quota' ? 'Rate limited' : 'Server error'}; retry ${attempt} in ${Math.ceil(delayMs / 1000)} s…`),
        });
        let result: GenerationResult;
        try {
          result = parseResponse(raw);
        } catch (error) {
          // An answer without an image was still a paid call: it goes into the ledger too.
          const usage = readUsage(raw);
          spend?.record({ model: spec.model, usd: costOfUsage(spec.model, usage, 0, spec.imageSize, spec.serviceTier), estimateUsd: null, images: 0 });
          deps.log.info(`${label}: no image, ${describeTokens(usage)}`);
          throw error;
        }
        const usd = costOfUsage(spec.model, result.usage, result.images.length, spec.imageSize, spec.serviceTier);
        spend?.record({ model: spec.model, usd, estimateUsd: perCall.usd, images: result.images.length });
        deps.log.info(
          `${label}: ${result.images.length} image(s), finish ${result.finishReason ?? '-'}, ${describeTokens(result.usage)}, ${formatUsd(usd)}${result.thoughtImageCount ? `, ${result.thoughtImageCount} thought image(s) skipped` : ''}`,
        );
        const grounding = groundingOf(raw) ?? undefined;
        if (grounding) groundings.push(grounding);
        for (const image of result.images) {
          if (signal.aborted) throw cancelled();
          const saved = await saveImage(spec, result, image, output, deps);
          images.push(saved);
          hooks.onImage?.(saved, grounding);
        }
        progress?.report(`Received ${index + 1} of ${spec.count}`, 100 / spec.count);
        return result;
      }),
    ),
  );
  if (signal.aborted) {
    // Cancelled: take back what this run wrote, so a cancel leaves nothing.
    await Promise.all(images.map((saved) => deps.writer.remove(saved)));
    throw cancelled();
  }

  const results: GenerationResult[] = [];
  const failures: PictorError[] = [];
  for (const s of settled) {
    if (s.status === 'fulfilled') results.push(s.value);
    else failures.push(PictorError.from(s.reason));
  }
  if (results.length === 0) throw pickMostUseful(failures);
  for (const failure of failures) warnings.push(`One of ${spec.count} requests failed: ${failure.message}`);
  for (const warning of warnings) deps.log.warn(warning);
  const text = joinUnique(results.map((r) => r.text));
  const thoughts = joinUnique(results.map((r) => r.thoughts));
  const grounding = groundings[0];
  return { images, warnings, failures, ...(text ? { text } : {}), ...(thoughts ? { thoughts } : {}), ...(grounding ? { grounding } : {}) };
}

/** Inputs that would push the request past 20 MB go through the Files API instead of inline. */
async function uploadLargeInputs<L>(spec: GenerationSpec, deps: PipelineDeps<L>, signal: AbortSignal, progress?: ProgressSink): Promise<void> {
  const prompt = new TextEncoder().encode(effectivePromptOf(spec)).byteLength;
  for (const input of inputsToUpload(spec.inputs, prompt)) {
    progress?.report(`Uploading ${input.path}…`);
    // The upload is named by content, not by file: no workspace path leaves the machine.
    const uploaded = await deps.client.uploadImage(input.bytes, input.mimeType, `pictor-${input.sha256.slice(0, 16)}`, { signal });
    input.fileUri = uploaded.fileUri;
    deps.log.info(`uploaded ${input.path} (${input.bytes.byteLength} bytes) as ${uploaded.fileUri}`);
  }
}

/**
 * Saves one image of a response through the one writer. `batch` marks a batch job's result (sidecar
 * `batch: { job, key }`, cost at the batch price).
 */
export function saveImage<L>(
  spec: GenerationSpec,
  result: GenerationResult,
  image: GenerationResult['images'][number],
  output: OutputPlan<L>,
  deps: Pick<PipelineDeps<L>, 'writer' | 'generator' | 'log'>,
  batch?: { job: string; key: string },
): Promise<SavedImage<L>> {
  return deps.writer
    .write({
      dir: output.dir,
      names: output.names ?? ((extension) => candidateFileNames(output.baseName, extension)),
      bytes: image.bytes,
      labelledMimeType: image.mimeType,
      sidecar: (facts) =>
        buildSidecar(spec, result, facts, {
          generator: deps.generator,
          createdAt: new Date(),
          imagesInResponse: result.images.length,
          ...(batch ? { batch } : {}),
        }),
    })
    .then((saved) => {
      deps.log.info(`saved ${saved.sidecar.image.file} (${saved.sidecar.image.bytes} bytes, ${saved.sidecar.image.width}×${saved.sidecar.image.height})`);
      return saved;
    });
}

/**
 * The estimate of a spec as the pipeline will send it (prompt after presets, every input image);
 * `background: 'transparent'` (pictor.generate's option) counts two calls per image.
 */
export function specCost(spec: GenerationSpec, background?: 'transparent' | 'opaque'): CostEstimate {
  return estimateCost(costSpecOf(spec, background));
}


/** `tokens 12 in / 1290 out (+ 40 thinking)` for the log. */
function describeTokens(usage: GenerationResult['usage']): string {
  const thinking = usage.thoughtTokens ? ` (+ ${usage.thoughtTokens} thinking)` : '';
  return `tokens ${usage.promptTokens ?? '?'} in / ${usage.outputTokens ?? '?'} out${thinking}`;
}

/** When every request failed, the error that tells the user most (a key problem beats a timeout). */
function pickMostUseful(failures: PictorError[]): PictorError {
  const order = ['missingKey', 'invalidKey', 'cancelled', 'badInput', 'blocked', 'quota', 'noImage', 'server', 'network'];
  return [...failures].sort((a, b) => order.indexOf(a.code) - order.indexOf(b.code))[0] ?? new PictorError('server', 'Generation failed.');
}

function joinUnique(values: Array<string | null>): string | undefined {
  const unique = [...new Set(values.filter((v): v is string => !!v))];
  return unique.length ? unique.join('\n\n') : undefined;
}
