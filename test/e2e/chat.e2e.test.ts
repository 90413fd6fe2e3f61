import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { estimateChatTurn } from '../../src/core/conversation-cost';
import { formatUsd } from '../../src/core/estimate';
import { NEW_SERVICE_MODEL, startFakeGemini, type FakeGemini } from '../fake-gemini';
import { screenshotsDir } from '../runners/paths';
import { QUIET_WORKBENCH_SETTINGS, Workbench } from './workbench';

const PROMPT_BOX = 'textarea.prompt';
const UI_TIMEOUT = 60_000;
const screenshots = screenshotsDir;

function generateRequests(fake: FakeGemini) {
  return fake.requests.filter((r) => r.action === 'generateContent');
}

/** Waits for a file the extension writes (the workspace is a plain folder on this machine). */
async function waitForFile(file: string, timeoutMs = UI_TIMEOUT): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${file} was not written within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('chat view (e2e)', function () {
  this.timeout(300_000);
  let fake: FakeGemini;
  let workbench: Workbench;
  let chat: Frame;

  async function openChat(viaCommand = true): Promise<Frame> {
    if (viaCommand) await workbench.runCommand('Pictor: Open Chat');
    await workbench.waitForPictor();
    chat = await workbench.webviewFrame(PROMPT_BOX, UI_TIMEOUT);
    return chat;
  }

  async function send(prompt: string): Promise<void> {
    await chat.click(PROMPT_BOX);
    await chat.fill(PROMPT_BOX, prompt);
    await chat.press(PROMPT_BOX, 'Enter');
  }

  /** Waits until `count` result images are shown and the newest has loaded. */
  async function waitForResults(count: number): Promise<void> {
    await chat.waitForFunction(
      (n) => {
        const images = Array.from((globalThis as any).document.querySelectorAll('img.result-image')) as Array<{ complete: boolean; naturalWidth: number }>;
        // Images load lazily: the newest (scrolled into view) must have loaded.
        const newest = images[n - 1];
        return images.length >= n && !!newest && newest.complete && newest.naturalWidth > 0;
      },
      count,
      { timeout: UI_TIMEOUT },
    );
  }

  /** Switches the colour theme through the palette, as a user would. */
  async function setTheme(label: string, dark: boolean): Promise<void> {
    await workbench.setColorTheme(label, dark, chat);
  }

  /** After a reload the sidebar shows Pictor rather than the Explorer: wait for the workbench itself. */
  async function waitForWorkbench(): Promise<void> {
    await workbench.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await workbench.page.locator('.part.statusbar').waitFor({ timeout: 60_000 });
  }

  before(async () => {
    fake = await startFakeGemini();
    fake.setDefault({ kind: 'image', delayMs: 300 });
    workbench = await Workbench.open({
      userSettings: {
        'pictor.api.baseUrl': fake.url,
        'pictor.openAfterGenerate': false,
        'pictor.defaultModel': 'gemini-3-pro-image',
        'pictor.defaultAspectRatio': '4:3',
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

  it('sends a prompt from the chat view, shows the image and saves the file', async () => {
    await openChat();
    assert.equal(await chat.locator('.conversation-title').innerText(), 'New chat');
    await send('a watercolor fox in a snowy forest');
    await waitForResults(1);
    const file = path.join(workbench.workspace, 'assets', 'generated', 'a-watercolor-fox-in-a-snowy-forest.png');
    await waitForFile(file);
    await waitForFile(`${file}.json`);
    const sidecar = JSON.parse(fs.readFileSync(`${file}.json`, 'utf8'));
    assert.equal(sidecar.conversation.turn, 1);
    assert.equal(await chat.locator('.conversation-title').innerText(), 'a watercolor fox in a snowy forest');
    assert.equal(await chat.locator('figcaption').first().innerText(), 'assets/generated/a-watercolor-fox-in-a-snowy-forest.png');
    assert.equal(await chat.locator('details.thinking').first().getAttribute('open'), null, 'thinking is collapsed');
    assert.equal(await chat.inputValue(PROMPT_BOX), '', 'the composer is cleared');
    // The settings bar's model menu gains the models only the key's models.list has, by the service's name.
    const listed = chat.locator(`select[title="Model"] option[value="${NEW_SERVICE_MODEL}"]`);
    await listed.waitFor({ state: 'attached', timeout: UI_TIMEOUT });
    assert.equal((await listed.textContent())?.trim(), 'Nano Banana 4 (preview)');
  });

  it('attaches a workspace image and continues the conversation with it', async () => {
    await workbench.runCommand('Pictor: Add to Chat');
    await workbench.pickQuickItem('images/sample.png');
    await workbench.page.keyboard.press('Enter');
    await chat.locator('.attachment').first().waitFor({ timeout: UI_TIMEOUT });
    assert.match(await chat.locator('.limit-note').innerText(), /1 of 14 images/);
    await send('blend it with this sketch');
    await waitForResults(2);
    const requests = generateRequests(fake);
    const last = requests[requests.length - 1].body;
    assert.equal(last.contents.length, 3, 'the first exchange and the new prompt');
    assert.ok(last.contents[2].parts[1].inlineData, 'the attachment is sent');
    assert.ok(last.contents[1].parts.some((p: { thoughtSignature?: string }) => p.thoughtSignature), 'signatures go back');
    assert.equal(await chat.locator('.attachment').count(), 0, 'attachments are cleared after sending');
  });

  it('stops a slow request and gives the prompt back', async () => {
    fake.enqueue({ kind: 'hang' });
    const sent = generateRequests(fake).length;
    await send('make it stormy');
    await chat.locator('button.stop').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await chat.locator('.status').waitFor({ timeout: UI_TIMEOUT });
    // Stop only once the request is on the wire (the hanging answer is then used up).
    await fake.waitForRequests(sent + 1, UI_TIMEOUT);
    await chat.press(PROMPT_BOX, 'Escape');
    await chat.locator('.turn-error.stopped').waitFor({ timeout: UI_TIMEOUT });
    await chat.waitForFunction((selector) => (globalThis as any).document.querySelector(selector).value === 'make it stormy', PROMPT_BOX, { timeout: UI_TIMEOUT });
    assert.equal(await chat.locator('button.send').isVisible(), true);
    assert.equal(await chat.locator('img.result-image').count(), 2, 'earlier turns stay');
    await chat.fill(PROMPT_BOX, '');
    // Retry from the inline error sends the same prompt again.
    await chat.locator('.turn-error .error-actions button', { hasText: 'Retry' }).click();
    await waitForResults(3);
    await chat.locator('.turn-error').waitFor({ state: 'detached', timeout: UI_TIMEOUT });
  });

  it('a blocked prompt leads with Edit Prompt (the shared action table), which puts the prompt back', async () => {
    fake.enqueue({ kind: 'blocked', blockReason: 'SAFETY' });
    await send('something the filter refuses');
    await chat.locator('.turn-error').waitFor({ timeout: UI_TIMEOUT });
    const buttons = (await chat.locator('.turn-error .error-actions button').allInnerTexts()).map((b) => b.trim());
    assert.deepEqual(buttons, ['Edit Prompt', 'Retry', 'Show Log']);
    await chat.locator('.turn-error .error-actions button', { hasText: 'Edit Prompt' }).click();
    await chat.waitForFunction((selector) => (globalThis as any).document.querySelector(selector).value === 'something the filter refuses', PROMPT_BOX, { timeout: UI_TIMEOUT });
    await chat.locator('.turn-error').waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    assert.equal(await chat.locator('img.result-image').count(), 3, 'earlier turns stay');
    await chat.fill(PROMPT_BOX, '');
  });

  it('keeps the draft and attachments when the view is hidden and shown again', async () => {
    await chat.fill(PROMPT_BOX, 'a half-written idea');
    // "Use as Reference" on the first image puts it into the composer.
    await chat.locator('figure.result').first().locator('button[aria-label="Use as Reference"]').click();
    await chat.locator('.attachment').first().waitFor({ timeout: UI_TIMEOUT });
    await workbench.runCommand('View: Show Explorer');
    await workbench.page.locator('.explorer-folders-view').waitFor({ timeout: UI_TIMEOUT });
    await openChat();
    assert.equal(await chat.inputValue(PROMPT_BOX), 'a half-written idea');
    assert.equal(await chat.locator('.attachment').count(), 1);
    assert.equal(await chat.locator('img.result-image').count(), 3, 'the conversation is shown again');
    await chat.locator('.attachment button').click();
    await chat.fill(PROMPT_BOX, '');
  });

  it('attaches images by pasting and by dropping files from the Explorer', async () => {
    const sample = fs.readFileSync(path.join(workbench.workspace, 'images', 'sample.png')).toString('base64');
    await chat.locator(PROMPT_BOX).evaluate((box, data) => {
      const g = globalThis as any;
      const bytes = Uint8Array.from(g.atob(data), (c: string) => c.charCodeAt(0));
      const transfer = new g.DataTransfer();
      transfer.items.add(new g.File([bytes], 'clipboard.png', { type: 'image/png' }));
      box.dispatchEvent(new g.ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
    }, sample);
    await chat.locator('.attachment', { hasText: 'pasted-image.png' }).waitFor({ timeout: UI_TIMEOUT });
    assert.ok(fs.existsSync(path.join(workbench.workspace, 'assets', 'generated', 'pasted-image.png')), 'the pasted image is saved in the workspace');

    // What the Explorer puts on a drag: the workbench's own (remote) URI of the file.
    const dropped = `vscode-remote://${new URL(workbench.server.baseUrl).host}${path.join(workbench.workspace, 'images', 'sample.png')}`;
    const outside = 'file:///etc/hostname';
    await chat.locator('.transcript').evaluate((target, uris) => {
      const g = globalThis as any;
      const transfer = new g.DataTransfer();
      transfer.setData('application/vnd.code.uri-list', uris.join('\r\n'));
      target.dispatchEvent(new g.DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, [dropped, outside]);
    await chat.locator('.attachment', { hasText: 'sample.png' }).waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await chat.locator('.attachment').count(), 2, 'only workspace images are attached');
    for (let i = 0; i < 2; i++) await chat.locator('.attachment button').first().click();
  });

  it('shows search grounding as links that run no script', async () => {
    await chat.locator('.settings-row label', { hasText: 'Google Search' }).locator('input[type="checkbox"]').check();
    await send('a weather infographic for Paris today');
    await waitForResults(4);
    const grounding = chat.locator('.grounding').last();
    await grounding.waitFor({ timeout: UI_TIMEOUT });
    assert.ok((await grounding.locator('ol li a').count()) > 0, 'sources are listed');
    assert.ok((await grounding.locator('.chip').count()) > 0, 'search suggestions are shown');
    assert.equal(await chat.locator('.transcript :is(script, iframe, style, object, embed)').count(), 0, 'nothing from the response became live HTML');
    const last = generateRequests(fake).at(-1)?.body;
    assert.deepEqual(last.tools, [{ googleSearch: {} }]);
  });

  it('takes screenshots in light and dark themes', async () => {
    fs.mkdirSync(screenshots, { recursive: true });
    // Show what a Pro answer holds: its thinking, opened.
    await chat.locator('details.thinking').last().evaluate((details) => details.setAttribute('open', ''));
    const sidebar = workbench.page.locator('.part.sidebar');
    const scrollDown = () =>
      chat.evaluate(() => {
        const transcript = (globalThis as any).document.querySelector('.transcript');
        if (transcript) transcript.scrollTop = transcript.scrollHeight;
      });
    await scrollDown();
    await sidebar.screenshot({ path: path.join(screenshots, 'chat-light.png') });
    await setTheme('Dark Modern', true);
    await scrollDown();
    await sidebar.screenshot({ path: path.join(screenshots, 'chat-dark.png') });
    await setTheme('Light Modern', false);
    assert.ok(fs.statSync(path.join(screenshots, 'chat-dark.png')).size > 10_000);
  });

  it('starts a new chat and switches back through the conversation list', async () => {
    await workbench.runCommand('Pictor: New Chat');
    await chat.waitForFunction(() => (globalThis as any).document.querySelector('.conversation-title')?.textContent === 'New chat', undefined, { timeout: UI_TIMEOUT });
    assert.equal(await chat.locator('article.turn').count(), 0);
    await send('a second, unrelated idea');
    await waitForResults(1);
    await workbench.runCommand('Pictor: Show Chat History');
    const items = chat.locator('.history-item');
    await items.nth(1).waitFor({ timeout: UI_TIMEOUT });
    assert.deepEqual(
      (await chat.locator('.history-title').allInnerTexts()).map((t) => t.trim()),
      ['a second, unrelated idea', 'a watercolor fox in a snowy forest'],
      'most recent first, titled by their first prompt',
    );
    await items.nth(1).locator('.history-open').click();
    await chat.waitForFunction(() => (globalThis as any).document.querySelectorAll('img.result-image').length === 4, undefined, { timeout: UI_TIMEOUT });
    assert.equal(await chat.locator('.conversation-title').innerText(), 'a watercolor fox in a snowy forest');
    assert.equal(await chat.locator('.history').isVisible(), false, 'the list closes after picking');
  });

  it('keeps what is being written with its own conversation when switching', async () => {
    const box = chat.locator(PROMPT_BOX);
    const switchTo = async (title: string) => {
      await workbench.runCommand('Pictor: Show Chat History');
      await chat.locator('.history-item', { hasText: title }).locator('.history-open').click();
      await chat.waitForFunction((t) => (globalThis as any).document.querySelector('.conversation-title')?.textContent === t, title, { timeout: UI_TIMEOUT });
    };
    await box.fill('fox draft: add a lantern');
    await box.dispatchEvent('input');
    await switchTo('a second, unrelated idea');
    assert.equal(await box.inputValue(), '', 'the other conversation has its own (empty) draft');
    await box.fill('second draft');
    await box.dispatchEvent('input');
    await switchTo('a watercolor fox in a snowy forest');
    assert.equal(await box.inputValue(), 'fox draft: add a lantern');
    await switchTo('a second, unrelated idea');
    assert.equal(await box.inputValue(), 'second draft');
    await switchTo('a watercolor fox in a snowy forest');
  });

  it('restores the conversation after a window reload and continues it', async () => {
    const before = generateRequests(fake).length;
    await workbench.runCommand('Developer: Reload Window');
    await waitForWorkbench();
    // The chat view was open before the reload, so it comes back by itself.
    await openChat(false);
    await chat.locator('article.turn').nth(3).waitFor({ timeout: UI_TIMEOUT });
    assert.equal(await chat.locator('.conversation-title').innerText(), 'a watercolor fox in a snowy forest');
    await waitForResults(4);
    assert.equal(await chat.locator(PROMPT_BOX).inputValue(), 'fox draft: add a lantern', "the conversation's draft survives the reload");
    await send('add a red scarf');
    await waitForResults(5);
    const requests = generateRequests(fake);
    assert.equal(requests.length, before + 1);
    assert.equal(requests[requests.length - 1].body.contents.length, 9, 'four exchanges and the new prompt after the reload');
  });

  it('counts down a wait before a retry, second by second', async () => {
    fake.enqueue({ kind: 'error', status: 429, retryDelay: '4s' });
    await send('add snowflakes');
    const status = chat.locator('article.turn.pending .status');
    await status.filter({ hasText: /Rate limited; retry 1 in [34] s…/ }).waitFor({ timeout: UI_TIMEOUT });
    const first = Number(/in (\d) s/.exec(await status.innerText())![1]);
    await status.filter({ hasText: new RegExp(`Rate limited; retry 1 in ${first - 1} s…`) }).waitFor({ timeout: 5_000 });
    await waitForResults(6);
  });

  it('shows the turn\'s estimate in the composer, with the whole history, and sends a transparent turn from the toggle', async () => {
    const note = chat.locator('.estimate-note');
    const shows = (text: string) =>
      chat.waitForFunction((t) => (globalThis as any).document.querySelector('.estimate-note')?.textContent === t, text, { timeout: UI_TIMEOUT });
    const usdShown = async () => Number(/\$(\d+\.\d+)/.exec(await note.innerText())![1]);
    // The fox conversation: six earlier turns travel again with the next one, and the composer says so.
    await chat.waitForFunction(() => /6 earlier turns/.test((globalThis as any).document.querySelector('.estimate-note')?.title ?? ''), undefined, { timeout: UI_TIMEOUT });
    const withHistory = await usdShown();

    await workbench.runCommand('Pictor: New Chat');
    await chat.waitForFunction(() => (globalThis as any).document.querySelector('.conversation-title')?.textContent === 'New chat', undefined, { timeout: UI_TIMEOUT });
    const prompt = 'a red fox logo';
    const settings = { model: 'gemini-3-pro-image', imageSize: '1K' as const };
    await chat.fill(PROMPT_BOX, prompt);
    await chat.locator(PROMPT_BOX).dispatchEvent('input');
    // The same figure as the one estimator gives for this turn, updated as the prompt was typed.
    await shows(`≈ ${formatUsd(estimateChatTurn({ conversation: undefined, settings, prompt, attachments: 0 }).usd)}`);
    assert.match(await note.getAttribute('title') ?? '', /nothing earlier is sent/);
    assert.ok((await usdShown()) < withHistory, 'a new chat re-sends no history, so it costs less');
    assert.equal(await chat.locator('button.send').getAttribute('aria-describedby'), 'turn-estimate', 'Send is described by the estimate');

    // The toggle, from the keyboard: labelled for screen readers, and the estimate counts the second call.
    const toggle = chat.locator('.transparent-toggle input[type=checkbox]');
    assert.match((await toggle.getAttribute('aria-label')) ?? '', /^Transparent background/);
    await toggle.focus();
    await toggle.press('Space');
    assert.equal(await toggle.isChecked(), true);
    await shows(`≈ ${formatUsd(estimateChatTurn({ conversation: undefined, settings, prompt, attachments: 0, background: 'transparent' }).usd)}`);

    const before = generateRequests(fake).length;
    await chat.press(PROMPT_BOX, 'Enter');
    const file = path.join(workbench.workspace, 'assets', 'generated', 'a-red-fox-logo.png');
    await waitForFile(`${file}.json`);
    await waitForResults(1);
    const requests = generateRequests(fake);
    assert.equal(requests.length, before + 2, 'the turn on white, then its edit onto black');
    assert.ok(fs.existsSync(path.join(workbench.workspace, 'assets', 'generated', 'a-red-fox-logo.white.png')));
    const sidecar = JSON.parse(fs.readFileSync(`${file}.json`, 'utf8'));
    assert.equal(sidecar.postprocess[0].op, 'differenceMatte');
    assert.match(await chat.locator('article.turn').last().innerText(), /transparent/);
    await toggle.press('Space');
    assert.equal(await toggle.isChecked(), false);
  });
});
