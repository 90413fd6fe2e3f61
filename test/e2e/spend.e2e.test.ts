import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { startFakeGemini, type FakeGemini } from '../fake-gemini';
import { Workbench } from './workbench';

const UI_TIMEOUT = 60_000;

/** A sidecar as Pictor writes it, for an image made `daysAgo` days ago at a known cost. */
function sidecar(file: string, model: string, usd: number, daysAgo: number): string {
  const createdAt = new Date(Date.now() - daysAgo * 86_400_000).toISOString();
  return JSON.stringify({
    version: 1,
    generator: { name: 'pictor', version: '0.1.0' },
    createdAt,
    prompt: file,
    effectivePrompt: file,
    preset: 'none',
    model,
    modelVersion: model,
    config: { aspectRatio: '1:1', imageSize: null, responseModalities: ['TEXT', 'IMAGE'] },
    inputs: [],
    parent: null,
    image: { file: `assets/spent/${file}`, mimeType: 'image/png', sha256: '0'.repeat(64), bytes: 1, width: 1, height: 1 },
    responseText: null,
    finishReason: 'STOP',
    usage: { promptTokens: 10, outputTokens: 1290, totalTokens: 1300 },
    estimatedCostUsd: usd,
    responseId: file,
  });
}

describe('spend (e2e)', function () {
  this.timeout(240_000);
  let fake: FakeGemini;
  let workbench: Workbench;

  before(async () => {
    fake = await startFakeGemini();
    workbench = await Workbench.open({
      userSettings: {
        'pictor.api.baseUrl': fake.url,
        'pictor.openAfterGenerate': false,
        'pictor.spend.statusBar': true,
        'pictor.budget.monthlyUsd': 0.01,
        'workbench.colorTheme': 'Default Dark Modern',
        'chat.disableAIFeatures': true,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
      },
      env: { GEMINI_API_KEY: 'test-key-e2e' },
    });
    const dir = path.join(workbench.workspace, 'assets', 'spent');
    fs.mkdirSync(dir, { recursive: true });
    // Each sidecar beside its image, as Pictor saves them (the report reads the workspace's gallery index).
    for (const image of ['a.png', 'b.png', 'c.png']) fs.writeFileSync(path.join(dir, image), PNG.sync.write(new PNG({ width: 1, height: 1 })));
    fs.writeFileSync(path.join(dir, 'a.png.json'), sidecar('a.png', 'model-a', 0.039, 1));
    fs.writeFileSync(path.join(dir, 'b.png.json'), sidecar('b.png', 'model-a', 0.039, 0));
    fs.writeFileSync(path.join(dir, 'c.png.json'), sidecar('c.png', 'model-b', 0.134, 0));
  });

  afterEach(async function () {
    await workbench?.screenshotIfFailed(this.currentTest);
  });

  after(async () => {
    await workbench?.close();
    await fake?.close();
  });

  it('shows spend by day as a chart and by model as a table, and the month in the status bar', async () => {
    await workbench.runCommand('Pictor: Show Spend');
    const view = await workbench.webviewFrame('table.models', UI_TIMEOUT);
    await view.locator('table.models tr').nth(2).waitFor({ timeout: UI_TIMEOUT });
    const rows = await view.locator('table.models tr').allInnerTexts();
    assert.match(rows[1] ?? '', /model-b\s+1\s+\$0\.1340/);
    assert.match(rows[2] ?? '', /model-a\s+2\s+\$0\.0780/);
    assert.match(await view.locator('.totals').innerText(), /\$0\.2120 for 3 images in 3 requests/);
    assert.match(await view.locator('.month').innerText(), /of a \$0\.0100 budget/);
    // The chart drew bars: its canvas is no longer blank.
    const drawn = await view.evaluate(() => {
      const canvas = (globalThis as any).document.querySelector('.chart canvas');
      const blank = (globalThis as any).document.createElement('canvas');
      blank.width = canvas.width;
      blank.height = canvas.height;
      return canvas.width > 0 && canvas.toDataURL() !== blank.toDataURL();
    });
    assert.ok(drawn, 'the bar chart is drawn');
    const status = workbench.page.locator('.statusbar-item', { hasText: '$0.0000 / $0.0100' });
    await status.first().waitFor({ timeout: UI_TIMEOUT });
  });

  it('refuses a palette run past the budget, says what is left and offers the setting', async () => {
    fake.reset();
    await workbench.runCommand('Pictor: Generate Image…');
    await workbench.answerQuickInput('over the budget');
    // The kind, then the summary: Enter accepts each.
    for (const step of ['Kind of asset', 'Summary']) {
      await workbench.page.locator('.quick-input-widget .quick-input-title', { hasText: step }).waitFor({ state: 'visible' });
      await workbench.page.keyboard.press('Enter');
    }
    const message = await workbench.waitForNotification(/budget is left/);
    assert.match(message, /only \$0\.0100 of this month's \$0\.0100 budget is left/);
    const buttons = await workbench.notificationButtons(/budget is left/);
    assert.ok(buttons.includes('Open Settings'), `buttons: ${buttons.join(', ')}`);
    // The model picker's list for the key (models.list) is free; nothing else was sent.
    assert.deepEqual(fake.requests.map((r) => r.action).filter((action) => action !== 'models.list'), [], 'nothing was sent');
  });
});
