import type * as vscode from 'vscode';
import pLimit from 'p-limit';
import { PictorError, cancelled } from '../../core/errors';
import type { Grounding } from '../../core/grounding';
import type { GenerationSpec } from '../../core/spec';
import { runGeneration, type OutputPlan, type SavedImage } from '../../pipeline';
import { runPostprocessedGeneration } from '../../postprocess';
import type { Services } from '../../services';
import { keepMatteSources, maxConcurrentRequests } from '../../workspace/settings';

/** What a variant run reports, as it happens. */
export interface VariantSink {
  /** `grounding`: the search grounding of the answer the image came from, when it was grounded. */
  saved(index: number, image: SavedImage<vscode.Uri>, grounding?: Grounding): void;
  failed(index: number, error: PictorError): void;
}

interface Run {
  controllers: AbortController[];
  /** Variants whose image arrived: a cancel leaves them alone (they are kept). */
  arrived: Set<number>;
}

/**
 * The Studio's runs. Each variant is its own run of the one pipeline (count 1), so each image shows as
 * soon as its request is saved (the pipeline's `onImage`), each failure stays with its variant, and a
 * Cancel stops only the variants still running: what arrived is kept.
 */
export class StudioRuns {
  private readonly runs = new Map<number, Run>();

  constructor(private readonly services: Services) {}

  /**
   * Runs `variants` requests for `spec`, at most `pictor.maxConcurrentRequests` at once.
   * @returns how many variants were saved and how many failed (a cancelled one counts as failed)
   * @throws PictorError `missingKey` before any request when no key is set
   */
  async start(
    runId: number,
    spec: GenerationSpec,
    plan: OutputPlan<vscode.Uri>,
    variants: number,
    sink: VariantSink,
    options: { transparent?: boolean } = {},
  ): Promise<{ saved: number; failed: number }> {
    const key = await this.services.requireKey();
    await this.services.writer.checkOutputDirectory(plan.dir);
    const client = this.services.clientFor(key);
    const run: Run = { controllers: Array.from({ length: variants }, () => new AbortController()), arrived: new Set() };
    this.runs.set(runId, run);
    const limit = pLimit(Math.max(1, maxConcurrentRequests()));
    const deps = { client, log: this.services.log, generator: this.services.generator, maxConcurrent: 1, writer: this.services.writer };
    let saved = 0;
    try {
      await Promise.all(
        run.controllers.map((controller, index) =>
          limit(async () => {
            try {
              if (controller.signal.aborted) throw cancelled();
              const hooks = {
                onImage: (image: SavedImage<vscode.Uri>, grounding?: Grounding) => {
                  run.arrived.add(index);
                  saved++;
                  sink.saved(index, image, grounding);
                },
              };
              const one = { ...spec, count: 1 };
              if (options.transparent) {
                await runPostprocessedGeneration(one, plan, deps, controller.signal, hooks, { background: 'transparent', keepSources: keepMatteSources() });
              } else {
                await runGeneration(one, plan, deps, controller.signal, hooks);
              }
            } catch (error) {
              sink.failed(index, PictorError.from(error));
            }
          }),
        ),
      );
    } finally {
      this.runs.delete(runId);
    }
    return { saved, failed: variants - saved };
  }

  /** Stops the variants of a run that have not arrived yet. */
  cancel(runId: number): void {
    const run = this.runs.get(runId);
    run?.controllers.forEach((controller, index) => {
      if (!run.arrived.has(index)) controller.abort();
    });
  }

  cancelAll(): void {
    for (const runId of this.runs.keys()) this.cancel(runId);
  }
}
