import * as assert from 'node:assert/strict';
import { judgeSpend } from '../../src/core/budget';
import { approximateTokens, costOfUsage, estimateCost, formatUsd, INPUT_IMAGE_TOKENS } from '../../src/core/estimate';
import { BLACK_BACKGROUND_EDIT, onWhiteBackground } from '../../src/core/postprocess-plan';
import type { Conversation } from '../../src/core/conversation';
import { estimateChatTurn, historyLoad } from '../../src/core/conversation-cost';
import { localDay, localMonth, parseLedger, serializeLedgerEntry, totalUsd } from '../../src/core/ledger';
import { DEFAULT_MODEL, LITE_MODEL, PRO_MODEL, currentModels, modelInfo } from '../../src/core/models';
import { priceSheetFor, type PriceTier } from '../../src/core/price-sheet';
import { isLocalDate, summarizeSpend } from '../../src/core/spend-summary';
import { batchCostRecords } from '../../src/batch/cost-records';
import type { BatchJobRecord } from '../../src/batch/store';

/** The catalog's own numbers, so the tests check the arithmetic, not a copy of the price table. */
function sheet(model: string) {
  const found = priceSheetFor(model);
  assert.ok(found, `${model} has a price`);
  return found;
}
function tier(model: string, name: PriceTier) {
  const prices = sheet(model).tiers[name];
  assert.ok(prices, `${model} has a ${name} price`);
  return prices;
}

const outputUsd = (model: string, size: string, images: number, t: PriceTier = 'standard') =>
  (images * (sheet(model).imageTokens[size] ?? NaN) * tier(model, t).imageOutputPerMillion) / 1e6;
const inputUsd = (model: string, tokens: number, t: PriceTier = 'standard') => (tokens * tier(model, t).inputPerMillion) / 1e6;
const close = (actual: number | null, expected: number) => assert.ok(actual !== null && Math.abs(actual - expected) < 1e-6, `${actual} ≈ ${expected}`);

/** Every model the catalog prices and offers today (retired ones cannot be run). */
const PRICED = currentModels().filter((m) => m.prices);

