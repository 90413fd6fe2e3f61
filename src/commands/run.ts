import * as vscode from 'vscode';
import { abortOnCancel, type CancellationTokenLike } from '../core/cancellation';
import { PictorError } from '../core/errors';
import type { GenerationSpec } from '../core/spec';
import { runPostprocessedGeneration, type Postprocessing } from '../postprocess';
import type { CostEstimate } from '../core/estimate';
import { asSent } from '../ui/generation-spec';
import { runGeneration, type GenerationOutcome, type OutputPlan, type SavedImage } from '../pipeline';
import type { CostApproval } from '../spend/guard';
import type { Services } from '../services';
import { showPictorError, type ErrorHandlers } from '../ui/errors';
import { workspaceRelativePath } from '../workspace/files';
import { maxConcurrentRequests, openAfterGenerate } from '../workspace/settings';

/** What `pictor.generate` (and the other generating commands) resolve to: public API. */
export interface CommandResult {
  images: Array<{ uri: vscode.Uri; sidecar: vscode.Uri }>;
  text?: string;
}

export function toCommandResult(outcome: GenerationOutcome<vscode.Uri>): CommandResult {
  return {
    images: outcome.images.map((i) => ({ uri: i.uri, sidecar: i.sidecarUri })),
    ...(outcome.text ? { text: outcome.text } : {}),
  };
}

export { asSent } from '../ui/generation-spec';

/** How a run may be stopped or approved: the spend approval, and a caller's cancellation token. */
export type RunControl = CostApproval & { cancellationToken?: CancellationTokenLike };

/** The palette and menus ask before an expensive run; scripts pass their `confirmCost`. */
export const INTERACTIVE: RunControl = { interactive: true };
/** A scripted run: no questions; `confirmCost` and `cancellationToken` from its argument object. */
export const scripted = (args: { confirmCost?: boolean; cancellationToken?: CancellationTokenLike }): RunControl => ({
  interactive: false,
  confirmCost: args.confirmCost,
  ...(args.cancellationToken ? { cancellationToken: args.cancellationToken } : {}),
});

/**
 * Runs the pipeline under a cancellable progress notification. The pipeline's last check before any
 * request is the spend check: a run that would pass the monthly budget (or, from a script, is above the
 * confirmation threshold without `confirmCost: false`) is refused with `budget`. With `open`, each image opens as
 * soon as it is saved (when `pictor.openAfterGenerate` is on), while the other requests are still running.
 * `control.cancellationToken` (a script's or agent tool's) cancels exactly like the notification's
 * Cancel: rejects `cancelled`, nothing kept.
 */
export async function generateWithProgress(
  services: Services,
  spec: GenerationSpec,
  plan: OutputPlan<vscode.Uri>,
  title: string,
  open?: OpenOptions,
  control: RunControl = INTERACTIVE,
  postprocessing?: Postprocessing,
): Promise<GenerationOutcome<vscode.Uri>> {
  // Where the files will go is checked by the pipeline, before anything is paid for.
  const key = await services.requireKey();
  const client = services.clientFor(key);
  if (key.source !== 'secretStorage') services.log.for('commands').info(`Using the API key from the ${key.source} environment variable.`);
  const opener = open && openAfterGenerate() ? new ResultOpener(open, services) : undefined;
  // The spec as sent (tier, thinking level): what is priced is what is paid for.
  const sent = asSent(spec);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (progress, progressToken) => {
      const controller = new AbortController();
      const subscription = progressToken.onCancellationRequested(() => controller.abort());
      const fromCaller = abortOnCancel(control.cancellationToken, controller);
      const started = Date.now();
      try {
        if (key.source !== 'secretStorage') progress.report({ message: `using the key from ${key.source}` });
        const deps = {
          client,
          log: services.log.for('pipeline'),
          generator: services.generator,
          maxConcurrent: maxConcurrentRequests(),
          writer: services.writer,
          approveCost: (estimate: CostEstimate, otherChecks?: Promise<void>) => services.spend.approve(estimate, control, otherChecks),
        };
        const hooks = {
          progress: { report: (message: string, increment?: number) => progress.report({ message, increment }) },
          ...(opener ? { onImage: (image: SavedImage<vscode.Uri>) => opener.open(image) } : {}),
        };
        const outcome = postprocessing
          ? await runPostprocessedGeneration(sent, plan, deps, controller.signal, hooks, postprocessing)
          : await runGeneration(sent, plan, deps, controller.signal, hooks);
        services.log.for('commands').info(`done: ${outcome.images.length} image(s) in ${Date.now() - started} ms`);
        await opener?.settled();
        return outcome;
      } finally {
        subscription.dispose();
        fromCaller.dispose();
      }
    },
  );
}

/** Images already opened as they arrived; the presenting step skips them. */
const openedEarly = new WeakSet<SavedImage<vscode.Uri>>();

/** Opens results one by one as they are saved, in arrival order, beside an edit's original. */
class ResultOpener {
  private queue: Promise<void> = Promise.resolve();
  private column: Promise<vscode.ViewColumn | undefined> | undefined;

  constructor(
    private readonly options: OpenOptions,
    private readonly services: Services,
  ) {}

