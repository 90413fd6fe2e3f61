import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_MODEL, PRO_MODEL } from '../../src/core/models';
import { LedgerStore } from '../../src/workspace/ledger-store';
import type { FakeGemini } from '../fake-gemini';
import { configure, expectReject, fakeGeminiPerSuite, inWorkspace, listNames, readJson, removeIfExists, type CommandResult } from './support';

interface Summary {
  totalUsd: number;
  images: number;
  requests: number;
  byModel: Record<string, { usd: number; images: number }>;
  byDay: Array<{ date: string; usd: number; images: number }>;
  unknown: number;
}

interface Estimate {
  usd: number | null;
  perImage: number | null;
  images: number;
  calls: number;
  tier: string;
  basis: string;
}

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-6, `${what}: ${a} vs ${b}`);

describe('spend control', function () {
  this.timeout(90_000);
  const suite = fakeGeminiPerSuite();
  let fake: FakeGemini;
  beforeEach(() => {
    fake = suite.fake;
  });
  afterEach(async () => {
    await configure({ 'budget.monthlyUsd': undefined, confirmAboveUsd: undefined });
  });

  it('estimates a run without sending anything', async () => {
    const estimate = (await vscode.commands.executeCommand('pictor.estimateCost', {
      prompt: 'a lighthouse at dusk',
      model: PRO_MODEL,
      imageSize: '2K',
      count: 2,
    })) as Estimate;
    assert.equal(estimate.images, 2);
    assert.equal(estimate.calls, 2);
    assert.equal(estimate.tier, 'standard');
    assert.ok(estimate.usd !== null && estimate.usd > 0.2 && estimate.usd < 0.4, `2 Pro 2K images cost about $0.27, got ${estimate.usd}`);
    close(estimate.perImage ?? NaN, estimate.usd / 2, 'perImage');
    assert.ok(estimate.basis.includes(PRO_MODEL));
    // A transparent background is a generation and an edit per image: twice the calls.
    const transparent = (await vscode.commands.executeCommand('pictor.estimateCost', {
      prompt: 'a lighthouse at dusk',
      model: PRO_MODEL,
      imageSize: '2K',
      count: 2,
      background: 'transparent',
    })) as Estimate;
    assert.equal(transparent.images, 2);
    assert.equal(transparent.calls, 4);
    assert.ok(transparent.usd !== null && transparent.usd > 2 * estimate.usd - 1e-9, `transparent ${transparent.usd} vs opaque ${estimate.usd}`);
    assert.equal(fake.requests.length, 0);
    const bad = await expectReject('pictor.estimateCost', { prompt: 'x', count: 9 });
    assert.equal(bad.code, 'badInput');
  });

  it('sums the sidecars of several runs in pictor.spend.summary', async () => {
    await removeIfExists(inWorkspace('out', 'spend'));
    // What other tests left is counted too; what these runs add is compared with their own sidecars.
    const summarize = async () => (await vscode.commands.executeCommand('pictor.spend.summary', {})) as Summary;
    const before = await summarize();
    const runs = [
      { prompt: 'spend one', outputFolder: 'out/spend' },
      { prompt: 'spend two', count: 2, outputFolder: 'out/spend' },
      { prompt: 'spend three', model: PRO_MODEL, imageSize: '2K', outputFolder: 'out/spend' },
    ];
    for (const run of runs) {
      const result = (await vscode.commands.executeCommand('pictor.generate', run)) as CommandResult;
      assert.ok(result.images.length >= 1);
    }
    const summary = await summarize();
    const sidecars = await Promise.all((await vscode.workspace.findFiles('out/spend/*.png.json')).map((uri) => readJson(uri) as Promise<{ model: string; estimatedCostUsd: number | null }>));
    assert.equal(sidecars.length, 4);
    const known = sidecars.filter((s) => s.estimatedCostUsd !== null);
    const usdOf = (list: typeof sidecars) => list.reduce((sum, s) => sum + (s.estimatedCostUsd ?? 0), 0);
    // Each total is rounded to the micro-dollar: a difference of two may be off by two of them.
    const closeDiff = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 3e-6, `${what}: ${a} vs ${b}`);
    closeDiff(summary.totalUsd - before.totalUsd, usdOf(known), 'totalUsd');
    assert.equal(summary.images - before.images, sidecars.length);
    assert.equal(summary.unknown - before.unknown, sidecars.length - known.length);
    for (const model of [DEFAULT_MODEL, PRO_MODEL]) {
      const mine = sidecars.filter((s) => s.model === model);
      assert.equal((summary.byModel[model]?.images ?? 0) - (before.byModel[model]?.images ?? 0), mine.length, model);
      closeDiff((summary.byModel[model]?.usd ?? 0) - (before.byModel[model]?.usd ?? 0), usdOf(mine), model);
    }
    const day = summary.byDay.find((d) => d.date === today());
    assert.ok(day && day.images >= 4, 'today has the four new images');
    // The Pro image's recorded cost is the service's token count at the catalog's price: about the estimate.
    const pro = (await readJson((await vscode.workspace.findFiles('out/spend/spend-three*.json'))[0]!)) as { estimatedCostUsd: number };
    assert.ok(pro.estimatedCostUsd > 0.13 && pro.estimatedCostUsd < 0.14, `Pro 2K image ≈ $0.134, got ${pro.estimatedCostUsd}`);

    const future = (await vscode.commands.executeCommand('pictor.spend.summary', { since: '2999-01-01' })) as Summary;
    assert.deepEqual(future, { totalUsd: 0, images: 0, requests: 0, byModel: {}, byDay: [], unknown: 0 });
    const bad = await expectReject('pictor.spend.summary', { since: '2026-13-01' });
    assert.equal(bad.code, 'badInput');
  });

  it('opens Pictor: Show Spend as one panel', async () => {
    await vscode.commands.executeCommand('pictor.showSpend');
    await vscode.commands.executeCommand('pictor.showSpend');
    const spendTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label === 'Pictor Spend');
    // The tab model reaches the extension host a moment after the panel opens.
    if (!spendTabs().length) {
      await new Promise<void>((resolve) => {
        const listener = vscode.window.tabGroups.onDidChangeTabs(() => spendTabs().length && (listener.dispose(), resolve()));
        setTimeout(() => (listener.dispose(), resolve()), 5000);
      });
    }
    const tabs = spendTabs();
    assert.equal(tabs.length, 1);
    assert.ok(tabs[0]!.input instanceof vscode.TabInputWebview);
    await vscode.window.tabGroups.close(tabs);
  });

  it('refuses a run past a $0.01 budget with budget, before any request', async () => {
    await configure({ 'budget.monthlyUsd': 0.01 });
    fake.reset();
    const error = await expectReject('pictor.generate', { prompt: 'over budget', outputFolder: 'out/budget' });
    assert.equal(error.code, 'budget');
    assert.match(error.message, /left/);
    const chat = await expectReject('pictor.chat.send', { prompt: 'over budget in a chat' });
    assert.equal(chat.code, 'budget');
    assert.equal(fake.requests.length, 0, 'nothing reached the service');
    assert.deepEqual(await listNames(inWorkspace('out', 'budget')), []);
  });

  it('asks scripts to confirm above pictor.confirmAboveUsd', async () => {
    await configure({ confirmAboveUsd: 0.01 });
    fake.reset();
    const error = await expectReject('pictor.generate', { prompt: 'costly', outputFolder: 'out/confirm' });
    assert.equal(error.code, 'budget');
    assert.match(error.message, /confirmCost: false/);
    assert.equal(fake.requests.length, 0);
    const result = (await vscode.commands.executeCommand('pictor.generate', { prompt: 'costly', outputFolder: 'out/confirm', confirmCost: false })) as CommandResult;
    assert.equal(result.images.length, 1);
  });

  it('does not let a workspace setting raise the budget', async () => {
    await configure({ 'budget.monthlyUsd': 0.01 });
    const settingsFile = inWorkspace('.vscode', 'settings.json');
    try {
      await vscode.workspace.fs.writeFile(
        settingsFile,
        new TextEncoder().encode(JSON.stringify({ 'pictor.budget.monthlyUsd': 1000, 'pictor.confirmAboveUsd': 1000 })),
      );
      // Give the configuration service a moment to pick up the file.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      fake.reset();
      const error = await expectReject('pictor.generate', { prompt: 'workspace raise', outputFolder: 'out/raise' });
      assert.equal(error.code, 'budget');
      assert.equal(fake.requests.length, 0);
    } finally {
      await removeIfExists(inWorkspace('.vscode'));
    }
  });
});

describe('spend ledger', function () {
  this.timeout(30_000);

  it('keeps every entry when two windows append at the same time', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pictor-ledger-'));
    const windows = [new LedgerStore(vscode.Uri.file(dir)), new LedgerStore(vscode.Uri.file(dir))];
    try {
      const at = new Date().toISOString();
      await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          windows[i % 2]!.append({ at, model: DEFAULT_MODEL, usd: 0.0387, images: 1, basis: 'usage' }),
        ),
      );
      const entries = await windows[0]!.entriesOfMonth();
      assert.equal(entries.length, 100);
      close(await windows[1]!.monthTotalUsd(), 3.87, 'month total');
      assert.equal(fs.readdirSync(dir).length, 1, 'one file per month');
    } finally {
      for (const w of windows) w.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
