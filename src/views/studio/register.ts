import * as vscode from 'vscode';
import type { Services } from '../../services';
import { parseStudioArgs } from './args';
import { StudioPanel, StudioSerializer } from './panel';

/** `pictor.openStudio` and the Studio panel's serializer (the panel itself is made on first open). */
export function registerStudio(services: Services): vscode.Disposable[] {
  const studio = new StudioPanel(services);
  return [
    studio,
    vscode.window.registerWebviewPanelSerializer(StudioPanel.viewType, new StudioSerializer(studio)),
    vscode.commands.registerCommand('pictor.openStudio', async (first?: unknown, second?: unknown) => {
      await studio.open(parseStudioArgs(first, second));
    }),
    // The same, titled for images' context menus (the selected images become references).
    vscode.commands.registerCommand('pictor.openInStudio', async (first?: unknown, second?: unknown) => {
      await studio.open(parseStudioArgs(first, second));
    }),
  ];
}
