import type * as vscode from 'vscode';
import { withServiceSettings, type GenerateArgs, type GenerationSpec } from '../core/spec';
import { specFromGenerateArgs } from '../generation/generate-spec';
import type { PresetRegistry } from '../workspace/presets';
import { allowRequestStorage, serviceTierSetting, thinkingLevelSetting } from '../workspace/settings';
import { workspaceSpecSources } from '../workspace/spec-sources';

/**
 * Turns validated arguments into a spec and an output plan (reads references, resolves folders). The
 * preset (built-in or workspace) and its fields are checked here, before any request; the preset's
 * defaults fill what the arguments leave open.
 * @throws PictorError `badInput` for an unknown preset, an unknown or missing field, a bad value
 */
export function specFromArgs(
  args: GenerateArgs,
  presets: PresetRegistry,
  folder?: vscode.WorkspaceFolder,
): Promise<{ spec: GenerationSpec; plan: { dir: vscode.Uri; baseName: string } }> {
  return specFromGenerateArgs(args, workspaceSpecSources(presets, folder));
}

/** A spec with the service settings (tier, thinking level, storage) it is sent with. */
export function asSent(spec: GenerationSpec): GenerationSpec {
  return withServiceSettings(spec, { thinkingLevel: thinkingLevelSetting(), serviceTier: serviceTierSetting(), allowRequestStorage: allowRequestStorage() });
}
