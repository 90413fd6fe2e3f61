// Drives the real VS Code workbench (code-server + chromium) for UI tests. By default Pictor is installed
// from the repo (symlinked into the server's extensions dir) and the workbench runs without the smoke-test
// driver, so it behaves as a user's would: that driver, which extensionDevelopmentPath in the URL payload
// needs, also hides notification toasts.
//
//   const workbench = await Workbench.open();
//   await workbench.runCommand('Pictor: Generate Image');
//   await workbench.answerQuickInput('a red fox');
//   assert.match((await workbench.notifications()).join('\n'), /Saved/);
//   await workbench.close();
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Frame, FrameLocator, Locator, Page } from 'playwright-core';
import { launchBrowser, startCodeServer, type CodeServer } from '../runners/code-server';
import { copyFixtureWorkspace, repoRoot, userGeminiEnv } from '../runners/paths';

export interface WorkbenchOptions {
  userSettings?: Record<string, unknown>;
  /** Added to the server's environment, so to the extension host's (GEMINI_API_KEY etc. are not inherited). */
  env?: Record<string, string>;
  /** Folder to open; default: a fresh copy of test/fixtures/workspace (removed on close). */
  workspace?: string;
  /** Extension to load; default: this repo. `null` loads none. */
  extensionPath?: string | null;
  /**
   * Load it as extensionDevelopmentPath (development mode, like F5) instead of installing it. Needs the
   * smoke-test driver, so notifications go only to the Notifications Center.
   */
  developmentMode?: boolean;
}

