import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { startFakeGemini, type FakeGemini } from '../fake-gemini';
import { NEW_SERVICE_MODEL } from '../fake-gemini/catalog';
import { screenshotsDir } from '../runners/paths';
import { QUIET_WORKBENCH_SETTINGS, Workbench } from './workbench';

const UI_TIMEOUT = 60_000;
const OUTPUT = path.join('assets', 'generated');

describe('Studio panel (e2e)', function () {
  this.timeout(300_000);
  let fake: FakeGemini;
  let workbench: Workbench;
  let studio: Frame;

  /** Paths (workspace-relative) of the result cards shown, in grid order; '' for a slot still running or failed. */
  function shownResults(): Promise<string[]> {
    return studio.evaluate(() =>
      Array.from((globalThis as any).document.querySelectorAll('.results-grid > *') as ArrayLike<{ dataset: { path?: string } }>).map((card) => card.dataset.path ?? ''),
    );
  }

  /** The gallery's images once all have loaded: where each comes from and its natural width. */
  async function galleryImages(): Promise<Array<{ src: string; width: number }>> {
    await studio.waitForFunction(
      () => {
        const images = Array.from((globalThis as any).document.querySelectorAll('.gallery-grid img') as ArrayLike<{ src: string; complete: boolean; naturalWidth: number }>);
        return images.length > 0 && images.every((i) => i.src && i.complete && i.naturalWidth > 0);
      },
      undefined,
      { timeout: UI_TIMEOUT },
    );
    return studio.evaluate(() =>
      Array.from((globalThis as any).document.querySelectorAll('.gallery-grid img') as ArrayLike<{ src: string; naturalWidth: number }>).map((i) => ({ src: i.src, width: i.naturalWidth })),
    );
  }

  async function setTheme(label: string, dark: boolean): Promise<void> {
    await workbench.setColorTheme(label, dark, studio);
  }

  before(async () => {
    fake = await startFakeGemini();
    fake.setDefault({ kind: 'image', delayMs: 300 });
    workbench = await Workbench.open({
      userSettings: {
        'pictor.api.baseUrl': fake.url,
        'pictor.openAfterGenerate': false,
        'pictor.maxConcurrentRequests': 4,
        'workbench.colorTheme': 'Default Light Modern',
        ...QUIET_WORKBENCH_SETTINGS,
      },
      env: { GEMINI_API_KEY: 'test-key-e2e' },
    });
  });

  afterEach(async function () {
    await workbench?.screenshotIfFailed(this.currentTest);
  });

  after(async () => {
    await workbench?.close();
    await fake?.close();
  });

  it('designs an app icon: 4 variants arrive one by one, one is discarded, one kept, found in the Gallery and compared', async () => {
    await workbench.runCommand('Pictor: Open Studio');
    await workbench.waitForPictor();
    studio = await workbench.webviewFrame('vscode-button#generate', UI_TIMEOUT);

    // Pick App icon and fill it in.
    await studio.locator('button.preset-chip[data-preset="app-icon"]').click();
    await studio.waitForFunction(() => (globalThis as any).document.querySelector('button.preset-chip[data-preset="app-icon"]')?.getAttribute('aria-pressed') === 'true', undefined, { timeout: UI_TIMEOUT });
    assert.ok(await studio.locator('#field-shape').count(), 'the App icon form has its Shape field');
    await studio.locator('#prompt textarea').fill('a paper plane over a cloud');
    await studio.waitForFunction(
      () => ((globalThis as any).document.querySelector('#effective-prompt')?.value ?? '').startsWith('An app icon of a paper plane over a cloud'),
      undefined,
      { timeout: UI_TIMEOUT },
    );
    await studio.waitForFunction(() => /^Generate 4 · /.test((globalThis as any).document.querySelector('#generate')?.textContent ?? ''), undefined, { timeout: UI_TIMEOUT });
    // App icon offers a transparent background, on by default (two requests an image): plain images here.
    assert.equal(await studio.locator('vscode-checkbox#transparent').evaluate((box: any) => box.checked), true);
    const withTransparency = await studio.locator('#generate').innerText();
    await studio.locator('vscode-checkbox#transparent').click();
    await studio.waitForFunction((before) => ((globalThis as any).document.querySelector('#generate')?.textContent ?? '') !== before, withTransparency, { timeout: UI_TIMEOUT });

    // Four requests, answered about 2 s apart.
    fake.enqueue(
      { kind: 'image', delayMs: 500 },
      { kind: 'image', delayMs: 3000 },
      { kind: 'image', delayMs: 5500 },
      { kind: 'image', delayMs: 8000 },
    );
    await studio.locator('vscode-button#generate').click();
    const seen = new Set<number>();
    const deadline = Date.now() + UI_TIMEOUT;
    let results: string[] = [];
    while (Date.now() < deadline) {
      results = await shownResults();
      seen.add(results.filter(Boolean).length);
      if (results.filter(Boolean).length === 4) break;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    assert.equal(results.length, 4);
    assert.equal(results.filter(Boolean).length, 4, `all four arrived: ${results.join(', ')}`);
    for (const count of [1, 2, 3]) assert.ok(seen.has(count), `a moment with exactly ${count} of 4 shown (saw ${[...seen].join(', ')})`);
    assert.equal(fake.requests.filter((r) => r.action === 'generateContent').length, 4);
    for (const file of results) assert.ok(fs.existsSync(path.join(workbench.workspace, file)), `${file} is on disk`);

    // Discard the second: gone from disk with its sidecar; keep the first.
    const discarded = results[1]!;
    await studio.locator(`.card[data-path="${discarded}"] button.discard`).click();
    // code-server's file system has no trash: Pictor then asks before deleting for good (desktop VS Code trashes).
    const noTrash = workbench.page.getByRole('button', { name: 'Delete for Good' });
    if (await noTrash.waitFor({ timeout: 5000 }).then(() => true, () => false)) await noTrash.click();
    await studio.locator('.card.discarded').waitFor({ timeout: UI_TIMEOUT });
    assert.equal(fs.existsSync(path.join(workbench.workspace, discarded)), false, 'the discarded image is gone');
    assert.equal(fs.existsSync(path.join(workbench.workspace, `${discarded}.json`)), false, 'and its sidecar');
    const kept = results[0]!;
    await studio.locator(`.card[data-path="${kept}"] button:has-text("Keep")`).click();
    assert.equal(await studio.locator(`.card[data-path="${kept}"] button:has-text("Keep")`).getAttribute('aria-pressed'), 'true');
    assert.ok(kept.startsWith(OUTPUT.split(path.sep).join('/')), kept);

    // Find it in the Gallery by search.
    await studio.locator('vscode-tab-header[data-tab="gallery"]').click();
    await studio.locator('#gallery-search input').fill('paper plane');
    await studio.locator(`.gallery-grid .card[data-path="${kept}"]`).waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await studio.locator(`.gallery-grid .card[data-path="${discarded}"]`).count(), 0, 'the discarded one is not in the gallery');
    const thumbnails = await galleryImages();
    assert.equal(thumbnails.length, 3);
    for (const { src, width } of thumbnails) {
      assert.match(src, /\/globalStorage\/pictor\.pictor\/thumbnails\/[0-9a-f]+\.png$/, 'a thumbnail from extension storage');
      assert.ok(width > 0 && width < 1024, `scaled down (${width} px wide)`);
    }
    await studio.waitForFunction(() => /^3 images/.test((globalThis as any).document.querySelector('.gallery .hint')?.textContent ?? ''), undefined, { timeout: UI_TIMEOUT });

    // Compare it with another variant.
    await studio.locator(`.gallery-grid .card[data-path="${kept}"] button[aria-label="Compare"]`).click();
    const dialog = studio.locator('dialog.compare');
    await dialog.waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await dialog.locator('.compare-side img').count(), 2, 'side by side: the image and the other one');
    fs.mkdirSync(screenshotsDir, { recursive: true });
    await workbench.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', timeout: UI_TIMEOUT });
  });

  it('takes screenshots of the Studio and its Gallery in light and dark themes', async () => {
    fs.mkdirSync(screenshotsDir, { recursive: true });
    const editor = workbench.page.locator('.part.editor');
    await galleryImages();
    await editor.screenshot({ path: path.join(screenshotsDir, 'studio-gallery-light.png') });
    await studio.locator('vscode-tab-header[data-tab="design"]').click();
    await editor.screenshot({ path: path.join(screenshotsDir, 'studio-light.png') });
    await setTheme('Dark Modern', true);
    await editor.screenshot({ path: path.join(screenshotsDir, 'studio-dark.png') });
    await studio.locator('vscode-tab-header[data-tab="gallery"]').click();
    await galleryImages();
    await editor.screenshot({ path: path.join(screenshotsDir, 'studio-gallery-dark.png') });
    await setTheme('Light Modern', false);
    assert.ok(fs.statSync(path.join(screenshotsDir, 'studio-dark.png')).size > 10_000);
  });

  it('still works at 500 px wide: one column, every control reachable', async () => {
    await studio.locator('vscode-tab-header[data-tab="design"]').click();
    await workbench.page.setViewportSize({ width: 560, height: 900 });
    await studio.waitForFunction(() => (globalThis as any).document.documentElement.clientWidth <= 520, undefined, { timeout: UI_TIMEOUT });
    const columns = await studio.evaluate(() => (globalThis as any).getComputedStyle((globalThis as any).document.querySelector('.design')).gridTemplateColumns.split(' ').length);
    assert.equal(columns, 1);
    const overflow = await studio.evaluate(() => (globalThis as any).document.documentElement.scrollWidth - (globalThis as any).document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `nothing sticks out sideways (${overflow} px)`);
    await workbench.page.setViewportSize({ width: 1400, height: 900 });
  });

  it('offers a model only the key\'s list has, grounds it in Google Search, and shows the sources as links with nothing from the model as HTML', async () => {
    await workbench.runCommand('Pictor: Open Studio');
    await workbench.waitForPictor();
    studio = await workbench.webviewFrame('vscode-button#generate', UI_TIMEOUT);
    await studio.locator('vscode-tab-header[data-tab="design"]').click();
    await studio.locator('button.preset-chip[data-preset="blank"]').click();

    // The model menu gains the service-only model once models.list has answered.
    const option = studio.locator(`vscode-single-select#model vscode-option[value="${NEW_SERVICE_MODEL}"]`);
    await option.waitFor({ state: 'attached', timeout: UI_TIMEOUT });
    assert.equal((await option.textContent())?.trim(), 'Nano Banana 4 (preview)');
    await studio.locator('vscode-single-select#model').evaluate((select: any, id: string) => {
      select.value = id;
      select.dispatchEvent(new Event('change'));
    }, NEW_SERVICE_MODEL);

    // The grounding toggle: labelled, reachable by keyboard, off until asked.
    const toggle = studio.locator('vscode-checkbox#grounding');
    await toggle.waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await toggle.evaluate((box: any) => box.checked), false);
    assert.match(await toggle.evaluate((box: any) => String(box.label ?? '')), /Google Search/);
    await toggle.focus();
    await workbench.page.keyboard.press('Space');
    await studio.waitForFunction(() => (globalThis as any).document.querySelector('vscode-checkbox#grounding')?.checked === true, undefined, { timeout: UI_TIMEOUT });
    assert.equal(await studio.locator('#grounding-hint').isVisible(), true, 'the estimate says it leaves search charges out');

    await studio.locator('vscode-single-select#variants').evaluate((select: any) => {
      select.value = '1';
      select.dispatchEvent(new Event('change'));
    });
    await studio.locator('#prompt textarea').fill('the skyline of Lisbon at dusk');
    await studio.waitForFunction(() => /^Generate 1 · /.test((globalThis as any).document.querySelector('#generate')?.textContent ?? ''), undefined, { timeout: UI_TIMEOUT });
    fake.reset();
    fake.setDefault({ kind: 'image', delayMs: 300 });
    await studio.locator('vscode-button#generate').click();

    const grounding = studio.locator('.results-grid .card .grounding');
    await grounding.waitFor({ timeout: UI_TIMEOUT });
    const sent = fake.requests.filter((r) => r.action === 'generateContent');
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.model, NEW_SERVICE_MODEL);
    assert.deepEqual((sent[0]!.body as { tools?: unknown }).tools, [{ googleSearch: {} }]);

    const view = await studio.evaluate(() => {
      const doc = (globalThis as any).document;
      const section = doc.querySelector('.results-grid .grounding');
      const sources = Array.from(section.querySelectorAll('ol.grounding-sources li a') as ArrayLike<any>).map((a) => ({ text: a.textContent, title: a.title, href: a.getAttribute('href'), children: a.children.length }));
      const chips = Array.from(section.querySelectorAll('.chip') as ArrayLike<any>).map((a) => ({ text: a.textContent, title: a.title, tag: a.tagName }));
      return {
        sources,
        chips,
        // Nothing of the rendered entry point made it into the DOM: no element of it, no style, no script, no frame.
        foreign:
          doc.querySelectorAll('.fake-search-entry, .container, .carousel, .headline, iframe').length +
          Array.from(doc.querySelectorAll('script, style') as ArrayLike<any>).filter((node) => /pwned|Roboto/.test(node.textContent ?? '')).length,
        images: section.querySelectorAll('img').length,
        title: doc.title,
      };
    });
    assert.deepEqual(view.sources.map((s: { title: string }) => s.title), ['https://example.com/source-1', 'https://example.com/source-2', 'https://example.com/source-3']);
    assert.equal(view.sources[0]!.text, 'example.com <b>source</b> 1', 'a title with tags shows as text');
    for (const source of view.sources) {
      assert.equal(source.href, '#', 'the link opens through the host, not by navigation');
      assert.equal(source.children, 0, 'no element inside a link');
    }
    assert.ok(view.chips.length > 0, 'search suggestions are shown');
    for (const chip of view.chips) {
      assert.equal(chip.tag, 'A');
      assert.match(chip.title, /^https:\/\/www\.google\.com\/search\?q=/, 'each suggestion leads to the Google Search results page');
    }
    assert.equal(view.foreign, 0, 'no markup of the entry point in the webview');
    assert.equal(view.images, 0);
    assert.notEqual(view.title, 'pwned', 'nothing of it ran');
  });
});
