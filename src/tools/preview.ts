import { describeRun, type RunPreview } from '../core/agent-text';
import { judgeSpend } from '../core/budget';
import { costSpecOf, estimateCost, type CostEstimate } from '../core/estimate';
import { modelInfo } from '../core/models';
import { resolveImageSize, type GenerateArgs } from '../core/spec';
import { specCost } from '../pipeline';
import type { SpendGuard } from '../spend/guard';
import type { PresetRegistry } from '../workspace/presets';
import { asSent, specFromArgs } from '../ui/generation-spec';
import { resolveWorkspaceFile } from '../workspace/files';
import { confirmAboveUsd, defaultImageSize, monthlyBudgetUsd, usableDefaultModel } from '../workspace/settings';

/** What pricing reads: the presets (a preset's defaults change the model and size) and this month's spend. */
export interface PricingDeps {
  presets: PresetRegistry;
  spend: Pick<SpendGuard, 'monthTotalUsd'>;
}

/** A paid run before it is sent: what it will do and cost, and how the budget judges it. */
export interface PricedRun {
  preview: RunPreview;
  estimate: CostEstimate;
  /** Dollars left this month when a budget is set. */
  budgetLeftUsd?: number;
  /** The budget refuses this run: nothing to confirm, the run itself will reject with `budget`. */
  overBudget: boolean;
  /** Above `pictor.confirmAboveUsd`. */
  aboveThreshold: boolean;
}

/**
 * Prices a `pictor.generate` argument object exactly as the command will run it (presets, defaults,
 * the service tier from the settings), with the one estimator. Reads references; sends nothing.
 * @throws PictorError `badInput` for arguments the command would refuse
 */
export async function priceGenerate(services: PricingDeps, args: GenerateArgs): Promise<PricedRun> {
  const { spec } = await specFromArgs(args, services.presets);
  const sent = asSent(spec);
  const estimate = specCost(sent, args.background);
  return judge(services, { action: 'generate', modelLabel: modelInfo(sent.model).label, modelId: sent.model, prompt: args.prompt, estimate }, estimate);
}

/** Prices an edit of `image` (plus `references`) with the default model and size, as `pictor.editImage` runs it. */
export async function priceEdit(services: PricingDeps, input: { image: string; prompt: string; references?: readonly string[] }): Promise<PricedRun> {
  // A path outside the workspace is refused by the run itself; there is nothing to confirm.
  for (const file of [input.image, ...(input.references ?? [])]) resolveWorkspaceFile(file);
  const model = usableDefaultModel();
  const imageSize = resolveImageSize(model, undefined, defaultImageSize());
  const sent = asSent({ prompt: input.prompt, preset: 'none', model, ...(imageSize ? { imageSize } : {}), count: 1, inputs: [] });
  const estimate = estimateCost({ ...costSpecOf(sent), inputImages: 1 + (input.references?.length ?? 0) });
  return judge(services, { action: 'edit', modelLabel: modelInfo(model).label, modelId: model, prompt: input.prompt, estimate, image: input.image }, estimate);
}

async function judge(services: PricingDeps, preview: RunPreview, estimate: CostEstimate): Promise<PricedRun> {
  const policy = { monthlyUsd: monthlyBudgetUsd(), confirmAboveUsd: confirmAboveUsd() };
  const spent = await services.spend.monthTotalUsd();
  const verdict = judgeSpend(estimate, spent, policy);
  return {
    preview,
    estimate,
    ...(policy.monthlyUsd !== undefined ? { budgetLeftUsd: Math.max(0, policy.monthlyUsd - spent) } : {}),
    overBudget: verdict.kind === 'over',
    aboveThreshold: verdict.kind === 'confirm',
  };
}

/** The progress line and confirmation of a priced run. */
export function describePriced(run: PricedRun): ReturnType<typeof describeRun> {
  return describeRun(run.preview, run.budgetLeftUsd);
}
