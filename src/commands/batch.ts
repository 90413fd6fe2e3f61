import * as vscode from 'vscode';
import { stateLabel, type BatchJobInfo } from '../core/batch-job';
import { PictorError } from '../core/errors';
import type { BatchService, SubmitHooks } from '../batch/service';
import type { Services } from '../services';
import { showPictorError } from '../ui/errors';
import { ensureKeyInteractively } from './run';

/** A tree node or a plain name: tree menus pass the node, scripts the name. */
function nameOf(arg: unknown): unknown {
  if (arg && typeof arg === 'object' && 'job' in arg) return (arg as { job: BatchJobInfo }).job.name;
  if (arg && typeof arg === 'object' && 'name' in arg) return (arg as { name: unknown }).name;
  return arg;
}

const fromTree = (arg: unknown) => !!arg && typeof arg === 'object' && 'job' in arg;

/** The scripted path: no prompts; failures are logged and reject with a coded PictorError. */
async function scripted<T>(services: Services, command: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const failure = PictorError.from(error);
    services.log.error(`${command} failed (${failure.code}): ${failure.message}`);
    throw failure;
  }
}

/** Runs `work` under a cancellable notification. */
async function withProgress<T>(title: string, work: (hooks: SubmitHooks) => Promise<T>): Promise<T> {
  return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    try {
      return await work({ signal: controller.signal, progress: { report: (message) => progress.report({ message }) } });
    } finally {
      subscription.dispose();
    }
  });
}

/** Asks before a job with the same content is submitted again. */
async function confirmDuplicate(existing: BatchJobInfo): Promise<boolean> {
  const choice = await vscode.window.showWarningMessage(
    `The same requests were already submitted as "${existing.displayName}" (${existing.name}, ${stateLabel(existing.state)}). Submit them again, and pay again?`,
    { modal: true },
    'Submit Again',
  );
  return choice === 'Submit Again';
}

/** Submits after the user chose to (palette, CodeLens): progress, the duplicate question, a note when done. */
export async function submitInteractively(batches: BatchService<vscode.Uri>, args: unknown): Promise<{ jobs: BatchJobInfo[] }> {
  const result = await withProgress('Pictor: Submitting batch', (hooks) => batches.submit(args, { ...hooks, confirmDuplicate, interactive: true }));
  announce(result.jobs);
  return result;
}

function announce(jobs: BatchJobInfo[]): void {
  const names = jobs.map((j) => `"${j.displayName}"`).join(', ');
  const what = jobs.length === 1 ? 'batch job' : `${jobs.length} batch jobs`;
  void vscode.window
    .showInformationMessage(`Pictor: Submitted ${what} ${names}. Pictor checks on ${jobs.length === 1 ? 'it' : 'them'} while this window is open.`, 'Show Batch Jobs')
    .then((choice) => {
      if (choice) void vscode.commands.executeCommand('pictor.batchJobs.focus');
    });
}

export function registerBatchCommands(services: Services, batches: BatchService<vscode.Uri>): vscode.Disposable[] {
  const interactive = async <T>(work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch (error) {
      void showPictorError(error, services.log);
      return undefined;
    }
  };

  return [
    vscode.commands.registerCommand('pictor.batch.submit', async (args?: unknown) => {
      if (args === undefined || args === null) return vscode.commands.executeCommand('pictor.batch.generate');
      return scripted(services, 'pictor.batch.submit', () => withProgress('Pictor: Submitting batch', (hooks) => batches.submit(args, hooks)));
    }),
    vscode.commands.registerCommand('pictor.batch.submitManifest', (uri?: vscode.Uri) =>
      interactive(async () => {
        const target = uri ?? vscode.window.activeTextEditor?.document.uri;
        if (!target) throw new PictorError('badInput', 'Open a *.pictor-batch.jsonl manifest first.');
        if (!(await ensureKeyInteractively(services))) return undefined;
        const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
        if (document?.isDirty) await document.save();
        return submitInteractively(batches, { manifest: target });
      }),
    ),
    vscode.commands.registerCommand('pictor.batch.list', () => scripted(services, 'pictor.batch.list', () => batches.list())),
    vscode.commands.registerCommand('pictor.batch.refresh', (arg?: unknown) => {
      const name = nameOf(arg);
      if (name === undefined) return scripted(services, 'pictor.batch.refresh', () => batches.refreshAll());
      const work = () => batches.refresh(name);
      return fromTree(arg) ? interactive(work) : scripted(services, 'pictor.batch.refresh', work);
    }),
    vscode.commands.registerCommand('pictor.batch.cancel', async (arg?: unknown) => {
      if (!fromTree(arg)) return scripted(services, 'pictor.batch.cancel', () => batches.cancel(nameOf(arg)));
      return interactive(() => batches.cancel(nameOf(arg)));
    }),
    vscode.commands.registerCommand('pictor.batch.delete', async (arg?: unknown) => {
      if (!fromTree(arg)) return scripted(services, 'pictor.batch.delete', () => batches.delete(nameOf(arg)));
      const job = (arg as { job: BatchJobInfo }).job;
      const choice = await vscode.window.showWarningMessage(
        `Delete the batch job "${job.displayName}" on the service and from this list? Images already downloaded stay.`,
        { modal: true },
        'Delete',
      );
      if (choice !== 'Delete') return undefined;
      return interactive(() => batches.delete(job.name));
    }),
    vscode.commands.registerCommand('pictor.batch.download', async (arg?: unknown) => {
      const work = () => withProgress('Pictor: Downloading batch results', (hooks) => batches.download(nameOf(arg), hooks.progress, hooks.signal));
      if (!fromTree(arg)) return scripted(services, 'pictor.batch.download', work);
      return interactive(async () => {
        const result = await work();
        const failed = result.failures.length ? `; ${result.failures.length} request(s) failed (see the log)` : '';
        for (const failure of result.failures) services.log.warn(`batch ${String(nameOf(arg))} ${failure.key}: ${failure.code} ${failure.status} — ${failure.message}`);
        const choice = await vscode.window.showInformationMessage(`Pictor: ${result.images.length} image(s) from the batch job are in the workspace${failed}.`, 'Reveal in Explorer');
        if (choice && result.images[0]) await vscode.commands.executeCommand('revealInExplorer', result.images[0].uri);
        return result;
      });
    }),
    vscode.commands.registerCommand('pictor.batch.openManifest', async (arg?: unknown) => {
      const record = await batches.record(nameOf(arg)).catch(() => undefined);
      if (!record?.manifest) return void vscode.window.showInformationMessage('Pictor: this batch job was not submitted from a manifest.');
      await vscode.window.showTextDocument(vscode.Uri.parse(record.manifest));
    }),
  ];
}
