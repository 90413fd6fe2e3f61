import * as assert from 'node:assert/strict';
import { Workbench } from './workbench';

describe('workbench (e2e)', function () {
  this.timeout(180_000);
  let workbench: Workbench;

  before(async () => {
    workbench = await Workbench.open();
  });

  afterEach(async function () {
    await workbench?.screenshotIfFailed(this.currentTest);
  });

  after(async () => {
    await workbench?.close();
  });

  it('shows the workspace in the explorer', async () => {
    const rows = await workbench.page.locator('.explorer-folders-view .monaco-list-row .label-name').allInnerTexts();
    assert.ok(rows.includes('README.md'), `explorer rows: ${rows.join(', ')}`);
  });

  it('lists built-in commands in the command palette', async () => {
    await workbench.openCommandPalette();
    await workbench.page.keyboard.type('Toggle Terminal');
    await workbench.page.locator('.quick-input-widget .monaco-list-row').first().waitFor();
    const items = await workbench.quickPickItems();
    assert.ok(items.includes('View: Toggle Terminal'), `palette items: ${items.join(' | ')}`);
    await workbench.page.keyboard.press('Escape');
  });

  it('runs a command from the palette', async () => {
    await workbench.runCommand('View: Toggle Terminal');
    await workbench.page.locator('.terminal-wrapper, .xterm').first().waitFor({ state: 'visible', timeout: 30_000 });
  });
});
