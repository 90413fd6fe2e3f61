import { localDay, totalUsd } from './ledger';

/**
 * One priced unit of spend: an image from a sidecar, or a result of a batch job. `requestId` groups
 * images that came from one request (a response id), so requests are counted once.
 */
export interface CostRecord {
  /** ISO 8601 time it was made. */
  at: string;
  model: string;
  /** Dollars, or null when unknown. */
  usd: number | null;
  images: number;
  requestId?: string | null;
}

/** What `pictor.spend.summary` resolves to: public API. */
export interface SpendSummary {
  totalUsd: number;
  images: number;
  requests: number;
  byModel: Record<string, { usd: number; images: number }>;
  /** Days with spend, oldest first; `date` is the local `YYYY-MM-DD`. */
  byDay: Array<{ date: string; usd: number; images: number }>;
  /** Images whose cost is null. */
  unknown: number;
}

export interface SpendRange {
  /** Local `YYYY-MM-DD`, inclusive. */
  since?: string;
  /** Local `YYYY-MM-DD`, inclusive. */
  until?: string;
}

/** Sums records made within `range` (local days, inclusive; no bound = all time). */
export function summarizeSpend(records: readonly CostRecord[], range: SpendRange = {}): SpendSummary {
  const byModel: SpendSummary['byModel'] = {};
  const days = new Map<string, { usd: number; images: number }>();
  const requestIds = new Set<string>();
  let anonymousRequests = 0;
  let images = 0;
  let unknown = 0;
  const priced: { usd: number }[] = [];
  for (const record of records) {
    const made = new Date(record.at);
    if (Number.isNaN(made.getTime())) continue;
    const day = localDay(made);
    if ((range.since && day < range.since) || (range.until && day > range.until)) continue;
    images += record.images;
    if (record.requestId) requestIds.add(record.requestId);
    else anonymousRequests++;
    if (record.usd === null) unknown += record.images;
    const usd = record.usd ?? 0;
    priced.push({ usd });
    const model = (byModel[record.model] ??= { usd: 0, images: 0 });
    model.usd = round(model.usd + usd);
    model.images += record.images;
    const date = days.get(day) ?? { usd: 0, images: 0 };
    days.set(day, { usd: round(date.usd + usd), images: date.images + record.images });
  }
  return {
    totalUsd: totalUsd(priced),
    images,
    requests: requestIds.size + anonymousRequests,
    byModel,
    byDay: [...days.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([date, d]) => ({ date, ...d })),
    unknown,
  };
}

const round = (usd: number) => Math.round(usd * 1e6) / 1e6;

/** `YYYY-MM-DD` that is a real calendar date. */
export function isLocalDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return date.getMonth() === Number(match[2]) - 1 && date.getDate() === Number(match[3]);
}
