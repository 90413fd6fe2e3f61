import * as vscode from 'vscode';
import { isActive } from '../../core/batch-job';
import { PictorError } from '../../core/errors';
import type { Logger } from '../../core/log';
import type { BatchService } from '../../batch/service';

/** First wait after a change, and the longest between two checks (the service targets 24 hours). */
const FIRST_DELAY_MS = 15_000;
const MAX_DELAY_MS = 10 * 60_000;

/** Schedules and clears one wait (`setTimeout`/`clearTimeout` by default). */
export interface PollTimers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/**
 * Polls active jobs while the window is open, doubling the wait after each check that changed nothing
 * (15 s up to 10 min) and starting over when a job is submitted. A status-bar item shows how many run.
 */
export class BatchPoller implements vscode.Disposable {
  private timer: unknown;
  private delay = FIRST_DELAY_MS;
  private readonly status = vscode.window.createStatusBarItem('pictor.batchJobs', vscode.StatusBarAlignment.Left, 10);
  private readonly subscription: vscode.Disposable;
  private active = 0;
  /** While a check runs, its own record changes must not schedule the next one before the new delay is known. */
  private checking = false;

  constructor(
    private readonly batches: Pick<BatchService<vscode.Uri>, 'list' | 'refreshAll' | 'onDidChange'>,
    private readonly log: Logger,
    /** Where waits are scheduled (tests pass their own clock). */
    private readonly timers: PollTimers = { set: (run, ms) => setTimeout(run, ms), clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>) },
  ) {
    this.status.name = 'Pictor Batch Jobs';
    this.status.command = 'pictor.batchJobs.focus';
    this.subscription = batches.onDidChange(() => void this.update());
  }

  dispose(): void {
    if (this.timer) this.timers.clear(this.timer);
    this.subscription.dispose();
    this.status.dispose();
  }

  /** Recounts active jobs; a new active job restarts the backoff. */
  async update(): Promise<void> {
    const active = (await this.batches.list()).filter((j) => isActive(j.state)).length;
    if (active > this.active) this.restart();
    this.active = active;
    if (active) {
      this.status.text = `$(sync~spin) ${active} batch job${active === 1 ? '' : 's'}`;
      this.status.tooltip = 'Pictor batch jobs running. Click to show them.';
      this.status.show();
      if (!this.timer && !this.checking) this.schedule();
    } else {
      this.status.hide();
      if (this.timer) this.timers.clear(this.timer);
      this.timer = undefined;
    }
  }

  private restart(): void {
    this.delay = FIRST_DELAY_MS;
    if (this.timer) this.timers.clear(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    this.timer = this.timers.set(() => void this.tick(), this.delay);
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    this.checking = true;
    try {
      const before = JSON.stringify((await this.batches.list()).map((j) => [j.name, j.state, j.updatedAt]));
      const after = JSON.stringify((await this.batches.refreshAll()).map((j) => [j.name, j.state, j.updatedAt]));
      this.delay = after === before ? Math.min(this.delay * 2, MAX_DELAY_MS) : FIRST_DELAY_MS;
    } catch (error) {
      // No key, or offline: try again later without a message each time.
      this.log.warn(`batch poll: ${error instanceof PictorError ? `${error.code}: ${error.message}` : String(error)}`);
      this.delay = Math.min(this.delay * 2, MAX_DELAY_MS);
    } finally {
      this.checking = false;
    }
    await this.update();
    if (this.active && !this.timer) this.schedule();
  }
}
