import * as vscode from 'vscode';
import { nestingPatternsWithSidecars } from '../core/file-nesting';

const SUGGESTED = 'pictor.fileNestingSuggested';
const NEST = 'Nest Sidecars';

/** Whether the Explorer already nests every image's sidecar under it. */
function nestingInPlace(): boolean {
  const explorer = vscode.workspace.getConfiguration('explorer.fileNesting');
  return explorer.get<boolean>('enabled') === true && !nestingPatternsWithSidecars(explorer.get<Record<string, string>>('patterns') ?? {}).changed;
}

/**
 * Turns on Explorer file nesting in the user's settings and adds `*.png` → `${capture}.png.json` (and the
 * other image types), keeping the patterns already there.
 */
export async function nestSidecarsInExplorer(): Promise<void> {
  const explorer = vscode.workspace.getConfiguration('explorer.fileNesting');
  const userPatterns = explorer.inspect<Record<string, string>>('patterns')?.globalValue ?? {};
  // The merged value (defaults + user) decides what is already nested; only the user's own entries are written.
  const { patterns } = nestingPatternsWithSidecars({ ...explorer.get<Record<string, string>>('patterns'), ...userPatterns });
  await explorer.update('patterns', { ...userPatterns, ...patterns }, vscode.ConfigurationTarget.Global);
  await explorer.update('enabled', true, vscode.ConfigurationTarget.Global);
}

/**
 * Once per user (remembered in global state), when a workspace first holds a sidecar: offers to nest
 * sidecars under their images in the Explorer. Says nothing when nesting is already set up that way.
 */
export async function suggestFileNestingOnce(globalState: vscode.Memento): Promise<void> {
  if (globalState.get<boolean>(SUGGESTED) || nestingInPlace()) return;
  await globalState.update(SUGGESTED, true);
  const choice = await vscode.window.showInformationMessage(
    'Pictor saves a .json sidecar beside each image. Nest the sidecars under their images in the Explorer?',
    NEST,
  );
  if (choice === NEST) await nestSidecarsInExplorer();
}
