import * as vscode from 'vscode';
import { PictorError } from '../core/errors';
import type { Logger } from '../core/log';
import { PRESETS, describePreset, findPresetIn, type Preset, type PresetDefinition } from '../core/presets';
import {
  WORKSPACE_PRESETS_FILE,
  parseWorkspacePresets,
  toWorkspaceEntry,
  upsertWorkspacePreset,
  type WorkspacePresetEntry,
} from '../core/workspace-presets';
import { workspaceFilePort } from './file-port';
import { replaceFileAtomically } from './files';

interface LoadedFile {
  /** `mtime:size` of the file when read; a different stamp means read it again. */
  stamp: string;
  presets: PresetDefinition[];
}

/**
 * Built-in presets plus each workspace folder's `.pictor/presets.json`. Files are read on first use and
 * again when they change: a watcher says so, and a cheap `stat` per call catches what a watcher missed.
 */
export class PresetRegistry implements vscode.Disposable {
  private readonly files = new Map<string, LoadedFile>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a workspace presets file was created, changed or deleted. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private watching = false;
  /** True from the end of a `list()` until a presets file or the open folders change. */
  private everyFileRead = false;
  private revisionCount = 0;

  /** Grows each time what `known()` can answer may have changed (a file read anew or gone, folders changed). */
  get revision(): number {
    return this.revisionCount;
  }

  constructor(private readonly log: Logger) {}

  /** Every preset: built-ins first, then workspace presets in file order (a later duplicate id is skipped). */
  async list(): Promise<PresetDefinition[]> {
    this.watch();
    const all: PresetDefinition[] = [...PRESETS];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      for (const preset of await this.folderPresets(folder)) {
        if (all.some((p) => p.id === preset.id)) {
          this.log.warn(`${folder.name}/${WORKSPACE_PRESETS_FILE}: preset "${preset.id}" is already defined in another folder; skipped`);
        } else all.push(preset);
      }
    }
    this.everyFileRead = true;
    return all;
  }

  /** What `pictor.listPresets` returns. */
  async describeAll(): Promise<Preset[]> {
    return (await this.list()).map(describePreset);
  }

  /**
   * A preset by id or alias from what is known now, without reading a file: a built-in, or a workspace
   * preset of a file already read (`list()` reads them), the open folders in order as `list()` takes them
   * (a removed folder's presets are not known). For views that must answer at once.
   * @throws PictorError `badInput` as `require` does, once `list()` has read every folder's file;
   *   before that, an id not known yet gives undefined
   */
  known(id: string): PresetDefinition | undefined {
    const builtIn = findPresetIn(PRESETS, id);
    if (builtIn) return builtIn;
    const read = (vscode.workspace.workspaceFolders ?? []).flatMap((folder) => this.files.get(presetsFileOf(folder).toString())?.presets ?? []);
    // The first folder's preset wins, as in list(), which skips a later one with the same id.
    const found = findPresetIn(read, id);
    if (!found && this.everyFileRead) throw unknownPreset(id, [...PRESETS, ...read]);
    return found;
  }

  /**
   * A preset by id or alias.
   * @throws PictorError `badInput` naming the unknown preset and the ids there are
   */
  async require(id: string): Promise<PresetDefinition> {
    // A built-in id always names the built-in (a workspace preset with its id is skipped), so the
    // workspace files are not looked at for one: every generation asks, most for a built-in.
    const builtIn = findPresetIn(PRESETS, id);
    if (builtIn) return builtIn;
    const presets = await this.list();
    const found = findPresetIn(presets, id);
    if (!found) throw unknownPreset(id, presets);
    return found;
  }

  /**
   * Writes a preset into a folder's `.pictor/presets.json` (creating it), keeping the other entries.
   * An existing preset with the same id is replaced only when `confirmOverwrite` says yes.
   * @returns `saved`, or `kept` when the user declined to replace the existing preset
   * @throws PictorError `badInput` when the preset is invalid, its id is a built-in's, or the file cannot be merged
   */
  async saveWorkspacePreset(
    folder: vscode.WorkspaceFolder,
    preset: Omit<PresetDefinition, 'source'>,
    confirmOverwrite: (existing: WorkspacePresetEntry) => Thenable<boolean> | boolean,
  ): Promise<'saved' | 'kept'> {
    if (PRESETS.some((p) => p.id === preset.id)) throw new PictorError('badInput', `"${preset.id}" is a built-in preset; choose another id.`);
    const uri = presetsFileOf(folder);
    const current = await readText(uri);
    const entry = toWorkspaceEntry(preset);
    // Check the entry the way the loader will, so a saved preset is always one that loads.
    const check = parseWorkspacePresets(JSON.stringify({ presets: [entry] }));
    if (check.problems.length) throw new PictorError('badInput', `This preset cannot be saved: ${check.problems[0]}`);
    let outcome;
    try {
      outcome = upsertWorkspacePreset(current, entry, false);
      if (outcome.status === 'exists') {
        if (!(await confirmOverwrite(outcome.existing))) return 'kept';
        outcome = upsertWorkspacePreset(current, entry, true);
      }
    } catch (error) {
      throw new PictorError('badInput', error instanceof Error ? error.message : String(error), { cause: error });
    }
    if (outcome.status !== 'written') return 'kept';
    await replaceFileAtomically(uri, new TextEncoder().encode(outcome.text));
    this.files.delete(uri.toString());
    this.changed.fire();
    return 'saved';
  }

  private async folderPresets(folder: vscode.WorkspaceFolder): Promise<PresetDefinition[]> {
    const uri = presetsFileOf(folder);
    const key = uri.toString();
    // Through the file port: every generation asks, and a local file needs no round trip to the window.
    const stat = await workspaceFilePort.stat(uri);
    if (!stat) {
      if (this.files.delete(key)) this.revisionCount++;
      return [];
    }
    const stamp = `${stat.mtime}:${stat.size}`;
    const cached = this.files.get(key);
    if (cached?.stamp === stamp) return cached.presets;
    const text = (await readText(uri)) ?? '';
    const { presets, problems } = parseWorkspacePresets(text);
    for (const problem of problems) this.log.warn(`${folder.name}/${WORKSPACE_PRESETS_FILE}: ${problem}`);
    this.files.set(key, { stamp, presets });
    this.revisionCount++;
    return presets;
  }

  /** Started on first use, so a workspace that never asks for presets never watches for them. */
  private watch(): void {
    if (this.watching) return;
    this.watching = true;
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${WORKSPACE_PRESETS_FILE}`);
    const onEvent = (uri: vscode.Uri) => {
      this.files.delete(uri.toString());
      this.everyFileRead = false;
      this.revisionCount++;
      this.changed.fire();
    };
    this.disposables.push(
      watcher,
      watcher.onDidCreate(onEvent),
      watcher.onDidChange(onEvent),
      watcher.onDidDelete(onEvent),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.everyFileRead = false;
        this.revisionCount++;
        this.changed.fire();
      }),
    );
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function unknownPreset(id: string, presets: readonly PresetDefinition[]): PictorError {
  return new PictorError('badInput', `Unknown preset "${id}". Presets: ${presets.map((p) => p.id).join(', ')}.`);
}

export function presetsFileOf(folder: vscode.WorkspaceFolder): vscode.Uri {
  return vscode.Uri.joinPath(folder.uri, ...WORKSPACE_PRESETS_FILE.split('/'));
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}