/** Keeps VS Code's own chat out of the pictures and away from the keyboard focus. */
export const QUIET_WORKBENCH_SETTINGS: Record<string, unknown> = {
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

const READY_TIMEOUT_MS = 60_000;
const UI_TIMEOUT_MS = 20_000;

const QUICK_INPUT = '.quick-input-widget';
const QUICK_INPUT_BOX = `${QUICK_INPUT} .quick-input-box input`;
const QUICK_INPUT_ROWS = `${QUICK_INPUT} .monaco-list-row`;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class Workbench {
  private constructor(
    readonly server: CodeServer,
    private readonly browser: Browser,
    readonly page: Page,
    readonly workspace: string,
    private readonly ownsWorkspace: boolean,
    /** Loaded via extensionDevelopmentPath under the smoke-test driver: no toasts. */
    readonly developmentMode: boolean,
  ) {}

  /** Starts a fresh server and browser, opens the workspace and waits for the workbench and extension host. */
  static async open(options: WorkbenchOptions = {}): Promise<Workbench> {
    const ownsWorkspace = options.workspace === undefined;
    const workspace = options.workspace ?? copyFixtureWorkspace();
    const extensionPath = options.extensionPath === undefined ? repoRoot : options.extensionPath;
    const developmentMode = Boolean(options.developmentMode && extensionPath);
    const server = await startCodeServer({
      userSettings: options.userSettings,
      env: options.env,
      unsetEnv: userGeminiEnv,
      smokeTestDriver: developmentMode,
      extensions: extensionPath && !developmentMode ? [extensionPath] : [],
    });
    let browser: Browser | undefined;
    try {
      browser = await launchBrowser();
      const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
      const workbench = new Workbench(server, browser, page, workspace, ownsWorkspace, developmentMode);
      await page.goto(
        server.workbenchUrl(workspace, developmentMode && extensionPath ? { extensionDevelopmentPath: extensionPath } : {}),
      );
      await workbench.waitForReady();
      await workbench.waitForExtensionHost();
      return workbench;
    } catch (error) {
      await browser?.close().catch(() => undefined);
      await server.stop();
      if (ownsWorkspace) fs.rmSync(workspace, { recursive: true, force: true });
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await this.server.stop();
    if (this.ownsWorkspace) fs.rmSync(this.workspace, { recursive: true, force: true });
  }

  /** The workbench has rendered its parts and the explorer shows the workspace. */
  async waitForReady(): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ timeout: READY_TIMEOUT_MS });
    await this.page.locator('.part.statusbar').waitFor({ timeout: READY_TIMEOUT_MS });
    await this.page
      .locator('.explorer-folders-view .monaco-list-row')
      .first()
      .waitFor({ timeout: READY_TIMEOUT_MS });
  }

  /**
   * The server's extension host logs, oldest first (one `exthostN` folder per host; a window reload starts
   * a new one). Without the smoke-test driver they are the only reliable "ready"/"activated" signal.
   */
  private extensionHostLogs(): { host: number; file: string }[] {
    const logs: { host: number; file: string }[] = [];
    if (!fs.existsSync(this.server.logsDir)) return logs;
    for (const session of fs.readdirSync(this.server.logsDir)) {
      const sessionDir = path.join(this.server.logsDir, session);
      if (!fs.statSync(sessionDir).isDirectory()) continue;
      for (const folder of fs.readdirSync(sessionDir)) {
        const match = /^exthost(\d+)$/.exec(folder);
        const file = path.join(sessionDir, folder, 'remoteexthost.log');
        if (match && fs.existsSync(file)) logs.push({ host: Number(match[1]), file });
      }
    }
    return logs.sort((a, b) => a.host - b.host);
  }

  private async poll(check: () => boolean, what: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) {
        throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what} (logs: ${this.server.logsDir})`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  private currentHost = 0;

  /** An extension host newer than `afterHost` has started and run its startup activations. */
  async waitForExtensionHost(afterHost = 0, timeoutMs = READY_TIMEOUT_MS): Promise<void> {
    await this.poll(
      () => {
        const ready = this.extensionHostLogs().find(
          ({ host, file }) => host > afterHost && fs.readFileSync(file, 'utf8').includes('Eager extensions activated'),
        );
        if (ready) this.currentHost = ready.host;
        return Boolean(ready);
      },
      'the extension host',
      timeoutMs,
    );
  }

  /** Waits until the current extension host has activated `extensionId` (e.g. after a command). */
  async waitForExtensionActivated(extensionId: string, timeoutMs = READY_TIMEOUT_MS): Promise<void> {
    const activated = new RegExp(`ExtensionService#_doActivateExtension ${escapeRegExp(extensionId)}\\b`, 'i');
    await this.poll(
      () => {
        const log = this.extensionHostLogs().find(({ host }) => host === this.currentHost);
        return Boolean(log && activated.test(fs.readFileSync(log.file, 'utf8')));
      },
      `${extensionId} to activate`,
      timeoutMs,
    );
  }

  /** "Developer: Reload Window", then waits for the new workbench and extension host. */
  async reload(): Promise<void> {
    const previousHost = this.currentHost;
    await this.runCommand('Developer: Reload Window');
    await this.page.waitForLoadState('load');
    await this.page.locator('.part.statusbar').waitFor({ timeout: READY_TIMEOUT_MS });
    await this.waitForExtensionHost(previousHost);
  }

  /**
   * Switches the colour theme through the palette, as a user would, and waits until the workbench and
   * (when given) a webview have picked it up.
   */
  async setColorTheme(label: string, dark: boolean, webview?: Frame): Promise<void> {
    await this.runCommand('Preferences: Color Theme');
    await this.answerQuickPickWithText(label);
    await this.page.waitForFunction(
      (wantDark) => (globalThis as any).document.querySelector('.monaco-workbench')?.classList.contains(wantDark ? 'vs-dark' : 'vs'),
      dark,
      { timeout: READY_TIMEOUT_MS },
    );
    await webview?.waitForFunction((wantDark) => (globalThis as any).document.body.classList.contains(wantDark ? 'vscode-dark' : 'vscode-light'), dark, { timeout: READY_TIMEOUT_MS });
  }

  /** Pictor activates on its first command (or view); call after triggering one. */
  async waitForPictor(timeoutMs = READY_TIMEOUT_MS): Promise<void> {
    await this.waitForExtensionActivated('pictor.pictor', timeoutMs);
  }

  // ---- quick input (command palette, pickers, input boxes) ----

  private get quickInput(): Locator {
    return this.page.locator(QUICK_INPUT);
  }

  /** Opens the command palette (F1) with `>` typed. */
  async openCommandPalette(): Promise<void> {
    const deadline = Date.now() + UI_TIMEOUT_MS;
    for (;;) {
      await this.page.keyboard.press('F1');
      const wait = Math.max(1_000, Math.min(4_000, deadline - Date.now()));
      if (await this.page.locator(QUICK_INPUT_BOX).waitFor({ state: 'visible', timeout: wait }).then(() => true, () => false)) return;
      if (Date.now() >= deadline) throw new Error(`The command palette did not open within ${UI_TIMEOUT_MS / 1000} s`);
      // A key pressed while a webview (e.g. the image preview just opened) has the focus may not reach the
      // workbench: hand the focus back to the workbench document and press again.
      await this.page.evaluate(() => ((globalThis as any).document.activeElement as { blur?: () => void } | null)?.blur?.());
    }
  }

  /** Labels of the rows currently listed in the quick input. */
  async quickPickItems(): Promise<string[]> {
    const rows = this.page.locator(`${QUICK_INPUT_ROWS} .label-name`);
    return (await rows.allInnerTexts()).map((text) => text.trim());
  }

  /** The row whose label is exactly `label` (after any typing has filtered the list). */
  private quickPickRow(label: string): Locator {
    return this.page
      .locator(QUICK_INPUT_ROWS)
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }) })
      .first();
  }

  /** Runs a command by its palette title, e.g. "View: Toggle Terminal" or "Pictor: Set API Key". */
  async runCommand(title: string, timeoutMs = UI_TIMEOUT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 1; ; attempt++) {
      await this.openCommandPalette();
      // A modal dialog left over from an earlier step makes the palette inert and then closes it: answer
      // it with Escape (a leftover question is never this step's) and open the palette again.
      const filled = await this.page
        .locator(QUICK_INPUT_BOX)
        .fill(`>${title}`, { timeout: 5_000 })
        .then(() => true, () => false);
      if (!filled) {
        const dialog = this.page.locator('.monaco-dialog-box');
        if (await dialog.isVisible()) {
          // Said in the log so a run that needed it names the step that left the question open.
          const text = (await dialog.innerText().catch(() => '')).replace(/\s+/g, ' ').trim();
          console.warn(`      (a dialog was left open before "${title}": ${text || 'no text'}; answered with Escape)`);
          await this.page.keyboard.press('Escape');
        }
        if (Date.now() >= deadline) throw new Error(`The command palette could not take "${title}"`);
        continue;
      }
      // Wait for the exact row rather than pressing Enter at once: Enter would run whatever matched first
      // while the list is still filtering. A palette opened before the extension's commands were known
      // keeps its stale list, so reopen it if the row does not come.
      const row = this.quickPickRow(title);
      const wait = Math.max(1_000, Math.min(7_000, deadline - Date.now()));
      if (await row.waitFor({ state: 'visible', timeout: wait }).then(() => true, () => false)) {
        await row.click();
        // The palette is done once it hides, or once the command put its own input in its place (a hide
        // and show can be too quick to observe as "hidden").
        await this.page
          .waitForFunction(
            ([widget, box, typed]) => {
              const doc = (globalThis as any).document;
              const shown = doc.querySelector(widget);
              const hidden = !shown || (globalThis as any).getComputedStyle(shown).display === 'none';
              return hidden || doc.querySelector(box)?.value !== typed;
            },
            [QUICK_INPUT, QUICK_INPUT_BOX, `>${title}`] as const,
            { timeout: UI_TIMEOUT_MS },
          )
          .catch(() => undefined);
        return;
      }
      const listed = await this.quickPickItems();
      await this.page.keyboard.press('Escape');
      if (Date.now() >= deadline) {
        throw new Error(`No command "${title}" in the palette after ${attempt} tries; listed: ${listed.join(' | ') || 'nothing'}`);
      }
    }
  }

  /** Types `text` into the open input box (showInputBox / quick pick filter) and accepts it. */
  async answerQuickInput(text: string): Promise<void> {
    const input = this.page.locator(QUICK_INPUT_BOX);
    await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await input.fill(text);
    await input.press('Enter');
  }

  /**
   * Types free text into a quick pick that offers the typed text as its own row, and accepts that row once
   * it is listed (Enter before then would accept whatever matched first).
   */
  async answerQuickPickWithText(text: string): Promise<void> {
    const input = this.page.locator(QUICK_INPUT_BOX);
    await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await input.fill(text);
    await this.quickPickRow(text).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await input.press('Enter');
  }

  /** Picks the item labelled `label` in the open quick pick. */
  async pickQuickItem(label: string): Promise<void> {
    await this.quickInput.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const row = this.quickPickRow(label);
    await row.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await row.click();
  }

  /**
   * Chooses an item of the open context menu. A click that comes right as the menu opens can be taken
   * for the end of the right-click and ignored, leaving the menu open: then click again.
   */
  async chooseContextMenuItem(label: string): Promise<void> {
    const menu = this.page.locator('.context-view .monaco-menu');
    const item = menu.locator('.action-item', { hasText: label }).first();
    await item.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const deadline = Date.now() + UI_TIMEOUT_MS;
    for (;;) {
      await item.click();
      if (await menu.waitFor({ state: 'hidden', timeout: 2_000 }).then(() => true, () => false)) return;
      if (Date.now() > deadline) throw new Error(`The context menu item "${label}" did not run`);
    }
  }

  // ---- notifications, editors ----

  private readonly toastItems = () => this.page.locator('.notifications-toasts .notification-list-item');
  private readonly centerItems = () => this.page.locator('.notifications-center .notification-list-item');
  private readonly center = () => this.page.locator('.notifications-center');

  /** Shows or hides the Notifications Center with the status bar bell (no palette: open quick picks survive). */
  private async setCenterVisible(visible: boolean): Promise<void> {
    if ((await this.center().isVisible()) === visible) return;
    await this.page.locator('[id="status.notifications"]').click();
    await this.center().waitFor({ state: visible ? 'visible' : 'hidden', timeout: UI_TIMEOUT_MS });
  }

  /** Closes the Notifications Center (`waitForNotification` may leave it open): new toasts show again. */
  async hideNotificationCenter(): Promise<void> {
    await this.setCenterVisible(false);
  }

  /**
   * Texts of the visible toasts and, with `includeCenter` (default), of the Notifications Center, which
   * holds every message (toasts time out; under the smoke-test driver there are none). The center is
   * opened briefly and closed again; note that opening it retires the current toasts into it.
   */
  async notifications({ includeCenter = true } = {}): Promise<string[]> {
    const message = '.notification-list-item-message';
    const texts = await this.toastItems().locator(message).allInnerTexts();
    if (includeCenter) {
      const wasVisible = await this.center().isVisible();
      await this.setCenterVisible(true);
      texts.push(...(await this.centerItems().locator(message).allInnerTexts()));
      if (!wasVisible) await this.setCenterVisible(false);
    }
    return [...new Set(texts.map((text) => text.trim()).filter(Boolean))];
  }

  /**
   * Waits for a notification matching `pattern` and returns its text; afterwards `notification(pattern)`
   * locates it (with its buttons). Watches the toasts, which is unintrusive; looks in the Notifications
   * Center only when toasts cannot show it (development mode) or at the deadline, and then leaves the
   * center open so that the item stays visible.
   */
  async waitForNotification(pattern: RegExp, timeoutMs = UI_TIMEOUT_MS): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let nextCenterCheck = this.developmentMode ? 0 : deadline;
    for (;;) {
      const toast = this.toastItems().filter({ hasText: pattern }).first();
      if (await toast.isVisible()) return (await toast.locator('.notification-list-item-message').innerText()).trim();
      if (Date.now() >= nextCenterCheck) {
        const wasVisible = await this.center().isVisible();
        await this.setCenterVisible(true);
        const item = this.centerItems().filter({ hasText: pattern }).first();
        if (await item.isVisible()) return (await item.locator('.notification-list-item-message').innerText()).trim();
        if (!wasVisible) await this.setCenterVisible(false);
        nextCenterCheck = Date.now() + 2_000;
      }
      if (Date.now() > deadline) {
        const seen = await this.notifications();
        throw new Error(`No notification matching ${pattern} within ${timeoutMs / 1000} s; seen: ${JSON.stringify(seen)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** The visible notification (toast or center item) matching `pattern`, e.g. to read or click its buttons. */
  notification(pattern: RegExp): Locator {
    return this.page
      .locator('.notifications-toasts .notification-list-item, .notifications-center .notification-list-item')
      .filter({ hasText: pattern, visible: true })
      .first();
  }

  /** Labels of the buttons of the visible notification matching `pattern`. */
  async notificationButtons(pattern: RegExp): Promise<string[]> {
    return (await this.notification(pattern).locator('.monaco-button').allInnerTexts()).map((text) => text.trim());
  }

  /** Labels of the open editor tabs, in order. */
  async editorTabs(): Promise<string[]> {
    return (await this.page.locator('.tabs-container .tab .label-name').allInnerTexts()).map((text) => text.trim());
  }

  /** For an `afterEach`: a failed test leaves a screenshot in `.tmp/e2e/` to look at. */
  async screenshotIfFailed(test: Mocha.Test | undefined): Promise<void> {
    if (test?.state !== 'failed') return;
    await this.screenshot(path.join(repoRoot, '.tmp', 'e2e', `${test.fullTitle().replace(/\W+/g, '-')}.png`));
  }

  async screenshot(file: string): Promise<void> {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await this.page.screenshot({ path: file });
  }

  // ---- webviews: iframe.webview (host page) → #active-frame (the extension's HTML) ----

  /** Locator-style access to the `index`-th webview's content. */
  webview(index = 0): FrameLocator {
    return this.page.locator('iframe.webview').nth(index).contentFrame().locator('#active-frame').contentFrame();
  }

  /**
   * The content Frame of the first webview that contains `selector` (any webview when omitted),
   * once its document has loaded. Use it for evaluate() / waitForSelector().
   */
  async webviewFrame(selector?: string, timeoutMs = UI_TIMEOUT_MS): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const outer of await this.page.locator('iframe.webview').elementHandles()) {
        try {
          const hostFrame = await outer.contentFrame();
          const inner = await hostFrame?.$('#active-frame');
          const frame = await inner?.contentFrame();
          if (frame && (!selector || (await frame.$(selector)))) return frame;
        } catch (error) {
          // A webview that is still loading navigates under the probe: look again on the next round.
          if (!/Execution context was destroyed|detached|Target closed/i.test(String((error as Error)?.message ?? error))) throw error;
        }
      }
      if (Date.now() > deadline) {
        throw new Error(`No webview${selector ? ` containing ${selector}` : ''} within ${timeoutMs / 1000} s`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
