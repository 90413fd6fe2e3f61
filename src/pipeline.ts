import pLimit from 'p-limit';
import * as vscode from 'vscode';
import { PictorError, cancelled } from './core/errors';
import { inspectImage, sha256Hex } from './core/image-info';
import type { Logger } from './core/log';
import { candidateFileNames, extensionForMime, isKnownImageMime } from './core/naming';
import { buildRequest, effectivePromptOf } from './core/request';
import { parseResponse, type GenerationResult } from './core/response';
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
        const result = parseResponse(raw);
        deps.log.info(
          `${label}: ${result.images.length} image(s), finish ${result.finishReason ?? '-'}, tokens ${result.usage.totalTokens ?? '?'}${result.thoughtImageCount ? `, ${result.thoughtImageCount} thought image(s) skipped` : ''}`,
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

/**
 * The one writer for a generated image: image (named by its MIME type, never overwriting) + sidecar.
 * `batch` marks a batch job's result (sidecar `batch: { job, key }`, cost at the batch price).
 */
export async function saveImage(
  spec: GenerationSpec,
  result: GenerationResult,
  image: GenerationResult['images'][number],
  output: OutputPlan,
  deps: Pick<PipelineDeps, 'log' | 'generator'>,
  batch?: { job: string; key: string },
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
    { generator: deps.generator, createdAt: new Date(), imagesInResponse: result.images.length, ...(batch ? { batch } : {}) },
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

/** When every request failed, the error that tells the user most (a key problem beats a timeout). */
function pickMostUseful(failures: PictorError[]): PictorError {
  const order = ['missingKey', 'invalidKey', 'cancelled', 'badInput', 'blocked', 'quota', 'noImage', 'server', 'network'];
  return [...failures].sort((a, b) => order.indexOf(a.code) - order.indexOf(b.code))[0] ?? new PictorError('server', 'Generation failed.');
}

function joinUnique(values: Array<string | null>): string | undefined {
  const unique = [...new Set(values.filter((v): v is string => !!v))];
  return unique.length ? unique.join('\n\n') : undefined;
}
