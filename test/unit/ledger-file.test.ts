import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { serializeLedgerEntry, type LedgerEntry } from '../../src/core/ledger';
import { LedgerFile } from '../../src/spend/ledger-file';

describe('ledger file', () => {
  let dir: string;
  const at = new Date(2026, 10, 15, 12).toISOString();
  const entry = (usd: number): LedgerEntry => ({ at, model: 'gemini-3-pro-image', usd, images: 1, basis: 'usage' });
  const file = () => path.join(dir, 'spend-2026-11.jsonl');
  const november = new Date(2026, 10, 20);
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pictor-ledger-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('sees what another process appends, a line cut short only once it is complete', async () => {
    const mine = new LedgerFile(dir);
    await mine.append(entry(0.134));
    assert.equal(await mine.monthTotalUsd(november), 0.134);
    // Another process appends one whole line and half of the next.
    const line = serializeLedgerEntry(entry(0.24));
    fs.appendFileSync(file(), line + line.slice(0, 20));
    assert.equal(await mine.monthTotalUsd(november), 0.374);
    fs.appendFileSync(file(), line.slice(20));
    assert.equal(await mine.monthTotalUsd(november), 0.614);
    assert.equal((await mine.entriesOfMonth(november)).length, 3);
  });

  it('reads the month again whole when the file was replaced or rewritten, and nothing when it is gone', async () => {
    const mine = new LedgerFile(dir);
    for (const usd of [1, 2, 3]) await mine.append(entry(usd));
    assert.equal(await mine.monthTotalUsd(november), 6);
    // Rewritten in place with fewer lines (an edit by hand).
    fs.writeFileSync(file(), serializeLedgerEntry(entry(0.5)));
    assert.equal(await mine.monthTotalUsd(november), 0.5);
    // Replaced by another file of the same size.
    const replacement = path.join(dir, 'other.jsonl');
    fs.writeFileSync(replacement, serializeLedgerEntry(entry(0.7)));
    fs.renameSync(replacement, file());
    assert.equal(await mine.monthTotalUsd(november), 0.7);
    fs.rmSync(file());
    assert.equal(await mine.monthTotalUsd(november), 0);
  });

  it('counts its own appends once, whether or not another process appended in between', async () => {
    const mine = new LedgerFile(dir);
    await mine.append(entry(1));
    assert.equal(await mine.monthTotalUsd(november), 1);
    await mine.append(entry(2));
    assert.equal(await mine.monthTotalUsd(november), 3);
    await mine.append(entry(4));
    fs.appendFileSync(file(), serializeLedgerEntry(entry(8)));
    await mine.append(entry(16));
    assert.equal(await mine.monthTotalUsd(november), 31);
    assert.equal(await new LedgerFile(dir).monthTotalUsd(november), 31, 'as a fresh reader of the file sees it');
  });

  it('counts each appended line once when reads overlap', async () => {
    const mine = new LedgerFile(dir);
    await mine.append(entry(1));
    fs.appendFileSync(file(), serializeLedgerEntry(entry(2)) + serializeLedgerEntry(entry(4)));
    const totals = await Promise.all([mine.monthTotalUsd(november), mine.monthTotalUsd(november), mine.entriesOfMonth(november)]);
    assert.deepEqual(totals.slice(0, 2), [7, 7]);
    assert.equal((totals[2] as LedgerEntry[]).length, 3);
  });
});
