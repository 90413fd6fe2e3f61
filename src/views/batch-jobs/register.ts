import * as vscode from 'vscode';
import { PictorError } from '../../core/errors';
import type { Logger } from '../../core/log';
import type { BatchService } from '../../batch/service';
import type { Services } from '../../services';
import { BatchPoller } from './poller';
import { BatchJobsTree } from './tree';

/** The "Batch Jobs" view, its poller and status-bar item, and the start-up check of earlier jobs. */
export function registerBatchJobsView(services: Services, batches: BatchService<vscode.Uri>): vscode.Disposable[] {
  const tree = new BatchJobsTree(batches);
  const view = vscode.window.createTreeView('pictor.batchJobs', { treeDataProvider: tree, showCollapseAll: false });
  const poller = new BatchPoller(batches, services.log);
  void checkJobsAtStartUp({ log: services.log, hasKey: async () => !!(await services.keys.get()) }, batches, poller);
  return [tree, view, poller];
}

/** What the start-up check shows and runs: the window's messages and commands (tests pass their own). */
export interface StartUpUi {
  warn(message: string, ...actions: string[]): Thenable<string | undefined>;
  inform(message: string, ...actions: string[]): Thenable<string | undefined>;
  execute(command: string, ...args: unknown[]): Thenable<unknown>;
}

const windowUi: StartUpUi = {
  warn: (message, ...actions) => vscode.window.showWarningMessage(message, ...actions),
  inform: (message, ...actions) => vscode.window.showInformationMessage(message, ...actions),
  execute: (command, ...args) => vscode.commands.executeCommand(command, ...args),
};

/** Explains interrupted submissions, refreshes unfinished jobs and offers finished ones for download. */
export async function checkJobsAtStartUp(
  deps: { log: Logger; hasKey(): Promise<boolean> },
  batches: BatchService<vscode.Uri>,
  poller: { update(): Promise<void> },
  ui: StartUpUi = windowUi,
): Promise<void> {
  try {
    const interrupted = await batches.recoverInterrupted();
    if (interrupted.length) {
      void ui
        .warn(
          `Pictor: ${interrupted.length} batch submission(s) were interrupted before the service confirmed them; they may or may not exist there. See the Batch Jobs view.`,
          'Show Batch Jobs',
        )
        .then((choice) => choice && ui.execute('pictor.batchJobs.focus'));
    }
    const jobs = await batches.list();
    if (!jobs.length) return;
    if (!(await deps.hasKey())) return void poller.update();
    const found = await batches.reconcileUnconfirmed();
    if (found.length) deps.log.info(`${found.length} interrupted batch submission(s) found on the service`);
    const refreshed = await batches.refreshAll();
    const ready = refreshed.filter((j) => j.state === 'JOB_STATE_SUCCEEDED' && !j.downloaded);
    await poller.update();
    if (ready.length) {
      const choice = await ui.inform(
        `Pictor: ${ready.length} batch job(s) finished and can be downloaded: ${ready.map((j) => `"${j.displayName}"`).join(', ')}.`,
        'Download',
        'Show Batch Jobs',
      );
      if (choice === 'Download') for (const job of ready) await ui.execute('pictor.batch.download', { job });
      if (choice === 'Show Batch Jobs') await ui.execute('pictor.batchJobs.focus');
    }
  } catch (error) {
    deps.log.warn(`batch start-up check: ${error instanceof PictorError ? error.message : String(error)}`);
  }
}
