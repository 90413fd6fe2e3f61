import * as vscode from 'vscode';
import { PictorError } from '../../core/errors';
import type { BatchService } from '../../batch/service';
import type { Services } from '../../services';
import { BatchPoller } from './poller';
import { BatchJobsTree } from './tree';

/** The "Batch Jobs" view, its poller and status-bar item, and the start-up check of earlier jobs. */
export function registerBatchJobsView(services: Services, batches: BatchService<vscode.Uri>): vscode.Disposable[] {
  const tree = new BatchJobsTree(batches);
  const view = vscode.window.createTreeView('pictor.batchJobs', { treeDataProvider: tree, showCollapseAll: false });
  const poller = new BatchPoller(batches, services.log);
  void startUp(services, batches, poller);
  return [tree, view, poller];
}

/** Explains interrupted submissions, refreshes unfinished jobs and offers finished ones for download. */
async function startUp(services: Services, batches: BatchService<vscode.Uri>, poller: BatchPoller): Promise<void> {
  try {
    const interrupted = await batches.recoverInterrupted();
    if (interrupted.length) {
      void vscode.window.showWarningMessage(
        `Pictor: ${interrupted.length} batch submission(s) were interrupted before the service confirmed them; they may or may not exist there. See the Batch Jobs view.`,
        'Show Batch Jobs',
      ).then((choice) => choice && vscode.commands.executeCommand('pictor.batchJobs.focus'));
    }
    const jobs = await batches.list();
    if (!jobs.length) return;
    if (!(await services.keys.get())) return void poller.update();
    const found = await batches.reconcileUnconfirmed();
    if (found.length) services.log.info(`${found.length} interrupted batch submission(s) found on the service`);
    const refreshed = await batches.refreshAll();
    const ready = refreshed.filter((j) => j.state === 'JOB_STATE_SUCCEEDED' && !j.downloaded);
    await poller.update();
    if (ready.length) {
      const choice = await vscode.window.showInformationMessage(
        `Pictor: ${ready.length} batch job(s) finished and can be downloaded: ${ready.map((j) => `"${j.displayName}"`).join(', ')}.`,
        'Download',
        'Show Batch Jobs',
      );
      if (choice === 'Download') for (const job of ready) await vscode.commands.executeCommand('pictor.batch.download', { job });
      if (choice === 'Show Batch Jobs') await vscode.commands.executeCommand('pictor.batchJobs.focus');
    }
  } catch (error) {
    services.log.warn(`batch start-up check: ${error instanceof PictorError ? error.message : String(error)}`);
  }
}
