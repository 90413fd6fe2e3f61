import pLimit from 'p-limit';
import * as vscode from 'vscode';
import { PictorError, cancelled } from './core/errors';
import { inspectImage, sha256Hex } from './core/image-info';
import type { Logger } from './core/log';
import { candidateFileNames, extensionForMime, isKnownImageMime } from './core/naming';
import { costOfUsage, estimateCost, formatUsd, type CostEstimate } from './core/estimate';
import { buildRequest, effectivePromptOf } from './core/request';
import { parseResponse, readUsage, type GenerationResult } from './core/response';
import { serializeSidecar, type Sidecar } from './core/sidecar';
import { buildSidecar } from './core/sidecar-builder';
import { inputsToUpload, validateSpec, type GenerationSpec } from './core/spec';
import type { GeminiClient } from './gemini/client';
import { removeOwnFile, workspaceRelativePath, writeNewImage, writeSidecar } from './workspace/files';

export interface OutputPlan {
  dir: vscode.Uri;
  /** File name without extension; the extension follows the returned MIME type. */
  baseName: string;
  /** Candidate names for an extension, first free wins; default `base.ext`, `base-2.ext`, … */
  names?: (extension: string) => Iterable<string>;
}

export interface PipelineDeps {
  client: GeminiClient;
  log: Logger;
  generator: { name: string; version: string };
  maxConcurrent: number;
  /** Called once per answered request with what it cost (the spend ledger). */
  onPaidCall?(call: { model: string; usd: number | null; estimateUsd: number | null; images: number }): void;
}

export interface SavedImage {
  uri: vscode.Uri;
  sidecarUri: vscode.Uri;
  sidecar: Sidecar;
}

export interface GenerationOutcome {
  images: SavedImage[];
  text?: string;
  thoughts?: string;
  warnings: string[];
  /** Requests that failed while others succeeded. */
  failures: PictorError[];
}

export interface ProgressSink {
  report(message: string, increment?: number): void;
}

/**
 * The one generation pipeline: validate → request → send (count × concurrently) → parse → write.
 * Nothing is written until every request has finished, so a cancel leaves the workspace untouched.
 */
export async function runGeneration(
  spec: GenerationSpec,
  output: OutputPlan,
  deps: PipelineDeps,
  signal: AbortSignal,
  progress?: ProgressSink,
): Promise<GenerationOutcome> {
  const warnings = validateSpec(spec).map((w) => w.message);
  await uploadLargeInputs(spec, deps, signal, progress);
  const request = buildRequest(spec);
  const limit = pLimit(Math.max(1, deps.maxConcurrent));
  // What one request is expected to cost: recorded in its stead when the service reports no usage.
  const perCall = specCost({ ...spec, count: 1 });
  const config = JSON.stringify({ model: spec.model, ...request.config, inputs: spec.inputs.length });
  deps.log.info(`generate ×${spec.count}: ${config}`);

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
          deps.onPaidCall?.({ model: spec.model, usd: costOfUsage(spec.model, usage, 0, spec.imageSize), estimateUsd: null, images: 0 });
          deps.log.info(`${label}: no image, ${describeTokens(usage)}`);
          throw error;
        }
        const usd = costOfUsage(spec.model, result.usage, result.images.length, spec.imageSize);
        deps.onPaidCall?.({ model: spec.model, usd, estimateUsd: perCall.usd, images: result.images.length });
        deps.log.info(
          `${label}: ${result.images.length} image(s), finish ${result.finishReason ?? '-'}, ${describeTokens(result.usage)}, ${formatUsd(usd)}${result.thoughtImageCount ? `, ${result.thoughtImageCount} thought image(s) skipped` : ''}`,
        );
        progress?.report(`Received ${index + 1} of ${spec.count}`, 100 / spec.count);
        return result;
      }),
    ),
  );
  if (signal.aborted) throw cancelled();

  const results: GenerationResult[] = [];
  const failures: PictorError[] = [];
  for (const s of settled) {
    if (s.status === 'fulfilled') results.push(s.value);
    else failures.push(s.reason instanceof PictorError ? s.reason : new PictorError('server', String(s.reason)));
  }
  if (results.length === 0) throw pickMostUseful(failures);
  for (const failure of failures) warnings.push(`One of ${spec.count} requests failed: ${failure.message}`);

  const images: SavedImage[] = [];
  for (const result of results) {
    for (const image of result.images) {
      if (signal.aborted) {
        // Cancelled between two saves: take back what this run wrote, so a cancel leaves nothing.
        await Promise.all(images.flatMap((saved) => [removeOwnFile(saved.sidecarUri), removeOwnFile(saved.uri)]));
        throw cancelled();
      }
      images.push(await saveImage(spec, result, image, output, deps));
    }
  }
  for (const warning of warnings) deps.log.warn(warning);
  const text = joinUnique(results.map((r) => r.text));
  const thoughts = joinUnique(results.map((r) => r.thoughts));
  return { images, warnings, failures, ...(text ? { text } : {}), ...(thoughts ? { thoughts } : {}) };
}

