import * as vscode from 'vscode';
import type { Services } from '../services';

/** `pictor.listPresets` and `pictor.gallery.query`: data for the Studio, scripts and other extensions. */
export function registerLibraryCommands(services: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('pictor.listPresets', () => services.presets.describeAll()),
    vscode.commands.registerCommand('pictor.gallery.query', (args?: unknown) => services.gallery.query(args)),
  ];
}
