import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { copyFixtureWorkspace } from '../runners/paths';
import { Workbench } from './workbench';

const PNG_1X1 = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a6d5e1d50000000049454e44ae426082',
  'hex',
);

/** An image with a Pictor sidecar, as a teammate's commit would bring it. */
function placeImage(workspace: string, file: string, prompt: string, createdAt: string): void {
  const full = path.join(workspace, ...file.split('/'));
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, PNG_1X1);
  fs.writeFileSync(
    `${full}.json`,
    JSON.stringify({
      version: 1,
      generator: { name: 'pictor', version: '0.1.0' },
      createdAt,
      prompt,
      effectivePrompt: prompt,
      preset: 'app-icon',
      model: 'gemini-2.5-flash-image',
      image: { file, mimeType: 'image/png', width: 1, height: 1 },
      parent: null,
    }),
  );
}

describe('Assets view (e2e)', function () {
  this.timeout(180_000);
  let workbench: Workbench;
  const workspace = copyFixtureWorkspace();

  before(async () => {
    placeImage(workspace, 'brand/rocket-icon.png', 'a rocket app icon', '2026-01-02T00:00:00Z');
    placeImage(workspace, 'brand/teapot-icon.png', 'a teapot app icon', '2026-01-01T00:00:00Z');
    workbench = await Workbench.open({ workspace });
    await workbench.waitForPictor();
  });

  afterEach(async function () {
    await workbench?.screenshotIfFailed(this.currentTest);
  });

  after(async () => {
    await workbench?.close();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  const view = () => workbench.page.locator('.pane', { has: workbench.page.locator('.pane-header', { hasText: /Assets/i }) });
  const rowLabels = async () => (await view().locator('.monaco-list-row .label-name').allInnerTexts()).map((t) => t.trim());

  it('lists the images with sidecars, newest first, and narrows them by search', async () => {
    await workbench.runCommand('Pictor: Focus on Assets View');
    await view().locator('.monaco-list-row', { hasText: 'a teapot app icon' }).waitFor({ timeout: 30_000 });
    assert.deepEqual((await rowLabels()).slice(0, 2), ['a rocket app icon', 'a teapot app icon']);
    const rocket = view().locator('.monaco-list-row', { hasText: 'a rocket app icon' });
    assert.match((await rocket.getAttribute('aria-label')) ?? '', /Image rocket-icon\.png: a rocket app icon\. Nano Banana.*preset app-icon/);

    await workbench.runCommand('Pictor: Search Assets…');
    await workbench.answerQuickInput('teapot');
    await view().locator('.monaco-list-row', { hasText: 'a rocket app icon' }).waitFor({ state: 'detached', timeout: 20_000 });
    assert.deepEqual(await rowLabels(), ['a teapot app icon']);
    await view().getByText(/Showing 1 of 2 matching "teapot"/).waitFor({ timeout: 10_000 });

    await workbench.runCommand('Pictor: Clear Asset Filters');
    await rocket.waitFor({ timeout: 20_000 });
    await workbench.runCommand('Pictor: Sort Assets Oldest First');
    await view().locator('.monaco-list-row').first().filter({ hasText: 'a teapot app icon' }).waitFor({ timeout: 20_000 });
  });
});
