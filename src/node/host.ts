import * as path from 'node:path';
import { BatchService } from '../batch/service';
import { PictorError } from '../core/errors';
import type { CostEstimate } from '../core/estimate';
import type { Logger } from '../core/log';
import { DEFAULT_MODEL, assertModelAvailable } from '../core/models';
import { redact } from '../core/redact';
import { SETTING_DEFAULTS } from '../core/setting-defaults';
import { parseArgs, editArgsSchema, parseGenerateArgs, validateSpec, withServiceSettings, type GenerationSpec } from '../core/spec';
import { editSpecFor } from '../generation/edit-spec';
import { postprocessingOf, specFromGenerateArgs } from '../generation/generate-spec';
import { planBeside, replayPostprocessing, replaySpec } from '../generation/replay-spec';
import type { SpecSources } from '../generation/sources';
import { readInputImageAt } from '../files/input-image';
import { imageLocationFor, requireRecordAt } from '../files/sidecar-files';
import { GeminiClient } from '../gemini/client';
import { runGeneration, type GenerationOutcome, type OutputPlan, type PipelineDeps, type ProgressSink } from '../pipeline';
import { runPostprocessedGeneration, type Postprocessing } from '../postprocess';
import { embedProvenanceStep } from '../provenance';
import { SpendGuard } from '../spend/guard';
import { LedgerFile } from '../spend/ledger-file';
import { ImageWriter } from '../writer/image-writer';
import { apiKeyFrom, baseUrlFrom, BUDGET_VARIABLE, LEDGER_DIR_VARIABLE, ledgerDirFrom, monthlyBudgetFrom } from './env';
import { NodeFilePort } from './file-port';
import { presetFromRoot } from './presets';

export interface NodeHostOptions {
  /** The root folder: every file read or written lies inside it (symbolic links resolved). */
  root: string;
  /** Where the key, the base URL and the budget come from (`process.env`). */
  env: NodeJS.ProcessEnv;
  /** Where log lines go (stderr); the key is cut out of every line before it gets here. */
  log: Logger;
  /** `{ name: 'pictor', version }`, recorded in every sidecar. */
  generator: { name: string; version: string };
}

/** How one run is watched: cancellation and progress lines. */
export interface RunControl {
  signal: AbortSignal;
  progress?: ProgressSink;
}

/** `pictor.regenerateFromSidecar`'s options that make sense outside VS Code. */
export interface RegenerateOptions {
  count?: number;
  /** Use inputs that changed since the image was made (otherwise `badInput`). */
  allowChangedInputs?: boolean;
  /** Another model than the recorded one. */
  model?: string;
}

/**
 * The pipeline hosted in plain Node (the CLI and the MCP server): the same spec builders, request
 * builder, client, writer and sidecars as in VS Code, over the Node file port and the environment.
 * Everything that can be refused (arguments, files, folders, the key, the budget) is refused before the
 * first request.
 */
export class NodeHost {
  readonly port: NodeFilePort;
  readonly writer: ImageWriter<string>;
  readonly log: Logger;
  /** Recorded in every sidecar. */
  readonly generator: { name: string; version: string };
  private spend: SpendGuard | undefined;

  constructor(private readonly options: NodeHostOptions) {
    this.generator = options.generator;
    this.port = new NodeFilePort(options.root);
    this.log = redacting(options.log, () => keysIn(options.env));
    this.writer = new ImageWriter(this.port, this.log);
    this.writer.addFinalizer(embedProvenanceStep(() => SETTING_DEFAULTS.embedProvenance));
  }

  /** What the spec builders need: this root, built-in and root presets, the settings' defaults. */
  get sources(): SpecSources<string> {
    return {
      port: this.port,
      defaults: {
        model: () => DEFAULT_MODEL,
        aspectRatio: () => SETTING_DEFAULTS.aspectRatio,
        imageSize: () => SETTING_DEFAULTS.imageSize,
        outputFolder: () => SETTING_DEFAULTS.outputFolder,
        editBesideOriginal: () => SETTING_DEFAULTS.editBesideOriginal,
      },
      preset: (id) => presetFromRoot(this.port, id, this.log),
      locate: (reference) => this.port.locate(reference),
      outputDir: (relative) => this.port.outputDir(relative),
    };
  }

  /**
   * `pictor.generate` with an argument object (the same schema; `cancellationToken` and `confirmCost`
   * have no meaning here).
   * @throws PictorError with the code of what went wrong (`badInput` before any request, …).
   */
  async generate(rawArgs: unknown, control: RunControl): Promise<GenerationOutcome<string>> {
    const args = parseGenerateArgs(rawArgs);
    const { spec, plan } = await specFromGenerateArgs(args, this.sources);
    return this.execute(spec, plan, postprocessingOf(args, SETTING_DEFAULTS.keepMatteSources), control);
  }

  /**
   * `pictor.editImage`: one image (`image`: a root-relative path) and an instruction; `references` are
   * further images sent with it.
   * @throws PictorError('badInput') for a missing image or one outside the root, before any request.
   */
  async edit(image: string, rawArgs: unknown, control: RunControl, references: readonly string[] = []): Promise<GenerationOutcome<string>> {
    const args = parseArgs(editArgsSchema, rawArgs, 'edit');
    const { spec, plan } = await editSpecFor(this.port.locate(image), args, this.sources);
    // More images to take from (a style, an object to add) go in after the source.
    for (const reference of references) spec.inputs.push(await readInputImageAt(this.port, this.port.locate(reference), 'reference'));
    return this.execute(spec, plan, undefined, control);
  }

