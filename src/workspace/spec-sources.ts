import type * as vscode from 'vscode';
import type { GenerationDefaults, SpecSources } from '../generation/sources';
import { workspaceFilePort } from './file-port';
import { resolveOutputFolder, resolveWorkspaceFile } from './files';
import type { PresetRegistry } from './presets';
import { defaultAspectRatio, defaultImageSize, editOutputBesideOriginal, outputFolderSetting, usableDefaultModel } from './settings';

/** The defaults of a run in VS Code: the `pictor.*` settings. */
export const settingsDefaults: GenerationDefaults = {
  model: usableDefaultModel,
  aspectRatio: defaultAspectRatio,
  imageSize: defaultImageSize,
  outputFolder: () => outputFolderSetting(),
  editBesideOriginal: editOutputBesideOriginal,
};

/**
 * What the vscode-free spec builders need, from the workspace: `workspace.fs`, the open folders as the
 * root (`folder`: the one output folders are relative to; default the first), presets and settings.
 */
export function workspaceSpecSources(presets: PresetRegistry, folder?: vscode.WorkspaceFolder): SpecSources<vscode.Uri> {
  return {
    port: workspaceFilePort,
    defaults: settingsDefaults,
    preset: (id) => presets.require(id),
    locate: (reference) => resolveWorkspaceFile(reference),
    outputDir: (relative) => resolveOutputFolder(relative, folder).dir,
  };
}
