// Drives the real VS Code workbench (code-server + chromium) for UI tests. No smoke-test driver: the
// page behaves as a user's would, with Pictor loaded from the repo via extensionDevelopmentPath.
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
import { copyFixtureWorkspace, repoRoot } from '../runners/paths';

export interface WorkbenchOptions {
  userSettings?: Record<string, unknown>;
  /** Added to the server's environment, so to the extension host's. */
  env?: Record<string, string>;
  /** Folder to open; default: a fresh copy of test/fixtures/workspace (removed on close). */
  workspace?: string;
  /** Extension to load; default: this repo. `null` loads none. */
  extensionDevelopmentPath?: string | null;
}

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
  ) {}

  /** Starts a fresh server and browser, opens the workspace and waits for the workbench and extension host. */
  static async open(options: WorkbenchOptions = {}): Promise<Workbench> {
    const ownsWorkspace = options.workspace === undefined;
    const workspace = options.workspace ?? copyFixtureWorkspace();
    const server = await startCodeServer({ userSettings: options.userSettings, env: options.env });
    let browser: Browser | undefined;
    try {
      browser = await launchBrowser();
      const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
      const workbench = new Workbench(server, browser, page, workspace, ownsWorkspace);
      const extensionDevelopmentPath =
        options.extensionDevelopmentPath === undefined ? repoRoot : options.extensionDevelopmentPath;
      await page.goto(server.workbenchUrl(workspace, extensionDevelopmentPath ? { extensionDevelopmentPath } : {}));
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

  /** Server-side extension host logs; the only reliable "activated" signal without the smoke-test driver. */
  private extensionHostLog(): string {
    const files: string[] = [];
    const walk = (dir: string) => {
      if (!fs.existsSync(dir)) return;
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/exthost\.log$/.test(entry.name)) files.push(full);
      }
    };
    walk(this.server.logsDir);
    return files.map((file) => fs.readFileSync(file, 'utf8')).join('\n');
  }

  private async waitForLog(pattern: RegExp, what: string, timeoutMs = READY_TIMEOUT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (pattern.test(this.extensionHostLog())) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what} (logs: ${this.server.logsDir})`);
  }

  /** The remote extension host has started and run its startup activations. */
  async waitForExtensionHost(): Promise<void> {
    await this.waitForLog(/Eager extensions activated/, 'the extension host');
  }

  /** Waits until the extension host has activated `extensionId` (e.g. after a command or on startup). */
  async waitForExtensionActivated(extensionId = 'pictor.pictor', timeoutMs = READY_TIMEOUT_MS): Promise<void> {
    const id = escapeRegExp(extensionId);
    await this.waitForLog(new RegExp(`ExtensionService#_doActivateExtension ${id}\\b`, 'i'), `${extensionId} to activate`, timeoutMs);
  }

  // ---- quick input (command palette, pickers, input boxes) ----

  private get quickInput(): Locator {
    return this.page.locator(QUICK_INPUT);
  }

  /** Opens the command palette (F1) with `>` typed. */
  async openCommandPalette(): Promise<void> {
    await this.page.keyboard.press('F1');
    await this.page.locator(QUICK_INPUT_BOX).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
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
  async runCommand(title: string): Promise<void> {
    await this.openCommandPalette();
    await this.page.locator(QUICK_INPUT_BOX).fill(`>${title}`);
    // Waiting for the exact row (rather than pressing Enter at once) avoids running whatever matched first
    // while the list is still being filtered or the command is still being registered.
    const row = this.quickPickRow(title);
    await row.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await row.click();
    await this.quickInput.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS }).catch(() => undefined);
  }

  /** Types `text` into the open input box (showInputBox / quick pick filter) and accepts it. */
  async answerQuickInput(text: string): Promise<void> {
    const input = this.page.locator(QUICK_INPUT_BOX);
    await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await input.fill(text);
    await input.press('Enter');
  }

  /** Picks the item labelled `label` in the open quick pick. */
  async pickQuickItem(label: string): Promise<void> {
    await this.quickInput.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    const row = this.quickPickRow(label);
    await row.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await row.click();
  }

  // ---- notifications, editors ----

  /**
   * Texts of the notification toasts and of the Notifications Center (information messages often go
   * straight to the center). Opens the center briefly when `includeCenter` is set.
   */
  async notifications({ includeCenter = true } = {}): Promise<string[]> {
    const messages = '.notification-list-item-message';
    const texts = await this.page.locator(`.notifications-toasts ${messages}`).allInnerTexts();
    if (includeCenter) {
      const center = this.page.locator('.notifications-center');
      const wasVisible = await center.isVisible().catch(() => false);
      if (!wasVisible) await this.runCommand('Notifications: Show Notifications');
      await center.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
      texts.push(...(await this.page.locator(`.notifications-center ${messages}`).allInnerTexts()));
      if (!wasVisible) await this.runCommand('Notifications: Hide Notifications');
    }
    return [...new Set(texts.map((text) => text.trim()).filter(Boolean))];
  }

  /** Waits until a toast or center notification matches `pattern`; returns its text. */
  async waitForNotification(pattern: RegExp, timeoutMs = UI_TIMEOUT_MS): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = (await this.notifications({ includeCenter: false })).find((text) => pattern.test(text))
        ?? (await this.notifications()).find((text) => pattern.test(text));
      if (match) return match;
      if (Date.now() > deadline) throw new Error(`No notification matching ${pattern} within ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  /** Labels of the open editor tabs, in order. */
  async editorTabs(): Promise<string[]> {
    return (await this.page.locator('.tabs-container .tab .label-name').allInnerTexts()).map((text) => text.trim());
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
        const hostFrame = await outer.contentFrame();
        const inner = await hostFrame?.$('#active-frame');
        const frame = await inner?.contentFrame();
        if (frame && (!selector || (await frame.$(selector)))) return frame;
      }
      if (Date.now() > deadline) {
        throw new Error(`No webview${selector ? ` containing ${selector}` : ''} within ${timeoutMs / 1000} s`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
