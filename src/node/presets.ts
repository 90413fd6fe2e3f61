import * as path from 'node:path';
import { PictorError } from '../core/errors';
import type { Logger } from '../core/log';
import { PRESETS, findPresetIn, type PresetDefinition } from '../core/presets';
import { WORKSPACE_PRESETS_FILE, parseWorkspacePresets } from '../core/workspace-presets';
import type { NodeFilePort } from './file-port';

/**
 * Built-in presets plus the root folder's `.pictor/presets.json` (read at each call: a CLI run is one
 * call, and the MCP server sees edits at once).
 * @throws PictorError('badInput') naming the unknown preset and the ids there are.
 */
export async function presetFromRoot(port: NodeFilePort, id: string, log: Logger): Promise<PresetDefinition> {
  const all: PresetDefinition[] = [...PRESETS];
  const file = path.join(port.root, ...WORKSPACE_PRESETS_FILE.split('/'));
  const text = await port.readFile(file).then((bytes) => new TextDecoder().decode(bytes), () => undefined);
  if (text !== undefined) {
    const { presets, problems } = parseWorkspacePresets(text);
    for (const problem of problems) log.warn(`${WORKSPACE_PRESETS_FILE}: ${problem}`);
    for (const preset of presets) if (!all.some((p) => p.id === preset.id)) all.push(preset);
  }
  const found = findPresetIn(all, id);
  if (!found) throw new PictorError('badInput', `Unknown preset "${id}". Presets: ${all.map((p) => p.id).join(', ')}.`);
  return found;
}
