import * as vscode from 'vscode';
import { registerEditCommands } from './commands/edit';
import { registerGenerateCommands } from './commands/generate';
import { registerInsertCommands } from './commands/insert';
import { registerSidecarCommands } from './commands/sidecar';
import { registerKeyCommands } from './commands/key';
import { registerOutputCommands } from './commands/outputs';
import { registerLibraryCommands } from './commands/library';
import { Services } from './services';
import { registerAssetsView } from './views/assets/register';
import { nestSidecarsInExplorer, suggestFileNestingOnce } from './ui/file-nesting';
import { SidecarContextKey } from './ui/sidecar-context';
import { registerChat } from './views/chat/register';
import { registerStudio } from './views/studio/register';

/** Wiring only: heavy modules (the Gemini SDK) load on first use. */
export function activate(context: vscode.ExtensionContext): void {
  const services = new Services(context);
  context.subscriptions.push(
    services,
    ...registerKeyCommands(services),
    ...registerGenerateCommands(services),
    ...registerEditCommands(services),
    ...registerSidecarCommands(services),
    ...registerInsertCommands(services),
    ...registerOutputCommands(services),
    ...registerChat(services),
    ...registerLibraryCommands(services),
    ...registerAssetsView(services),
    ...registerStudio(services),
    new SidecarContextKey(() => void suggestFileNestingOnce(context.globalState)),
    vscode.commands.registerCommand('pictor.nestSidecars', () => nestSidecarsInExplorer()),
    vscode.commands.registerCommand('pictor.showLog', () => services.log.show()),
  );
  services.log.for('extension').info(`Pictor ${services.generator.version} activated`);
}

export function deactivate(): void {}
