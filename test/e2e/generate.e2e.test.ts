import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startFakeGemini, type FakeGemini } from '../fake-gemini';
import { repoRoot, screenshotsDir } from '../runners/paths';
import { Workbench } from './workbench';

const KEY = 'e2e-key-abcdefghij';

async function waitForFile(file: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${file} did not appear within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Waits for the step titled `step` (e.g. "Summary") of the open palette flow. */
async function waitForStep(workbench: Workbench, step: string): Promise<void> {
  await workbench.page.locator('.quick-input-widget .quick-input-title', { hasText: step }).waitFor({ state: 'visible' });
}

/** The steps after the prompt: Enter on the kind (its pre-selected row), Enter on the summary (Generate). */
async function acceptKindAndSummary(workbench: Workbench): Promise<void> {
  await waitForStep(workbench, 'Kind of asset');
  await workbench.page.keyboard.press('Enter');
  await waitForStep(workbench, 'Summary');
  await workbench.page.keyboard.press('Enter');
}

/** Each row of the open quick pick as one line: label and description. */
async function quickPickLines(workbench: Workbench): Promise<string[]> {
  const rows = workbench.page.locator('.quick-input-widget .monaco-list-row >> visible=true');
  // The list reuses row elements, so their order in the page is not the list's: sort by data-index.
  return rows.evaluateAll((elements) =>
    [...elements].sort((a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index'))).map((row) =>
      ['.label-name', '.label-description']
        .map((selector) => (row.querySelector(selector) as { textContent: string | null } | null)?.textContent ?? '')
        .join(' ')
        .replace(/\s+/g, ' ')
        .trim(),
    ),
  );
}

/** Waits until a row of the open quick pick matches `pattern`, and returns all rows. */
async function waitForRow(workbench: Workbench, pattern: RegExp): Promise<string[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const lines = await quickPickLines(workbench);
    if (lines.some((line) => pattern.test(line))) return lines;
    if (Date.now() > deadline) throw new Error(`No row matching ${pattern}; rows: ${lines.join(' | ')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('Pictor in the workbench (e2e)', function () {
  this.timeout(240_000);
  let fake: FakeGemini;
  let workbench: Workbench;

  before(async () => {
    fake = await startFakeGemini();
    workbench = await Workbench.open({ userSettings: { 'pictor.api.baseUrl': fake.url, 'workbench.colorTheme': 'Default Dark Modern' } });
  });

  afterEach(async function () {
    await workbench?.screenshotIfFailed(this.currentTest);
  });

  after(async () => {
    await workbench?.close();
    await fake?.close();
  });

  it('offers Set API Key when no key exists, verifies the key and resumes the generation', async () => {
    await workbench.runCommand('Pictor: Generate Image…');
    await workbench.waitForPictor();
    await workbench.answerQuickInput('first light');
    await acceptKindAndSummary(workbench);
    const offer = workbench.page.locator('.notifications-toasts .notification-list-item', { hasText: 'needs a Gemini API key' }).first();
    await offer.waitFor({ state: 'visible', timeout: 20_000 });
    await offer.locator('.monaco-button', { hasText: 'Set API Key' }).click();
    const input = workbench.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible' });
    assert.equal(await input.getAttribute('type'), 'password', 'the key is typed into a password box');
    await workbench.answerQuickInput(KEY);
    const file = path.join(workbench.workspace, 'assets', 'generated', 'first-light.png');
    await waitForFile(`${file}.json`);
    assert.deepEqual(
      fake.requests.map((r) => `${r.action}:${r.apiKey}`),
      [`models.get:${KEY}`, `countTokens:${KEY}`, `generateContent:${KEY}`],
      'the key was checked against the default model with two unbilled calls, then the generation resumed',
    );
    await workbench.waitForNotification(/API key saved and verified/);
  });

  it('offers once to nest sidecars under their images, and its button does it in user settings', async () => {
    // Shown once, when the first sidecar appeared (during the test before): a toast, or in the
    // notification centre once the toast has timed out.
    await workbench.waitForNotification(/Nest the sidecars/, 8_000);
    const offer = workbench.notification(/Nest the sidecars/).first();
    await offer.locator('.monaco-button', { hasText: 'Nest Sidecars' }).click();
    // An open centre would hold the next tests' toasts.
    await workbench.hideNotificationCenter();
    const settingsFile = path.join(workbench.server.userDataDir, 'User', 'settings.json');
    const deadline = Date.now() + 20_000;
    let settings: Record<string, any> = {};
    while (Date.now() < deadline) {
      settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
      if (settings['explorer.fileNesting.enabled'] === true) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.equal(settings['explorer.fileNesting.enabled'], true);
    assert.equal(settings['explorer.fileNesting.patterns']?.['*.png'], '${capture}.png.json');
  });

  it('generates an image from the palette with every default accepted by Enter, saves and opens it', async () => {
    fake.reset();
    await workbench.runCommand('Pictor: Generate Image…');
    await workbench.answerQuickInput('a red fox in the snow');
    const page = workbench.page;
    // The kind (pre-selected: No preset) and the summary: Enter accepts each.
    await acceptKindAndSummary(workbench);
    const file = path.join(workbench.workspace, 'assets', 'generated', 'a-red-fox-in-the-snow.png');
    await waitForFile(file);
    await waitForFile(`${file}.json`);
    const sidecar = JSON.parse(fs.readFileSync(`${file}.json`, 'utf8'));
    assert.equal(sidecar.prompt, 'a red fox in the snow');
    assert.equal(sidecar.model, 'gemini-nano-banana-2.1');
    assert.equal(fake.requests.find((r) => r.action === 'generateContent')?.apiKey, KEY);
    await page.locator('.tabs-container .tab', { hasText: 'a-red-fox-in-the-snow.png' }).first().waitFor({ timeout: 20_000 });
    await workbench.waitForNotification(/Saved assets\/generated\/a-red-fox-in-the-snow\.png/);
    // The built-in image preview is a webview: wait until it has actually drawn the saved image.
    const preview = await workbench.webviewFrame('img');
    await preview.waitForFunction(() => {
      const img = document.querySelector('img');
      return !!img && img.complete && img.naturalWidth === 1024 && img.getBoundingClientRect().width > 0;
    }, undefined, { timeout: 20_000 });
    await page.waitForTimeout(300);
    await workbench.screenshot(path.join(screenshotsDir, 'generate.png'));
  });

  it('shows a clear error with next steps when the service refuses', async () => {
    fake.reset();
    fake.enqueue({ kind: 'error', status: 429, retryDelay: '90s' });
    await workbench.runCommand('Pictor: Generate Image…');
    await workbench.answerQuickInput('quota check');
    await acceptKindAndSummary(workbench);
    await fake.waitForRequests(1, 20_000);
    const message = await workbench.waitForNotification(/rate limit or quota.*90 s/);
    assert.ok(!message.includes(KEY));
    // Toast or Notifications Center: either way the message carries its next steps as buttons.
    await workbench.runCommand('Notifications: Show Notifications');
    const item = workbench.page.locator('.notifications-center .notification-list-item', { hasText: 'rate limit' }).first();
    await item.hover();
    await item.locator('.monaco-button').first().waitFor({ state: 'visible', timeout: 10_000 });
    const buttons = (await item.locator('.monaco-button').allInnerTexts()).map((b) => b.trim());
    await workbench.page.waitForTimeout(300);
    await workbench.screenshot(path.join(screenshotsDir, 'error.png'));
    await workbench.runCommand('Notifications: Hide Notifications');
    assert.ok(buttons.includes('Retry') && buttons.includes('Show Log'), `buttons: ${buttons.join(', ')}`);
    assert.ok(!fs.existsSync(path.join(workbench.workspace, 'assets', 'generated', 'quota-check.png')));
  });

  it('a blocked prompt offers Edit Prompt first, which reopens the flow with the prompt filled in', async () => {
    fake.reset();
    fake.enqueue({ kind: 'blocked', blockReason: 'SAFETY' });
    await workbench.runCommand('Pictor: Generate Image…');
    await workbench.answerQuickInput('a prompt the filter refuses');
    await acceptKindAndSummary(workbench);
    await workbench.waitForNotification(/blocked/);
    await workbench.runCommand('Notifications: Show Notifications');
    const item = workbench.page.locator('.notifications-center .notification-list-item', { hasText: 'blocked' }).first();
    await item.hover();
    await item.locator('.monaco-button').first().waitFor({ state: 'visible', timeout: 10_000 });
    const buttons = (await item.locator('.monaco-button').allInnerTexts()).map((b) => b.trim());
    assert.deepEqual(buttons, ['Edit Prompt', 'Retry', 'Show Log']);
    await item.locator('.monaco-button', { hasText: 'Edit Prompt' }).click();
    const input = workbench.page.locator('.quick-input-widget .quick-input-box input');
    await workbench.page.locator('.quick-input-widget .quick-input-title', { hasText: 'Prompt' }).waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await input.inputValue(), 'a prompt the filter refuses');
    // The Notifications Center still open takes the first Escape; the input box the next.
    const widget = workbench.page.locator('.quick-input-widget');
    for (let i = 0; i < 4 && (await widget.isVisible()); i++) {
      await input.press('Escape');
      await workbench.page.waitForTimeout(300);
    }
    await widget.waitFor({ state: 'hidden', timeout: 10_000 });
    if (await workbench.page.locator('.notifications-center').isVisible()) await workbench.runCommand('Notifications: Hide Notifications');
    assert.equal(fake.requests.filter((r) => r.action === 'generateContent').length, 1, 'Edit Prompt sent nothing by itself');
  });

  it('cancels a slow generation from the progress notification and writes nothing', async () => {
    fake.reset();
    fake.enqueue({ kind: 'hang' });
    await workbench.runCommand('Pictor: Generate Image…');
    await workbench.answerQuickInput('never finishes');
    await acceptKindAndSummary(workbench);
    await fake.waitForRequests(1, 20_000);
    const progress = workbench.page.locator('.notification-list-item', { hasText: 'Generating image' }).first();
    await progress.waitFor({ state: 'visible', timeout: 20_000 });
    await progress.locator('.monaco-button', { hasText: 'Cancel' }).click();
    const deadline = Date.now() + 10_000;
    while (!fake.requests[0]?.aborted && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(fake.requests[0]?.aborted, true, 'the HTTP request was aborted');
    await workbench.page.waitForTimeout(500);
    assert.ok(!fs.existsSync(path.join(workbench.workspace, 'assets', 'generated', 'never-finishes.png')));
  });

  it('edits an image from the explorer context menu and saves the result beside it', async () => {
    fake.reset();
    const page = workbench.page;
    await page.keyboard.press('Escape');
    const folderRow = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'images' }).first();
    await folderRow.click();
    const imageRow = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'sample.png' }).first();
    await imageRow.waitFor({ state: 'visible' });
    await imageRow.click({ button: 'right' });
    await workbench.chooseContextMenuItem('Edit Image…');
    await workbench.answerQuickPickWithText('add a small knitted hat');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Model' }).waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    const edited = path.join(workbench.workspace, 'images', 'sample.edit-1.png');
    await waitForFile(edited);
    await waitForFile(`${edited}.json`);
    const original = fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'workspace', 'images', 'sample.png'));
    assert.deepEqual(fs.readFileSync(path.join(workbench.workspace, 'images', 'sample.png')), original, 'the original is untouched');
    const sidecar = JSON.parse(fs.readFileSync(`${edited}.json`, 'utf8'));
    assert.equal(sidecar.parent.path, 'images/sample.png');
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'sample.edit-1.png' }).first().waitFor({ timeout: 20_000 });
  });

  it('a retired model in pictor.defaultModel: says when it was shut down and what replaces it; Update Setting fixes the setting and goes on', async () => {
    fake.reset();
    const page = workbench.page;
    await page.keyboard.press('Escape');
    // A workspace that still names a preview shut down since; [Update Setting] must change it where it is defined.
    const vscodeDir = path.join(workbench.workspace, '.vscode');
    const settingsFile = path.join(vscodeDir, 'settings.json');
    fs.mkdirSync(vscodeDir, { recursive: true });
    fs.writeFileSync(settingsFile, JSON.stringify({ 'pictor.defaultModel': 'gemini-3-pro-image-preview' }, null, 2));
    const readSettings = (): Record<string, unknown> => JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
    const images = path.join(workbench.workspace, 'images');
    const edits = () => fs.readdirSync(images).filter((name) => /^sample\.edit-\d+\.png$/.test(name));
    const editsBefore = edits();
    try {
      const imageRow = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'sample.png' }).first();
      if (!(await imageRow.isVisible())) await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'images' }).first().click();
      await imageRow.waitFor({ state: 'visible' });
      // The setting reaches the extension host a moment after the file changes: the model step shows it then.
      const deadline = Date.now() + 30_000;
      let rows: string[] = [];
      for (;;) {
        await imageRow.click({ button: 'right' });
        await workbench.chooseContextMenuItem('Edit Image…');
        await workbench.answerQuickPickWithText('add a tiny scarf');
        await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Model' }).waitFor({ state: 'visible' });
        rows = await quickPickLines(workbench);
        if (rows.some((row) => /gemini-3-pro-image-preview shut down on 2026-06-25; its replacement is gemini-3-pro-image/.test(row))) break;
        if (Date.now() > deadline) throw new Error(`The model step never showed the retired setting: ${rows.join(' | ')}`);
        await page.keyboard.press('Escape');
        await page.waitForTimeout(1_000);
      }
      // The same picker as Generate Image: the key's models.list too, and any id can be typed.
      assert.ok(rows.some((row) => /^Nano Banana 4 \(preview\) gemini-4-flash-image-preview/.test(row)), rows.join(' | '));
      assert.ok(rows.some((row) => /Other model id/.test(row)), rows.join(' | '));
      // The retired model is the current row: Enter keeps it, and Pictor refuses it before any request.
      await page.keyboard.press('Enter');
      const pattern = /gemini-3-pro-image-preview was shut down on 2026-06-25; its replacement is gemini-3-pro-image\./;
      await workbench.waitForNotification(pattern);
      const buttons = await workbench.notificationButtons(pattern);
      assert.ok(buttons.includes('Update Setting') && buttons.includes('Use Nano Banana Pro'), buttons.join(' | '));
      assert.equal(fake.requests.filter((r) => r.action === 'generateContent').length, 0, 'nothing was sent with the retired model');
      await workbench.notification(pattern).locator('.monaco-button', { hasText: 'Update Setting' }).click();
      await workbench.hideNotificationCenter();
      const settled = Date.now() + 30_000;
      while (readSettings()['pictor.defaultModel'] !== 'gemini-3-pro-image' && Date.now() < settled) await page.waitForTimeout(200);
      assert.equal(readSettings()['pictor.defaultModel'], 'gemini-3-pro-image', 'the workspace setting now names the replacement');
      const made = Date.now() + 30_000;
      while (edits().length === editsBefore.length && Date.now() < made) await page.waitForTimeout(200);
      const added = edits().filter((name) => !editsBefore.includes(name));
      assert.equal(added.length, 1, `one edit was made after Update Setting: ${added.join(', ')}`);
      await waitForFile(path.join(images, `${added[0]}.json`));
      assert.deepEqual(fake.requests.filter((r) => r.action === 'generateContent').map((r) => r.model), ['gemini-3-pro-image']);
    } finally {
      fs.rmSync(vscodeDir, { recursive: true, force: true });
    }
  });

  it('removes the background and exports an icon set from the explorer context menu, without a request', async () => {
    fake.reset();
    const page = workbench.page;
    await page.keyboard.press('Escape');
    const imageRow = () => page.locator('.explorer-folders-view .monaco-list-row', { hasText: /^sample\.png$/ }).first();
    await imageRow().waitFor({ state: 'visible' });
    await imageRow().click({ button: 'right' });
    await workbench.chooseContextMenuItem('Remove Background');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Remove which background colour?' }).waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    const transparent = path.join(workbench.workspace, 'images', 'sample.transparent.png');
    await waitForFile(`${transparent}.json`);
    assert.equal(JSON.parse(fs.readFileSync(`${transparent}.json`, 'utf8')).parent.path, 'images/sample.png');

    await page.keyboard.press('Escape');
    // The explorer lists the new files first, so the right-click lands on sample.png, not on a row that moved.
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'sample.transparent.png.json' }).first().waitFor({ timeout: 20_000 });
    await page.waitForTimeout(500);
    await imageRow().click({ button: 'right' });
    await workbench.chooseContextMenuItem('Export Icon Set…');
    const icons = path.join(workbench.workspace, 'images', 'sample-icons');
    await waitForFile(path.join(icons, 'site.webmanifest'));
    assert.ok(fs.existsSync(path.join(icons, 'favicon.ico')));
    assert.ok(fs.existsSync(path.join(icons, 'icon-1024x1024.png.json')));
    assert.equal(fake.requests.length, 0, 'local processing sends nothing');
  });

  it('summarises every choice with its cost before generating, and carries nothing expensive over silently', async () => {
    fake.reset();
    const page = workbench.page;
    await page.keyboard.press('Escape');
    await workbench.runCommand('Pictor: Generate Image…');
    await workbench.answerQuickInput('login sequence');
    await waitForStep(workbench, 'Kind of asset');
    await workbench.pickQuickItem('Diagram');
    await waitForStep(workbench, 'Summary');
    let rows = await waitForRow(workbench, /^Kind: Diagram/);
    assert.ok(rows.some((row) => /^Aspect ratio: 16:9/.test(row)), rows.join(' | '));
    assert.ok(rows.some((row) => /^Model: Nano Banana 2\.1.*gemini-nano-banana-2\.1/.test(row)), `the new default model: ${rows.join(' | ')}`);
    assert.match(rows[0]!, /^Generate 1 image · ≈ \$0\.034/);
    // Each row can be changed; the summary comes back with the new value and price.
    await workbench.pickQuickItem('Model: Nano Banana 2.1');
    await waitForStep(workbench, 'Generate Image: Model');
    await workbench.pickQuickItem('Nano Banana Pro');
    await waitForRow(workbench, /^Image size: 1K/);
    await workbench.pickQuickItem('Image size: 1K');
    await waitForStep(workbench, 'Generate Image: Image size');
    await workbench.pickQuickItem('2K');
    rows = await waitForRow(workbench, /^Image size: 2K 2752×1536/);
    assert.match(rows[0]!, /^Generate 1 image · ≈ \$0\.134/);
    await workbench.screenshot(path.join(screenshotsDir, 'summary.png'));
    // The service tier is a row too where the model has one (Pro has no thinking levels to choose).
    assert.ok(!rows.some((row) => /^Thinking/.test(row)), rows.join(' | '));
    await workbench.pickQuickItem('Service tier: standard');
    await waitForStep(workbench, 'Generate Image: Service tier');
    await workbench.pickQuickItem('flex');
    rows = await waitForRow(workbench, /^Service tier: flex/);
    assert.match(rows[0]!, /^Generate 1 image · ≈ \$0\.067/, 'the flex tier halves the estimate');
    await page.keyboard.press('Enter');
    const file = path.join(workbench.workspace, 'assets', 'generated', 'login-sequence.png.json');
    await waitForFile(file);
    const sent = fake.requests.find((r) => r.action === 'generateContent');
    assert.equal(sent?.model, 'gemini-3-pro-image');
    assert.deepEqual(sent?.body.generationConfig.imageConfig, { aspectRatio: '16:9', imageSize: '2K' });
    assert.equal(sent?.serviceTier, 'flex');
    assert.equal(JSON.parse(fs.readFileSync(file, 'utf8')).preset, 'diagram');

    // The next prompt: Enter on the kind and the summary shows (and prices) what Enter would make.
    await page.keyboard.press('Escape');
    await workbench.runCommand('Pictor: Generate Image…');
    await workbench.answerQuickInput('a cat');
    await waitForStep(workbench, 'Kind of asset');
    await page.keyboard.press('Enter');
    await waitForStep(workbench, 'Summary');
    rows = await waitForRow(workbench, /^Kind: No preset/);
    assert.ok(rows.some((row) => /^Aspect ratio: 1:1/.test(row)), `the diagram's shape is not carried over: ${rows.join(' | ')}`);
    assert.ok(rows.some((row) => /^Model: Nano Banana Pro.*as in your last image/.test(row)), rows.join(' | '));
    assert.ok(rows.some((row) => /^Image size: 2K.*as in your last image/.test(row)), rows.join(' | '));
    assert.match(rows[0]!, /≈ \$0\.134/);
    await page.keyboard.press('Escape');
    await page.waitForTimeout(500);
    assert.equal(fake.requests.filter((r) => r.action === 'generateContent').length, 1, 'dismissing the summary sends nothing');

    // A thinking level where the model takes one: chosen in the summary, sent in the wire's upper case.
    await workbench.runCommand('Pictor: Generate Image…');
    await workbench.answerQuickInput('a quick sketch');
    await waitForStep(workbench, 'Kind of asset');
    await page.keyboard.press('Enter');
    await waitForStep(workbench, 'Summary');
    await waitForRow(workbench, /^Model: Nano Banana Pro/);
    await workbench.pickQuickItem('Model: Nano Banana Pro');
    await waitForStep(workbench, 'Generate Image: Model');
    await workbench.pickQuickItem('Nano Banana 2.1');
    await waitForRow(workbench, /^Thinking: default/);
    await workbench.pickQuickItem('Thinking: default');
    await waitForStep(workbench, 'Generate Image: Thinking');
    await workbench.pickQuickItem('minimal');
    await waitForRow(workbench, /^Thinking: minimal/);
    await page.keyboard.press('Enter');
    const sketch = path.join(workbench.workspace, 'assets', 'generated', 'a-quick-sketch.png.json');
    await waitForFile(sketch);
    const thought = fake.requests.filter((r) => r.action === 'generateContent').at(-1);
    assert.equal(thought?.model, 'gemini-nano-banana-2.1');
    assert.deepEqual(thought?.body.generationConfig.thinkingConfig, { thinkingLevel: 'MINIMAL' });
    assert.equal(JSON.parse(fs.readFileSync(sketch, 'utf8')).thinkingLevel, 'minimal');
  });

  it('shows Variations, Regenerate and Show Prompt only on images with a sidecar; Regenerate asks before paying', async () => {
    fake.reset();
    const page = workbench.page;
    await page.keyboard.press('Escape');
    const menuItems = async (name: string) => {
      const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
      await row.waitFor({ state: 'visible' });
      await row.click({ button: 'right' });
      const menu = page.locator('.context-view .monaco-menu');
      await menu.locator('.action-item', { hasText: 'Edit Image…' }).first().waitFor({ state: 'visible', timeout: 20_000 });
      return (await menu.locator('.action-label').allInnerTexts()).map((t) => t.trim()).filter(Boolean);
    };
    const plain = await menuItems('sample.png');
    await page.keyboard.press('Escape');
    for (const hidden of ['Generate Variations', 'Regenerate from Sidecar', 'Show Prompt']) {
      assert.ok(!plain.includes(hidden), `${hidden} is not offered on an image without a sidecar: ${plain.join(', ')}`);
    }
    const made = await menuItems('sample.edit-1.png');
    for (const shown of ['Generate Variations', 'Regenerate from Sidecar', 'Show Prompt']) {
      assert.ok(made.includes(shown), `${shown} is offered on an image with a sidecar: ${made.join(', ')}`);
    }
    await workbench.chooseContextMenuItem('Regenerate from Sidecar');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 20_000 });
    assert.match(await dialog.innerText(), /paid request/);
    await dialog.locator('.monaco-button', { hasText: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.waitForTimeout(500);
    assert.equal(fake.requests.filter((r) => r.action === 'generateContent').length, 0, 'nothing was sent without a yes');
  });

  it('offers Edit Image instead when Regenerate is started from the palette on an image without a sidecar', async () => {
    fake.reset();
    const page = workbench.page;
    await page.keyboard.press('Escape');
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'sample.png' }).first().dblclick();
    await page.locator('.tabs-container .tab', { hasText: 'sample.png' }).first().waitFor({ timeout: 20_000 });
    await workbench.runCommand('Pictor: Regenerate from Sidecar');
    const offer = page.locator('.notification-list-item', { hasText: 'has no Pictor sidecar' }).first();
    await offer.waitFor({ state: 'visible', timeout: 20_000 });
    await offer.locator('.monaco-button', { hasText: 'Edit Image…' }).click();
    await waitForStep(workbench, 'Edit images/sample.png');
    await page.keyboard.press('Escape');
    await page.waitForTimeout(300);
    assert.equal(fake.requests.filter((r) => r.action === 'generateContent').length, 0);
  });

  it('asks kind, model and shape for Insert Generated Image, starting on Diagram in Markdown', async () => {
    fake.reset();
    const page = workbench.page;
    await page.keyboard.press('Escape');
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'README.md' }).first().click();
    await page.locator('.tabs-container .tab', { hasText: 'README.md' }).first().waitFor({ timeout: 20_000 });
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+End');
    await workbench.runCommand('Pictor: Insert Generated Image…');
    await workbench.answerQuickInput('request flow between services');
    await waitForStep(workbench, 'Kind of asset');
    const active = page.locator('.quick-input-widget .monaco-list-row.focused .label-name >> visible=true');
    assert.equal((await active.innerText()).trim(), 'Diagram');
    await page.keyboard.press('Enter');
    await waitForStep(workbench, 'Summary');
    const rows = await waitForRow(workbench, /^Kind: Diagram/);
    assert.ok(rows.some((row) => /^Aspect ratio: 16:9/.test(row)), rows.join(' | '));
    await page.keyboard.press('Enter');
    const sidecar = path.join(workbench.workspace, 'assets', 'generated', 'request-flow-between-services.png.json');
    await waitForFile(sidecar);
    assert.equal(JSON.parse(fs.readFileSync(sidecar, 'utf8')).preset, 'diagram');
    assert.equal(fake.requests.find((r) => r.action === 'generateContent')?.body.generationConfig.imageConfig.aspectRatio, '16:9');
    await page.locator('.monaco-editor .view-lines', { hasText: 'request-flow-between-services.png' }).first().waitFor({ timeout: 20_000 });
  });
});