  /**
   * `pictor.regenerateFromSidecar`: the recorded request again (`target`: an image or its sidecar); the
   * new image goes beside it.
   * @throws PictorError('badInput') when there is no record, or its inputs changed without `allowChangedInputs`.
   */
  async regenerate(target: string, options: RegenerateOptions, control: RunControl): Promise<GenerationOutcome<string>> {
    const location = this.port.locate(target);
    await this.port.checkBoundary(location);
    const { sidecar } = await requireRecordAt(this.port, location);
    assertModelAvailable(options.model ?? sidecar.model);
    const { spec, changed } = await replaySpec(sidecar, options.count ?? 1, this.port, (recorded) => this.port.locate(recorded), options.model);
    if (changed.length && !options.allowChangedInputs) {
      throw new PictorError('badInput', `These inputs changed since the image was made: ${changed.join(', ')}. Pass --allow-changed-inputs to use them as they are now.`);
    }
    const image = imageLocationFor(this.port, location);
    return this.execute(spec, planBeside(this.port, image, sidecar), replayPostprocessing(sidecar, SETTING_DEFAULTS.keepMatteSources), control);
  }

  /** A client with the key from the environment; throws PictorError('missingKey') naming GEMINI_API_KEY. */
  client(): GeminiClient {
    const key = apiKeyFrom(this.options.env);
    return new GeminiClient({
      apiKey: key.value,
      baseUrl: baseUrlFrom(this.options.env),
      timeoutSeconds: SETTING_DEFAULTS.requestTimeoutSeconds,
      retry: { maxRetries: SETTING_DEFAULTS.maxRetries, baseDelayMs: 1000, maxDelayMs: 30_000 },
      log: this.log,
    });
  }

  /** The same deps the VS Code host gives the pipeline; the budget applies when one is set. */
  deps(client: GeminiClient): PipelineDeps<string> {
    const spend = this.spendGuard();
    return {
      client,
      log: this.log,
      generator: this.options.generator,
      maxConcurrent: SETTING_DEFAULTS.maxConcurrentRequests,
      writer: this.writer,
      ...(spend ? { approveCost: (estimate: CostEstimate) => spend.approve(estimate, { interactive: false, confirmCost: false }) } : {}),
    };
  }

  private async execute(spec: GenerationSpec, plan: OutputPlan<string>, postprocessing: Postprocessing | undefined, control: RunControl): Promise<GenerationOutcome<string>> {
    // The spec as sent (the tier a model offers, storage off): what is priced is what is paid for.
    const sent = withServiceSettings(spec, { serviceTier: 'standard', allowRequestStorage: false });
    // Bad input is reported before a missing key: the caller fixes one thing at a time, in order.
    validateSpec(sent);
    await this.writer.checkOutputDirectory(plan.dir);
    const deps = this.deps(this.client());
    const hooks = control.progress ? { progress: control.progress } : {};
    return postprocessing ? runPostprocessedGeneration(sent, plan, deps, control.signal, hooks, postprocessing) : runGeneration(sent, plan, deps, control.signal, hooks);
  }

  /**
   * Batch jobs of this root; their records are kept in `<root>/.pictor/batch/` with root-relative
   * locations, so a job submitted in one CI step can be downloaded in another.
   */
  batches(): BatchService<string> {
    const spend = this.spendGuard();
    return new BatchService<string>({
      storageDir: path.join(this.port.root, '.pictor', 'batch'),
      log: this.log,
      generator: this.options.generator,
      client: async () => this.client(),
      resolveSpec: (args) => specFromGenerateArgs(args, this.sources),
      writer: this.writer,
      locations: { store: (location) => this.port.relativePath(location), parse: (stored) => this.port.locate(stored) },
      locate: (reference) => this.port.locate(reference),
      ...(spend ? { approveCost: (estimate: CostEstimate) => spend.approve(estimate, { interactive: false, confirmCost: false }) } : {}),
    });
  }

  /**
   * The spend check and ledger: with `PICTOR_BUDGET_MONTHLY_USD` a run that would pass it is refused with
   * `budget`; with a budget or `PICTOR_LEDGER_DIR` each paid call is recorded in the ledger (the extension
   * hands its own folder to the MCP server it starts, so one month's spending counts every call).
   */
  private spendGuard(): SpendGuard | undefined {
    const env = this.options.env;
    if (monthlyBudgetFrom(env) === undefined && !env[LEDGER_DIR_VARIABLE]?.trim()) return undefined;
    this.spend ??= new SpendGuard(
      new LedgerFile(ledgerDirFrom(env)),
      this.log,
      () => ({ monthlyUsd: monthlyBudgetFrom(env), confirmAboveUsd: Infinity, budgetName: BUDGET_VARIABLE }),
      async () => true,
    );
    return this.spend;
  }
}

function keysIn(env: NodeJS.ProcessEnv): string[] {
  return [env.GEMINI_API_KEY, env.GOOGLE_API_KEY].filter((key): key is string => !!key?.trim()).map((key) => key.trim());
}

/** Every line with the key(s) cut out, whatever wrote it. */
function redacting(base: Logger, secrets: () => string[]): Logger {
  const clean = (message: string) => redact(message, secrets());
  return {
    trace: (m) => base.trace(clean(m)),
    debug: (m) => base.debug(clean(m)),
    info: (m) => base.info(clean(m)),
    warn: (m) => base.warn(clean(m)),
    error: (m) => base.error(clean(m)),
  };
}
