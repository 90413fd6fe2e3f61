import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { combineEstimates, estimateCost, formatUsd, type CostSpec } from '../../src/core/estimate';
import { DEFAULT_MODEL } from '../../src/core/models';
import { startFakeGemini, type FakeGemini } from '../fake-gemini';
import { copyFixtureWorkspace, screenshotsDir } from '../runners/paths';
import { Workbench } from './workbench';

const KEY = 'e2e-key-batch-0123456789';

/** What the one estimator says these default-model 1K requests cost at `tier`, as Pictor prints it. */
function priceOf(requests: Array<{ prompt: string; count?: number }>, tier: 'batch' | 'standard'): string {
  const specs: CostSpec[] = requests.map((r) => ({ model: DEFAULT_MODEL, imageSize: '1K', count: r.count ?? 1, prompt: r.prompt, tier }));
  return formatUsd(combineEstimates(specs.map((spec) => estimateCost(spec))).usd).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('Batch jobs in the workbench (e2e)', function () {
  this.timeout(240_000);
  let fake: FakeGemini;
  let workbench: Workbench;
  let workspace: string;
  const lines = [
    { prompt: 'settings gear', preset: 'icon', outputFolder: 'assets/icons', fileName: 'settings' },
    { prompt: 'user avatar', preset: 'icon', outputFolder: 'assets/icons', fileName: 'avatar', count: 2 },
  ];

  before(async () => {
    fake = await startFakeGemini();
    workspace = copyFixtureWorkspace();
    fs.writeFileSync(path.join(workspace, 'icons.pictor-batch.jsonl'), `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    workbench = await Workbench.open({
      workspace,
      env: { GEMINI_API_KEY: KEY },
      userSettings: { 'pictor.api.baseUrl': fake.url, 'workbench.colorTheme': 'Default Dark Modern' },
    });
  });

  afterEach(async function () {
    await workbench?.screenshotIfFailed(this.currentTest);
  });

  after(async () => {
    await workbench?.close();
    await fake?.close();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('submits a manifest from its CodeLens, shows the job in the tree and downloads its results', async () => {
    const page = workbench.page;
    fake.setBatchOptions({ pollsToComplete: 1 });
    await workbench.runCommand('Go to File...');
    await workbench.answerQuickPickWithText('icons.pictor-batch.jsonl');
    await workbench.waitForPictor();
    const lens = page.locator('.contentWidgets .codelens-decoration a', { hasText: 'Submit Batch' }).first();
    await lens.waitFor({ state: 'visible', timeout: 30_000 });
    const title = await lens.innerText();
    assert.match(title, /3 images/);
    assert.match(title, new RegExp(`${priceOf(lines, 'batch')} at batch price \\(interactive ${priceOf(lines, 'standard')}\\)`));
    await lens.click();
    await workbench.waitForNotification(/Submitted batch job "icons"/);
    const create = fake.requests.find((r) => r.action === 'batchGenerateContent');
    assert.equal(create?.apiKey, KEY);
    assert.equal(create?.body.batch.inputConfig.requests.requests.length, 3);

    await workbench.runCommand('Pictor: Focus on Batch Jobs View');
    const row = page.locator('.monaco-list-row', { hasText: 'icons' }).filter({ hasText: DEFAULT_MODEL }).first();
    await row.waitFor({ state: 'visible', timeout: 20_000 });
    assert.match(await row.innerText(), /pending/);

    await workbench.runCommand('Pictor: Refresh Batch Jobs');
    await page.locator('.monaco-list-row', { hasText: 'succeeded' }).first().waitFor({ state: 'visible', timeout: 20_000 });
    await page.waitForTimeout(300);
    await workbench.screenshot(path.join(screenshotsDir, 'batch.png'));

    await row.click({ button: 'right' });
    await workbench.chooseContextMenuItem('Download Batch Results');
    const icons = path.join(workspace, 'assets', 'icons');
    const pngs = () => (fs.existsSync(icons) ? fs.readdirSync(icons).filter((n) => n.endsWith('.png')) : []);
    await waitFor(() => pngs().length === 3 && fs.readdirSync(icons).filter((n) => n.endsWith('.png.json')).length === 3, 'three images and sidecars were not written');
    assert.deepEqual(pngs().sort(), ['avatar-2.png', 'avatar.png', 'settings.png']);
    const sidecar = JSON.parse(fs.readFileSync(path.join(icons, 'settings.png.json'), 'utf8'));
    assert.match(sidecar.batch.job, /^batches\//);
    await workbench.waitForNotification(/3 image\(s\) from the batch job/);
  });

  it('Generate in Batch… from typed prompts shows the count, both prices and the method, and asks before sending', async function () {
    // The input box between two prompts closes and reopens; one CI run saw the next one never take the
    // focus. A retry starts over from a clean workbench (nothing was sent: the dialog is not reached).
    this.retries(2);
    const page = workbench.page;
    const leftover = page.locator('.monaco-dialog-box');
    if (await leftover.isVisible()) await leftover.locator('.monaco-button', { hasText: 'Cancel' }).click();
    for (let i = 0; i < 3; i++) await page.keyboard.press('Escape');
    fake.reset();
    await workbench.runCommand('Pictor: Generate in Batch…');
    await workbench.pickQuickItem('Type prompts…');
    await workbench.answerQuickInput('a blue circle');
    await workbench.answerQuickInput('a green square');
    await workbench.answerQuickInput('');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 20_000 });
    const text = await dialog.innerText();
    assert.match(text, /Submit 2 image requests as a batch job\?/);
    assert.ok(text.includes(`2 × ${DEFAULT_MODEL} (sent inline)`), text);
    const typed = [{ prompt: 'a blue circle' }, { prompt: 'a green square' }];
    assert.match(text, new RegExp(`${priceOf(typed, 'batch')} at the batch price \\(interactive: ${priceOf(typed, 'standard')}\\)`));
    assert.equal(fake.requests.filter((r) => r.action === 'batchGenerateContent').length, 0, 'nothing is sent before the answer');
    await dialog.locator('.monaco-button', { hasText: 'Submit' }).click();
    await workbench.waitForNotification(/Submitted batch job/);
    const create = fake.requests.find((r) => r.action === 'batchGenerateContent');
    const prompts = (create?.body.batch.inputConfig.requests.requests as Array<{ request: any }>).map((r) => r.request.contents[0].parts[0].text);
    assert.deepEqual(prompts, ['a blue circle', 'a green square']);
  });
});
