import * as vscode from 'vscode';
import { combineEstimates, estimateCost, formatUsd, type CostSpec } from '../../core/estimate';
import { MANIFEST_SUFFIX, readManifest } from '../../core/batch-manifest';
import { PictorError } from '../../core/errors';
import { resolvePresetFields, type PresetDefinition } from '../../core/presets';
import { validateSpec } from '../../core/spec';
import { resolveRequestOptions } from '../../generation/generate-spec';
import type { PresetRegistry } from '../../workspace/presets';
import { settingsDefaults } from '../../workspace/spec-sources';

const isManifest = (document: vscode.TextDocument) => document.uri.path.toLowerCase().endsWith(MANIFEST_SUFFIX);

/**
 * What the manifest's valid lines ask for: request count and estimated cost at both prices. Each line's
 * model, aspect ratio and size are resolved as submitting resolves them (its preset's defaults, then the
 * settings), and its preset fields are checked as submitting checks them; `presetOf` answers for the
 * presets known now (undefined: a workspace preset not read yet).
 */
function summarize(
  text: string,
  presetOf: (id: string) => PresetDefinition | undefined,
): { count: number; lines: number; batch: number | null; interactive: number | null; problems: Array<{ line: number; message: string }> } {
  const { entries, problems } = readManifest(text);
  const specs: CostSpec[] = [];
  for (const entry of entries) {
    const { args } = entry;
    try {
      // The catalog checks submission makes (a retired model with its replacement, a size or aspect ratio
      // the model does not make, an unknown preset once the workspace's presets are read, …), named on
      // their line before anything can be submitted. References are checked when submitting.
      const preset = presetOf(args.preset ?? 'blank');
      // An unknown field or a value the field does not take fails submitting too.
      if (preset) resolvePresetFields(preset, args.presetFields);
      const options = resolveRequestOptions(args, preset?.defaults ?? {}, settingsDefaults);
      validateSpec({ prompt: args.prompt, preset: 'blank', ...options, inputs: [] });
      specs.push({ model: options.model, imageSize: options.imageSize, count: options.count, prompt: args.prompt });
    } catch (error) {
      problems.push({ line: entry.line, message: error instanceof PictorError ? error.message : String(error) });
    }
  }
  return {
    count: specs.reduce((n, s) => n + s.count, 0),
    lines: entries.length,
    batch: combineEstimates(specs.map((spec) => estimateCost({ ...spec, tier: 'batch' }))).usd,
    interactive: combineEstimates(specs.map((spec) => estimateCost({ ...spec, tier: 'standard' }))).usd,
    problems: problems.sort((a, b) => a.line - b.line),
  };
}

/** "Submit Batch" on the first line of a `*.pictor-batch.jsonl` manifest, with count and both prices. */
class ManifestCodeLens implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the presets changed: a line's preset may now default to another model or size. */
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly presetOf: (id: string) => PresetDefinition | undefined) {}

  refresh(): void {
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!isManifest(document)) return [];
    const summary = summarize(document.getText(), this.presetOf);
    const range = new vscode.Range(0, 0, 0, 0);
    if (summary.problems.length) {
      return [new vscode.CodeLens(range, { title: `$(warning) Fix ${summary.problems.length} line(s) to submit this batch`, command: 'workbench.actions.view.problems' })];
    }
    if (!summary.count) return [];
    return [
      new vscode.CodeLens(range, {
        title: `$(cloud-upload) Submit Batch: ${summary.count} image${summary.count === 1 ? '' : 's'} · ${formatUsd(summary.batch)} at batch price (interactive ${formatUsd(summary.interactive)})`,
        tooltip: 'Submit these specs to the Gemini Batch API: half the price, results usually within 24 hours',
        command: 'pictor.batch.submitManifest',
        arguments: [document.uri],
      }),
    ];
  }
}

/**
 * Diagnostics and the Submit Batch CodeLens for manifests while they are edited, with the line's own
 * number in each message. Each check reads the workspace presets again in the background (a stat per
 * folder; a watcher may miss a change), and the manifests are checked again when they changed, so a
 * line's preset counts as it will when it is submitted.
 */
export function registerManifestLanguage(presets: PresetRegistry): vscode.Disposable[] {
  const diagnostics = vscode.languages.createDiagnosticCollection('pictor-batch');
  const presetOf = (id: string) => presets.known(id);
  const codeLens = new ManifestCodeLens(presetOf);
  let manifestSeen = false;
  let reading: Promise<void> | undefined;
  let checkedAt = -1;
  const readPresets = () => {
    reading ??= presets
      .list()
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        reading = undefined;
        if (presets.revision === checkedAt) return;
        checkedAt = presets.revision;
        vscode.workspace.textDocuments.forEach(checkNow);
        codeLens.refresh();
      });
  };
  const check = (document: vscode.TextDocument) => {
    if (!isManifest(document)) return;
    manifestSeen = true;
    checkNow(document);
    readPresets();
  };
  const checkNow = (document: vscode.TextDocument) => {
    if (!isManifest(document)) return;
    const { problems } = summarize(document.getText(), presetOf);
    diagnostics.set(
      document.uri,
      problems.map((problem) => {
        const line = document.lineAt(Math.min(problem.line - 1, document.lineCount - 1));
        const diagnostic = new vscode.Diagnostic(line.range, `Line ${problem.line}: ${problem.message}`, vscode.DiagnosticSeverity.Error);
        diagnostic.source = 'Pictor batch';
        return diagnostic;
      }),
    );
  };
  vscode.workspace.textDocuments.forEach(check);
  return [
    diagnostics,
    codeLens,
    vscode.languages.registerCodeLensProvider({ pattern: `**/*${MANIFEST_SUFFIX}` }, codeLens),
    presets.onDidChange(() => {
      if (manifestSeen) readPresets();
    }),
    vscode.workspace.onDidOpenTextDocument(check),
    vscode.workspace.onDidChangeTextDocument((event) => check(event.document)),
    vscode.workspace.onDidCloseTextDocument((document) => diagnostics.delete(document.uri)),
  ];
}