/** Inputs that would push the request past 20 MB go through the Files API instead of inline. */
async function uploadLargeInputs(spec: GenerationSpec, deps: PipelineDeps, signal: AbortSignal, progress?: ProgressSink): Promise<void> {
  const prompt = new TextEncoder().encode(effectivePromptOf(spec)).byteLength;
  for (const input of inputsToUpload(spec.inputs, prompt)) {
    progress?.report(`Uploading ${input.path}…`);
    // The upload is named by content, not by file: no workspace path leaves the machine.
    const uploaded = await deps.client.uploadImage(input.bytes, input.mimeType, `pictor-${input.sha256.slice(0, 16)}`, { signal });
    input.fileUri = uploaded.fileUri;
    deps.log.info(`uploaded ${input.path} (${input.bytes.byteLength} bytes) as ${uploaded.fileUri}`);
  }
}

async function saveImage(
  spec: GenerationSpec,
  result: GenerationResult,
  image: GenerationResult['images'][number],
  output: OutputPlan,
  deps: PipelineDeps,
): Promise<SavedImage> {
  const info = inspectImage(image.bytes);
  // The file extension follows the MIME type the service returned; the bytes decide only when it is
  // missing or unknown. A disagreement is logged, since the saved name would then mislead.
  const mimeType = isKnownImageMime(image.mimeType) ? image.mimeType.toLowerCase() : (info?.mimeType ?? 'image/png');
  if (info && info.mimeType !== mimeType) deps.log.warn(`returned MIME type ${image.mimeType} but the bytes are ${info.mimeType}`);
  const extension = extensionForMime(mimeType);
  const names = output.names ? output.names(extension) : candidateFileNames(output.baseName, extension);
  const uri = await writeNewImage(output.dir, names, image.bytes);
  const sidecar = buildSidecar(
    spec,
    result,
    {
      file: workspaceRelativePath(uri),
      mimeType,
      sha256: sha256Hex(image.bytes),
      bytes: image.bytes.byteLength,
      width: info?.width ?? null,
      height: info?.height ?? null,
    },
    { generator: deps.generator, createdAt: new Date(), imagesInResponse: result.images.length },
  );
  try {
    const sidecarUri = await writeSidecar(uri, serializeSidecar(sidecar));
    deps.log.info(`saved ${sidecar.image.file} (${sidecar.image.bytes} bytes, ${sidecar.image.width}×${sidecar.image.height})`);
    return { uri, sidecarUri, sidecar };
  } catch (error) {
    // An image without its sidecar is half-written: take it back.
    await removeOwnFile(uri);
    throw error;
  }
}

/** The estimate of a spec as the pipeline will send it (prompt after presets, every input image). */
export function specCost(spec: GenerationSpec): CostEstimate {
  return estimateCost({
    model: spec.model,
    imageSize: spec.imageSize,
    count: spec.count,
    prompt: effectivePromptOf(spec),
    inputImages: spec.inputs.length,
  });
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
