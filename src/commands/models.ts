import * as vscode from 'vscode';
import * as z from 'zod/mini';
import type { ListedModel } from '../core/models';
import { parseArgs } from '../core/spec';
import type { Services } from '../services';
import { Setting } from '../workspace/settings';

const listArgs = z.strictObject({ refresh: z.optional(z.boolean()) });

export function registerModelCommands(services: Services): vscode.Disposable[] {
  return [vscode.commands.registerCommand('pictor.listModels', (args?: unknown) => listModels(services, args))];
}

/**
 * `pictor.listModels({ refresh? })` → `[{ id, label, status, source }]`. From the palette it shows the
 * same list and offers to make the picked model the default.
 */
async function listModels(services: Services, args?: unknown): Promise<ListedModel[] | undefined> {
  if (args !== undefined && args !== null && !(args instanceof vscode.Uri)) {
    const { refresh } = parseArgs(listArgs, args, 'pictor.listModels');
    try {
      return await services.models.list({ refresh });
    } catch (error) {
      services.log.error(`pictor.listModels failed: ${String((error as Error)?.message ?? error)}`);
      throw error;
    }
  }
  const models = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'Pictor: listing models…' },
    () => services.models.list({ refresh: false }),
  );
  const current = vscode.workspace.getConfiguration('pictor').get<string>('defaultModel');
  const picked = await vscode.window.showQuickPick(
    models.map((m) => ({ label: m.label, description: `${m.id}${m.id === current ? ' · default' : ''}`, detail: describe(m), model: m })),
    { title: 'Pictor: Models for your key', placeHolder: 'Pick a model to make it the default' },
  );
  if (!picked || picked.model.id === current) return models;
  await vscode.workspace.getConfiguration('pictor').update(Setting.defaultModel.replace(/^pictor\./, ''), picked.model.id, vscode.ConfigurationTarget.Global);
  void vscode.window.showInformationMessage(`Pictor: ${picked.model.id} is now the default model.`);
  return models;
}

function describe(m: ListedModel): string {
  const where = { catalog: 'known to Pictor (not listed for this key)', service: 'listed for this key; new to Pictor', both: 'known to Pictor and listed for this key' }[m.source];
  return `${m.status} · ${where}`;
}
