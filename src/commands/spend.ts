import * as vscode from 'vscode';
import * as z from 'zod/mini';
import type { CostEstimate } from '../core/estimate';
import { PictorError } from '../core/errors';
import { generateArgsSchema, parseArgs } from '../core/spec';
import { isLocalDate, type SpendSummary } from '../core/spend-summary';
import { specCost } from '../pipeline';
import type { Services } from '../services';
import type { SpendReport } from '../spend/report';
import { specFromArgs } from '../ui/generation-spec';
import { asSent } from './run';

const localDate = z.string().check(z.refine(isLocalDate, 'must be a date as YYYY-MM-DD'));

/** The argument object of `pictor.spend.summary`: public API. */
export const spendSummaryArgsSchema = z.optional(
  z.nullable(z.strictObject({ since: z.optional(localDate), until: z.optional(localDate) })),
);

/** The scripting side of spend control; the view and the status bar register in views/spend. */
export function registerSpendCommands(services: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('pictor.estimateCost', (args?: unknown) => estimate(services, args)),
    vscode.commands.registerCommand('pictor.spend.summary', (args?: unknown) => summary(services.spendReport, args)),
  ];
}

/** `pictor.estimateCost(GenerateArgs)`: what the same `pictor.generate` call would cost; sends nothing. */
async function estimate(services: Services, args: unknown): Promise<CostEstimate> {
  const parsed = parseArgs(generateArgsSchema, args, 'pictor.estimateCost');
  const { spec } = await specFromArgs(parsed, services.presets);
  return specCost(asSent(spec), parsed.background);
}

/** `pictor.spend.summary({ since?, until? })`: the workspace's spend, from its sidecars. */
async function summary(report: SpendReport, args: unknown): Promise<SpendSummary> {
  const range = parseArgs(spendSummaryArgsSchema, args, 'pictor.spend.summary') ?? {};
  if (range.since && range.until && range.since > range.until) {
    throw new PictorError('badInput', 'Invalid arguments for pictor.spend.summary: since must not be after until.');
  }
  return report.summary(range);
}
