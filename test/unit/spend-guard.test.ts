import * as assert from 'node:assert/strict';
import { estimateCost, type CostEstimate } from '../../src/core/estimate';
import type { LedgerEntry } from '../../src/core/ledger';
import { PRO_MODEL } from '../../src/core/models';
import { silentLogger } from '../../src/core/log';
import { SpendGuard } from '../../src/spend/guard';
import type { LedgerStore } from '../../src/workspace/ledger-store';

/** A ledger in memory with the store's contract: entries appended, month total summed. */
function memoryLedger(): { store: LedgerStore; entries: LedgerEntry[] } {
  const entries: LedgerEntry[] = [];
  const store = {
    append: async (entry: LedgerEntry) => void entries.push(entry),
    monthTotalUsd: async () => Math.round(entries.reduce((sum, e) => sum + e.usd, 0) * 1e6) / 1e6,
    onDidAppend: () => ({ dispose() {} }),
  } as unknown as LedgerStore;
  return { store, entries };
}

const run = (usd: number): CostEstimate => ({ usd, perImage: usd, images: 1, calls: 1, tier: 'standard', basis: 'test' });
const code = async (promise: Promise<unknown>) => promise.then(() => 'ok', (error: { code?: string }) => error.code);

describe('spend guard', () => {
  it('does not let two runs in flight both take the last of the budget', async () => {
    const { store } = memoryLedger();
    const guard = new SpendGuard(store, silentLogger, () => ({ monthlyUsd: 0.1, confirmAboveUsd: 1 }), async () => true);
    const [first, second] = await Promise.allSettled([guard.approve(run(0.06), { interactive: false }), guard.approve(run(0.06), { interactive: false })]);
    assert.equal(first.status, 'fulfilled');
    assert.equal(second.status, 'rejected');
    assert.equal((second as PromiseRejectedResult).reason.code, 'budget');
  });

  it('records each answered call and frees what a run did not spend', async () => {
    const { store, entries } = memoryLedger();
    const guard = new SpendGuard(store, silentLogger, () => ({ monthlyUsd: 0.1, confirmAboveUsd: 1 }), async () => true);
    const reservation = await guard.approve(run(0.08), { interactive: false });
    reservation.record({ model: PRO_MODEL, usd: 0.03, estimateUsd: 0.04, images: 1 });
    reservation.record({ model: PRO_MODEL, usd: null, estimateUsd: 0.04, images: 1 });
    reservation.release();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(
      entries.map((e) => [e.usd, e.basis]),
      [
        [0.03, 'usage'],
        [0.04, 'estimate'],
      ],
    );
    // 0.07 spent: 0.03 left.
    assert.equal(await code(guard.approve(run(0.04), { interactive: false })), 'budget');
    assert.equal(await code(guard.approve(run(0.03), { interactive: false })), 'ok');
  });

  it('asks in the UI above the threshold and refuses an unconfirmed script', async () => {
    const { store } = memoryLedger();
    let asked = 0;
    let answer = false;
    const guard = new SpendGuard(store, silentLogger, () => ({ confirmAboveUsd: 0.5 }), async () => (asked++, answer));
    const costly = estimateCost({ model: PRO_MODEL, imageSize: '4K', count: 4, prompt: 'poster' });
    assert.ok((costly.usd ?? 0) > 0.5);
    assert.equal(await code(guard.approve(costly, { interactive: true })), 'cancelled');
    answer = true;
    assert.equal(await code(guard.approve(costly, { interactive: true })), 'ok');
    assert.equal(asked, 2);
    assert.equal(await code(guard.approve(costly, { interactive: false })), 'budget');
    assert.equal(await code(guard.approve(costly, { interactive: false, confirmCost: false })), 'ok');
    assert.equal(await code(guard.approve(run(0.1), { interactive: true })), 'ok');
    assert.equal(asked, 2, 'a cheap run is not asked about');
  });

  it('asks only once the run\'s other checks passed', async () => {
    const { store } = memoryLedger();
    let asked = 0;
    const guard = new SpendGuard(store, silentLogger, () => ({ confirmAboveUsd: 0.5 }), async () => (asked++, true));
    const costly = estimateCost({ model: PRO_MODEL, imageSize: '4K', count: 4, prompt: 'poster' });
    const folderRefused = Promise.reject(new Error('not a folder'));
    await assert.rejects(guard.approve(costly, { interactive: true }, folderRefused), /not a folder/);
    assert.equal(asked, 0, 'no question about a run that cannot happen');
    assert.equal(await code(guard.approve(costly, { interactive: true }, Promise.resolve())), 'ok');
    assert.equal(asked, 1);
  });
});