describe('Pictor with the key and base URL from the environment (e2e)', function () {
  this.timeout(240_000);
  let fake: FakeGemini;
  let workbench: Workbench;

  before(async () => {
    fake = await startFakeGemini();
    // No stored key and no pictor.api.baseUrl: only the environment says where and with what.
    workbench = await Workbench.open({ env: { GEMINI_API_KEY: 'env-key-0123456789', GOOGLE_GEMINI_BASE_URL: fake.url } });
  });

  after(async () => {
    await workbench?.close();
    await fake?.close();
  });

  it('generates with GEMINI_API_KEY through GOOGLE_GEMINI_BASE_URL without asking for a key', async () => {
    await workbench.runCommand('Pictor: Generate Image…');
    await workbench.answerQuickInput('env driven');
    await acceptKindAndSummary(workbench);
    await waitForFile(path.join(workbench.workspace, 'assets', 'generated', 'env-driven.png.json'));
    const sent = fake.requests.map((r) => `${r.action}:${r.apiKey}`);
    // For a new key the model picker fetches the key's model list (models.list, not billed); the only other
    // request is the generation, and every request carries the key from the environment.
    assert.deepEqual(sent.filter((request) => !request.startsWith('models.list:')), ['generateContent:env-key-0123456789']);
    assert.ok(sent.every((request) => request.endsWith(':env-key-0123456789')), sent.join(', '));
  });
});
