import * as z from 'zod/mini';

/**
 * One paid call Pictor made, as kept in the spend ledger (one JSON object per line, one file per
 * local calendar month). `usd` is what the service's token counts say it cost, or the estimate when
 * the service sent no counts.
 */
export const ledgerEntrySchema = z.object({
  /** ISO 8601 time of the answer. */
  at: z.string(),
  model: z.string(),
  usd: z.number().check(z.nonnegative()),
  images: z.int().check(z.nonnegative()),
  /** `usage` when priced from the service's token counts, `estimate` otherwise. */
  basis: z.enum(['usage', 'estimate']),
});

export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;

/** `YYYY-MM` of the local calendar month `date` falls in. */
export function localMonth(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}`;
}

/** `YYYY-MM-DD` of the local calendar day `date` falls in. */
export function localDay(date: Date): string {
  return `${localMonth(date)}-${pad(date.getDate())}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** One ledger line, newline included. */
export function serializeLedgerEntry(entry: LedgerEntry): string {
  return `${JSON.stringify(entry)}\n`;
}

/** Every valid line of a ledger file; a torn or foreign line is skipped, not fatal. */
export function parseLedger(text: string): LedgerEntry[] {
  const entries: LedgerEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const parsed = ledgerEntrySchema.safeParse(JSON.parse(line));
      if (parsed.success) entries.push(parsed.data);
    } catch {
      // A line cut short by a crash: the rest of the ledger still counts.
    }
  }
  return entries;
}

/** Sum of `usd` over the entries, to the micro-dollar. */
export function totalUsd(entries: readonly { usd: number }[]): number {
  return Math.round(entries.reduce((sum, e) => sum + e.usd, 0) * 1e6) / 1e6;
}