describe('cost estimator', () => {
  const prompt = 'a red fox'; // 9 characters → 3 tokens

  it('covers the current models, the default among them', () => {
    const ids = PRICED.map((m) => m.id);
    for (const id of [DEFAULT_MODEL, PRO_MODEL, LITE_MODEL]) assert.ok(ids.includes(id), id);
  });

  for (const model of PRICED) {
    for (const size of model.sizes) {
      it(`prices ${model.id} at ${size}: images × tokens per image at the image rate, plus the prompt`, () => {
        const estimate = estimateCost({ model: model.id, imageSize: size, count: 2, prompt });
        close(estimate.usd, outputUsd(model.id, size, 2) + inputUsd(model.id, 2 * 3));
        close(estimate.perImage, (estimate.usd ?? NaN) / 2);
        assert.equal(estimate.images, 2);
        assert.equal(estimate.calls, 2);
        assert.equal(estimate.tier, 'standard');
        assert.match(estimate.basis, new RegExp(`${model.id.replace(/\./g, '\\.')}.*${size}`));
      });
    }
    for (const t of ['flex', 'batch'] as const) {
      const offered = !!model.prices?.[t];
      it(`${offered ? 'prices' : 'has no price for'} ${model.id} in the ${t} tier`, () => {
        const size = model.sizes[0]!;
        const estimate = estimateCost({ model: model.id, imageSize: size, count: 3, prompt, inputImages: 2, tier: t });
        assert.equal(estimate.tier, t);
        if (!offered) {
          assert.equal(estimate.usd, null);
          assert.match(estimate.basis, new RegExp(`no ${t} price`));
          return;
        }
        close(estimate.usd, outputUsd(model.id, size, 3, t) + inputUsd(model.id, 3 * (3 + 2 * INPUT_IMAGE_TOKENS), t));
        const standard = estimateCost({ model: model.id, imageSize: size, count: 3, prompt, inputImages: 2 });
        assert.ok((estimate.usd ?? Infinity) < (standard.usd ?? 0), `${t} is cheaper than standard`);
        assert.match(estimate.basis, new RegExp(`${t} tier`));
      });
    }
  }

  it('charges half for a batch job, as the pricing page says', () => {
    const standard = estimateCost({ model: PRO_MODEL, imageSize: '2K', count: 4, prompt });
    const batch = estimateCost({ model: PRO_MODEL, imageSize: '2K', count: 4, prompt, tier: 'batch' });
    close(batch.usd, (standard.usd ?? NaN) / 2);
  });

  it('gives Pro 4K images their larger token count', () => {
    const k1 = estimateCost({ model: PRO_MODEL, imageSize: '1K', count: 1, prompt });
    const k4 = estimateCost({ model: PRO_MODEL, imageSize: '4K', count: 1, prompt });
    assert.ok((k4.usd ?? 0) > (k1.usd ?? Infinity));
  });

  it('uses the model default size when none is given', () => {
    const model = modelInfo(DEFAULT_MODEL);
    close(estimateCost({ model: DEFAULT_MODEL, count: 1, prompt }).usd, outputUsd(DEFAULT_MODEL, model.sizes[0]!, 1) + inputUsd(DEFAULT_MODEL, 3));
  });

  it('counts input images at the input rate, per request', () => {
    const none = estimateCost({ model: DEFAULT_MODEL, count: 2, prompt });
    const three = estimateCost({ model: DEFAULT_MODEL, count: 2, prompt, inputImages: 3 });
    close((three.usd ?? 0) - (none.usd ?? 0), inputUsd(DEFAULT_MODEL, 2 * 3 * INPUT_IMAGE_TOKENS));
  });

  it('counts two calls per image for a transparent background', () => {
    const opaque = estimateCost({ model: DEFAULT_MODEL, imageSize: '1K', count: 1, prompt });
    const transparent = estimateCost({ model: DEFAULT_MODEL, imageSize: '1K', count: 1, prompt, background: 'transparent' });
    assert.equal(transparent.calls, 2);
    assert.equal(transparent.images, 1);
    // Twice the image output; the prompt, then the edit instruction with the first image read back by the second call.
    close(transparent.usd, outputUsd(DEFAULT_MODEL, '1K', 2) + inputUsd(DEFAULT_MODEL, 3 + approximateTokens(BLACK_BACKGROUND_EDIT) + INPUT_IMAGE_TOKENS));
    assert.ok((transparent.usd ?? 0) > 2 * (opaque.usd ?? 0) - 1e-9);
  });

  it('says so instead of guessing for a model without a price', () => {
    const estimate = estimateCost({ model: 'my-tuned-model', count: 2, prompt });
    assert.equal(estimate.usd, null);
    assert.equal(estimate.perImage, null);
    assert.equal(estimate.images, 2);
    assert.match(estimate.basis, /No price is known for my-tuned-model/);
  });

  it('prices an answer from the service token counts, thinking billed as output text', () => {
    const s = tier(PRO_MODEL, 'standard');
    const perImage = sheet(PRO_MODEL).imageTokens['1K'] ?? NaN;
    const usd = costOfUsage(PRO_MODEL, { promptTokens: 100, outputTokens: perImage + 50, thoughtTokens: 200 }, 1, '1K');
    close(usd, (100 * s.inputPerMillion + perImage * s.imageOutputPerMillion + 250 * s.textOutputPerMillion) / 1e6);
    assert.equal(costOfUsage(PRO_MODEL, { promptTokens: null, outputTokens: 10 }, 1), null);
    const b = tier(PRO_MODEL, 'batch');
    close(costOfUsage(PRO_MODEL, { promptTokens: 100, outputTokens: perImage }, 1, '1K', 'batch'), (100 * b.inputPerMillion + perImage * b.imageOutputPerMillion) / 1e6);
  });

  it('formats dollars the way the log shows them', () => {
    assert.equal(formatUsd(0.0336), '$0.0336');
    assert.equal(formatUsd(0.039), '$0.0390');
    assert.equal(formatUsd(12.5), '$12.50');
    assert.equal(formatUsd(null), '$?');
  });
});

describe('budget check', () => {
  const policy = { monthlyUsd: 1, confirmAboveUsd: 0.5 };
  it('passes a run that stays within the budget and below the threshold', () => {
    assert.deepEqual(judgeSpend({ usd: 0.1 }, 0.5, policy), { kind: 'ok' });
  });
  it('refuses a run that would take the month past the budget, saying what is left', () => {
    assert.deepEqual(judgeSpend({ usd: 0.3 }, 0.8, policy), { kind: 'over', usd: 0.3, leftUsd: 0.2, budgetUsd: 1 });
    assert.equal(judgeSpend({ usd: 0.04 }, 0, { monthlyUsd: 0.01, confirmAboveUsd: 0.5 }).kind, 'over');
  });
  it('asks above the confirmation threshold', () => {
    assert.deepEqual(judgeSpend({ usd: 0.6 }, 0, policy), { kind: 'confirm', usd: 0.6 });
    assert.deepEqual(judgeSpend({ usd: 0.6 }, 0, { confirmAboveUsd: 0.5 }), { kind: 'confirm', usd: 0.6 });
  });
  it('has no limit without a budget, and lets an unpriced run pass', () => {
    assert.equal(judgeSpend({ usd: 0.4 }, 1e6, { confirmAboveUsd: 0.5 }).kind, 'ok');
    assert.equal(judgeSpend({ usd: null }, 5, policy).kind, 'ok');
  });
});

