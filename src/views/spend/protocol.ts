/**
 * The message protocol between the spend view's host (src/views/spend) and its webview
 * (webview/spend). Both sides validate what they receive with these schemas.
 */
import * as z from 'zod/mini';

const localDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));

/** Webview → host. */
export const fromSpendWebviewSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('range'), since: z.optional(localDate), until: z.optional(localDate) }),
  z.strictObject({ type: z.literal('openBudgetSetting') }),
]);
export type FromSpendWebview = z.infer<typeof fromSpendWebviewSchema>;

const money = z.number().check(z.nonnegative());
const count = z.int().check(z.nonnegative());

/** Host → webview: the report for the chosen range, and this month's ledger total against the budget. */
export const toSpendWebviewSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('report'),
    range: z.strictObject({ since: z.optional(localDate), until: z.optional(localDate) }),
    summary: z.strictObject({
      totalUsd: money,
      images: count,
      requests: count,
      byModel: z.record(z.string(), z.strictObject({ usd: money, images: count })),
      byDay: z.array(z.strictObject({ date: localDate, usd: money, images: count })),
      unknown: count,
    }),
    month: z.strictObject({ usd: money, budgetUsd: z.nullable(money) }),
  }),
  z.strictObject({ type: z.literal('error'), message: z.string() }),
]);
export type ToSpendWebview = z.infer<typeof toSpendWebviewSchema>;
