import * as vscode from 'vscode';
import * as path from 'node:path';
import { BatchCostSource } from './batch/cost-records';
import { BatchService } from './batch/service';
import { registerBatchCommands } from './commands/batch';
import { registerBatchPalette } from './commands/batch-palette';
import { registerEditCommands } from './commands/edit';
import { registerGenerateCommands } from './commands/generate';
import { specFromArgs } from './ui/generation-spec';
import { uriLocations } from './workspace/file-port';
import { resolveWorkspaceFile } from './workspace/files';
import { registerInsertCommands } from './commands/insert';
import { registerSidecarCommands } from './commands/sidecar';
import { registerKeyCommands } from './commands/key';
import { registerOutputCommands } from './commands/outputs';
import { registerLibraryCommands } from './commands/library';
import { registerModelCommands } from './commands/models';
import { registerSpendCommands } from './commands/spend';
import { Services } from './services';
import { registerAssetsView } from './views/assets/register';
import { registerBatchJobsView } from './views/batch-jobs/register';
import { registerManifestLanguage } from './views/batch-manifest/language';
import { nestSidecarsInExplorer, suggestFileNestingOnce } from './ui/file-nesting';
import { SidecarContextKey } from './ui/sidecar-context';
import { registerChat } from './views/chat/register';
import { registerSpendView } from './views/spend/register';
import { registerStudio } from './views/studio/register';
import { registerAgentSurfaces } from './tools/register';
import { rememberUserSettings } from './workspace/settings';

/** Wiring only: heavy modules (the Gemini SDK) load on first use. */
export function activate(context: vscode.ExtensionContext): void {
  const services = new Services(context);
  const batchDir = path.join((context.storageUri ?? context.globalStorageUri).fsPath, 'batch');
  const batches = new BatchService({
    storageDir: batchDir,
    log: services.log.for('batch'),
    generator: services.generator,
    client: async () => services.clientFor(await services.requireKey()),
    resolveSpec: (args) => specFromArgs(args, services.presets),
    writer: services.writer,
    locations: uriLocations,
    locate: (reference) => resolveWorkspaceFile(reference),
    approveCost: (estimate, approval) => services.spend.approve(estimate, approval),
  });
  context.subscriptions.push(
    rememberUserSettings(),
    services,
    ...registerKeyCommands(services),
    ...registerModelCommands(services),
    ...registerGenerateCommands(services),
    ...registerEditCommands(services),
    ...registerSidecarCommands(services),
    ...registerInsertCommands(services),
    ...registerOutputCommands(services),
    ...registerChat(services),
    ...registerLibraryCommands(services),
    ...registerAssetsView(services),
    ...registerSpendCommands(services),
    ...registerSpendView(services),
    batches,
    // Jobs not downloaded yet count in the spend report at their batch estimate.
    services.spendReport.addSource(new BatchCostSource(batches.store, batchDir)),
    ...registerBatchCommands(services, batches),
    registerBatchPalette(services, batches),
    ...registerBatchJobsView(services, batches),
    ...registerManifestLanguage(services.presets),
    ...registerStudio(services),
    ...registerAgentSurfaces(services),
    new SidecarContextKey(
      (listener) => services.writer.onWritten((written) => listener(written.uri)),
      () => void suggestFileNestingOnce(context.globalState),
    ),
    vscode.commands.registerCommand('pictor.nestSidecars', () => nestSidecarsInExplorer()),
    vscode.commands.registerCommand('pictor.showLog', () => services.log.show()),
  );
  services.log.for('extension').info(`Pictor ${services.generator.version} activated`);
}

export function deactivate(): void {}