describe('spend ledger', () => {
  it('round-trips entries and skips a torn line', () => {
    const a = { at: '2026-11-02T10:00:00.000Z', model: 'm', usd: 0.0336, images: 1, basis: 'usage' as const };
    const b = { ...a, usd: 0.134, basis: 'estimate' as const };
    const text = serializeLedgerEntry(a) + serializeLedgerEntry(b) + '{"at":"2026-11-0';
    assert.deepEqual(parseLedger(text), [a, b]);
    assert.equal(totalUsd(parseLedger(text)), 0.1676);
  });
  it('names local months and days', () => {
    const date = new Date(2026, 0, 5, 23, 59);
    assert.equal(localMonth(date), '2026-01');
    assert.equal(localDay(date), '2026-01-05');
  });
});

describe('spend summary', () => {
  const at = (y: number, m: number, d: number, h = 12) => new Date(y, m - 1, d, h).toISOString();
  const records = [
    { at: at(2026, 11, 1), model: 'flash', usd: 0.039, images: 1, requestId: 'r1' },
    { at: at(2026, 11, 1, 13), model: 'flash', usd: 0.039, images: 1, requestId: 'r1' },
    { at: at(2026, 11, 2), model: 'pro', usd: 0.134, images: 1, requestId: 'r2' },
    { at: at(2026, 11, 3), model: 'pro', usd: null, images: 1 },
  ];

  it('sums by model and by local day, counting requests once', () => {
    const summary = summarizeSpend(records);
    assert.equal(summary.totalUsd, 0.212);
    assert.equal(summary.images, 4);
    assert.equal(summary.requests, 3);
    assert.deepEqual(summary.byModel, { flash: { usd: 0.078, images: 2 }, pro: { usd: 0.134, images: 2 } });
    assert.deepEqual(summary.byDay, [
      { date: '2026-11-01', usd: 0.078, images: 2 },
      { date: '2026-11-02', usd: 0.134, images: 1 },
      { date: '2026-11-03', usd: 0, images: 1 },
    ]);
    assert.equal(summary.unknown, 1);
  });

  it('keeps since and until inclusive', () => {
    const summary = summarizeSpend(records, { since: '2026-11-02', until: '2026-11-02' });
    assert.equal(summary.totalUsd, 0.134);
    assert.deepEqual(summary.byDay.map((d) => d.date), ['2026-11-02']);
    assert.equal(summarizeSpend(records, { since: '2026-11-04' }).images, 0);
  });

  it('accepts only real calendar dates', () => {
    assert.ok(isLocalDate('2026-02-28'));
    assert.ok(!isLocalDate('2026-02-30'));
    assert.ok(!isLocalDate('2026-2-3'));
  });
});

describe('batch jobs in the spend report', () => {
  const request = (key: string) => ({
    key,
    spec: { prompt: `icon ${key}`, preset: 'none', model: DEFAULT_MODEL, count: 2, inputs: [] },
    dir: 'file:///w/out',
    baseName: `icon-${key}`,
  });
  const job = (changes: Partial<BatchJobRecord> = {}): BatchJobRecord => ({
    id: 'local-1',
    name: 'batches/abc',
    displayName: 'Icons',
    model: DEFAULT_MODEL,
    state: 'JOB_STATE_PENDING',
    count: 3,
    mode: 'inline',
    createdAt: '2026-11-02T10:00:00.000Z',
    updatedAt: '2026-11-02T10:00:00.000Z',
    estimatedCostUsd: 0.06,
    downloaded: false,
    fingerprint: 'f',
    requests: [request('a'), request('b'), request('c')],
    ...changes,
  });
  const perRequest = () => estimateCost({ model: DEFAULT_MODEL, count: 1, prompt: 'icon a', tier: 'batch' }).usd!;

  it('counts each request of a pending, running or finished job at its batch estimate', () => {
    for (const state of ['JOB_STATE_PENDING', 'JOB_STATE_RUNNING', 'JOB_STATE_SUCCEEDED'] as const) {
      const records = batchCostRecords(job({ state }), new Set());
      assert.equal(records.length, 3, state);
      for (const record of records) close(record.usd, perRequest());
      const summary = summarizeSpend(records);
      assert.equal(summary.images, 3);
      assert.equal(summary.requests, 3);
      close(summary.byModel[DEFAULT_MODEL]!.usd, 3 * perRequest());
    }
  });

  it('leaves out downloaded jobs and results already written, so no image counts twice', () => {
    assert.deepEqual(batchCostRecords(job({ state: 'JOB_STATE_SUCCEEDED', downloaded: true }), new Set()), []);
    const partly = batchCostRecords(job({ state: 'JOB_STATE_SUCCEEDED' }), new Set(['a', 'c']));
    assert.deepEqual(partly.map((r) => r.requestId), ['batches/abc#b']);
  });

  it('leaves out jobs that made nothing billable', () => {
    for (const state of ['JOB_STATE_FAILED', 'JOB_STATE_CANCELLED', 'JOB_STATE_EXPIRED', 'JOB_STATE_UNSPECIFIED'] as const) {
      assert.deepEqual(batchCostRecords(job({ state }), new Set()), [], state);
    }
    assert.deepEqual(batchCostRecords(job({ submitting: true }), new Set()), []);
  });
});