  open(image: SavedImage<vscode.Uri>): void {
    openedEarly.add(image);
    this.queue = this.queue
      .then(async () => {
        this.column ??= this.options.original ? showOriginal(this.options.original) : Promise.resolve(undefined);
        const column = await this.column;
        await vscode.commands.executeCommand('vscode.open', image.uri, {
          preview: false,
          preserveFocus: !!this.options.preserveFocus,
          ...(column ? { viewColumn: column + 1 } : {}),
        });
      })
      .catch((error: unknown) => this.services.log.for('commands').warn(`could not open ${String(image.uri)}: ${String(error)}`));
  }

  settled(): Promise<void> {
    return this.queue;
  }
}

/** The interactive path: offers "Set API Key" when none exists and resumes after it is set. */
export async function ensureKeyInteractively(services: Services): Promise<boolean> {
  if (await services.keys.get()) return true;
  const choice = await vscode.window.showWarningMessage(
    'Pictor needs a Gemini API key to generate images.',
    'Set API Key',
    'Get a Key',
  );
  if (choice === 'Get a Key') await vscode.env.openExternal(vscode.Uri.parse('https://aistudio.google.com/apikey'));
  // After getting a key the user comes back to paste it, and the generation resumes.
  if (choice !== 'Set API Key' && choice !== 'Get a Key') return false;
  const result = (await vscode.commands.executeCommand('pictor.setApiKey')) as { stored?: boolean } | undefined;
  return !!result?.stored;
}

export interface OpenOptions {
  /** An edit's source: shown too, with the results in the group beside it, so the two can be compared. */
  original?: vscode.Uri;
  /** Scripted runs open results without taking the focus from the caller. */
  preserveFocus?: boolean;
}

/** Opens the results when `pictor.openAfterGenerate` is on. */
export async function openResults(outcome: GenerationOutcome<vscode.Uri>, options: OpenOptions = {}): Promise<void> {
  const images = outcome.images.filter((image) => !openedEarly.has(image));
  if (!openAfterGenerate() || !images.length) return;
  const column = options.original ? await showOriginal(options.original) : undefined;
  for (const image of images) {
    await vscode.commands.executeCommand('vscode.open', image.uri, {
      preview: false,
      preserveFocus: !!options.preserveFocus,
      ...(column ? { viewColumn: column + 1 } : {}),
    });
  }
}

/** The column showing `uri`, opening it (as a preview, focus kept) where the user is when it is not shown. */
async function showOriginal(uri: vscode.Uri): Promise<vscode.ViewColumn> {
  const shown = vscode.window.tabGroups.all.find((group) => {
    const input = group.activeTab?.input;
    return (input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText) && input.uri.toString() === uri.toString();
  });
  if (shown) return shown.viewColumn;
  await vscode.commands.executeCommand('vscode.open', uri, { preview: true, preserveFocus: true });
  return vscode.window.tabGroups.activeTabGroup.viewColumn;
}

/**
 * The scripted path (an argument object): no prompts; results open as the setting says; failures are
 * logged and reject with a coded PictorError. (Warnings were logged by the pipeline.)
 */
export async function runScripted(
  services: Services,
  command: string,
  work: () => Promise<{ outcome: GenerationOutcome<vscode.Uri>; open?: OpenOptions }>,
): Promise<CommandResult> {
  try {
    const { outcome, open } = await work();
    void openResults(outcome, { ...open, preserveFocus: true }).catch((error) => services.log.for('commands').warn(`could not open the results: ${String(error)}`));
    return toCommandResult(outcome);
  } catch (error) {
    const failure = PictorError.from(error);
    services.log.for('commands').error(`${command} failed (${failure.code}): ${failure.message}`);
    throw failure;
  }
}

/** Opens the results, reports warnings and offers next steps. */
export async function presentOutcome(services: Services, outcome: GenerationOutcome<vscode.Uri>, options: OpenOptions = {}): Promise<void> {
  for (const warning of outcome.warnings) void vscode.window.showWarningMessage(`Pictor: ${warning}`);
  await openResults(outcome, options);
  const first = outcome.images[0];
  if (!first) return;
  const names = outcome.images.map((i) => workspaceRelativePath(i.uri));
  const summary = names.length === 1 ? names[0] : `${names.length} images in ${names[0]?.split('/').slice(0, -1).join('/') || '.'}`;
  services.log.for('commands').info(`presented ${names.join(', ')}`);
  const choice = await vscode.window.showInformationMessage(`Pictor: Saved ${summary}`, 'Reveal in Explorer', 'Show Prompt');
  if (choice === 'Reveal in Explorer') await vscode.commands.executeCommand('revealInExplorer', first.uri);
  if (choice === 'Show Prompt') await vscode.window.showTextDocument(first.sidecarUri, { preview: true });
}

/**
 * Shows a failure with the buttons of the shared action table; "Show Text" appears when the model
 * answered in words. `handlers` say what this flow can do again (Retry, Edit Prompt, Use …).
 */
export function reportFailure(services: Services, error: unknown, handlers: Omit<ErrorHandlers, 'extra'> = {}): void {
  const failure = PictorError.from(error);
  const extra: Record<string, () => unknown> = {};
  if (failure.text) {
    extra['Show Text'] = async () => {
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: failure.text });
      await vscode.window.showTextDocument(doc, { preview: true });
    };
  }
  void showPictorError(failure, services.log.for('commands'), { ...handlers, extra });
}