describe('chat turn estimate', () => {
  const image = (n: number) => ({ sha256: String(n).repeat(64).slice(0, 64), mimeType: 'image/png', bytes: 1000 });
  const settings = { model: PRO_MODEL, imageSize: '2K' as const, serviceTier: 'standard' as const };
  // Two earlier turns: 40 + 20 characters of prompts, a 400-character answer, a 200-character thought
  // (not re-read), one attachment, two answer images and a thought image.
  const conversation = {
    exchanges: [
      {
        user: { parts: [{ text: 'x'.repeat(40) }, { image: image(1) }], sentAt: '2026-11-30T10:00:00.000Z' },
        model: { parts: [{ text: 'y'.repeat(200), thought: true }, { image: image(2), thought: true }, { text: 'z'.repeat(400) }, { image: image(3) }] },
      },
      {
        user: { parts: [{ text: 'w'.repeat(20) }], sentAt: '2026-11-30T10:01:00.000Z' },
        model: { parts: [{ image: image(4) }] },
      },
    ],
  } as unknown as Conversation;

  it('counts what the next turn re-sends: earlier texts but not thoughts, and every earlier image', () => {
    assert.deepEqual(historyLoad(conversation), { turns: 2, textTokens: approximateTokens('x'.repeat(460)), images: 4 });
    assert.deepEqual(historyLoad(undefined), { turns: 0, textTokens: 0, images: 0 });
  });

  it('prices the whole history as input on top of the prompt, the attachments and the image', () => {
    const prompt = 'make it blue';
    const fresh = estimateChatTurn({ conversation: undefined, settings, prompt, attachments: 1 });
    const continued = estimateChatTurn({ conversation, settings, prompt, attachments: 1 });
    assert.equal(continued.images, 1);
    assert.equal(continued.calls, 1);
    close(fresh.usd, outputUsd(PRO_MODEL, '2K', 1) + inputUsd(PRO_MODEL, approximateTokens(prompt) + INPUT_IMAGE_TOKENS));
    close((continued.usd ?? 0) - (fresh.usd ?? 0), inputUsd(PRO_MODEL, approximateTokens('x'.repeat(460)) + 4 * INPUT_IMAGE_TOKENS));
    // The same figure the estimator gives for the equivalent spec: one estimator, not a second formula.
    const same = estimateCost({ model: PRO_MODEL, imageSize: '2K', count: 1, prompt, historyTokens: approximateTokens('x'.repeat(460)), inputImages: 5 });
    assert.equal(continued.usd, same.usd);
    const flex = estimateChatTurn({ conversation, settings: { ...settings, serviceTier: 'flex' }, prompt, attachments: 1 });
    assert.ok((flex.usd ?? 0) < (continued.usd ?? 0), 'flex is cheaper');
  });

  it('adds the edit onto black for a transparent turn, without re-sending the history with it', () => {
    const prompt = 'a logo';
    const opaque = estimateChatTurn({ conversation, settings, prompt, attachments: 0 });
    const transparent = estimateChatTurn({ conversation, settings, prompt, attachments: 0, background: 'transparent' });
    assert.equal(transparent.calls, 2);
    assert.equal(transparent.images, 1);
    const extra =
      outputUsd(PRO_MODEL, '2K', 1) +
      inputUsd(PRO_MODEL, approximateTokens(onWhiteBackground(prompt)) - approximateTokens(prompt) + approximateTokens(BLACK_BACKGROUND_EDIT) + INPUT_IMAGE_TOKENS);
    close((transparent.usd ?? 0) - (opaque.usd ?? 0), extra);
  });
});
