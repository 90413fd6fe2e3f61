import * as vscode from 'vscode';
import { combineEstimates, estimateCost, formatUsd, type CostSpec } from '../../core/estimate';
import { MANIFEST_SUFFIX, readManifest } from '../../core/batch-manifest';
import { PictorError } from '../../core/errors';
import { resolveImageSize, validateSpec } from '../../core/spec';
import { defaultImageSize, defaultModel } from '../../workspace/settings';

const isManifest = (document: vscode.TextDocument) => document.uri.path.toLowerCase().endsWith(MANIFEST_SUFFIX);

/** What the manifest's valid lines ask for: request count and estimated cost at both prices. */
function summarize(text: string): { count: number; lines: number; batch: number | null; interactive: number | null; problems: Array<{ line: number; message: string }> } {
  const { entries, problems } = readManifest(text);
  const specs: CostSpec[] = [];
  for (const entry of entries) {
    const { args } = entry;
    const model = args.model ?? defaultModel();
    try {
      // The catalog checks submission makes (a retired model with its replacement, a size or aspect ratio
      // the model does not make, …), named on their line before anything can be submitted. Presets and
      // references are checked when submitting: they need the workspace.
      const imageSize = resolveImageSize(model, args.imageSize, defaultImageSize());
      validateSpec({
        prompt: args.prompt,
        preset: 'blank',
        model,
        aspectRatio: args.aspectRatio ?? '1:1',
        ...(imageSize ? { imageSize } : {}),
        ...(args.thinkingLevel ? { thinkingLevel: args.thinkingLevel } : {}),
        ...(args.serviceTier ? { serviceTier: args.serviceTier } : {}),
        count: args.count ?? 1,
        inputs: [],
      });
      specs.push({ model, imageSize, count: args.count ?? 1, prompt: args.prompt });
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
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!isManifest(document)) return [];
    const summary = summarize(document.getText());
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

/** Diagnostics for manifests while they are edited, with the line's own number in the message. */
export function registerManifestLanguage(): vscode.Disposable[] {
  const diagnostics = vscode.languages.createDiagnosticCollection('pictor-batch');
  const check = (document: vscode.TextDocument) => {
    if (!isManifest(document)) return;
    const { problems } = summarize(document.getText());
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
    vscode.languages.registerCodeLensProvider({ pattern: `**/*${MANIFEST_SUFFIX}` }, new ManifestCodeLens()),
    vscode.workspace.onDidOpenTextDocument(check),
    vscode.workspace.onDidChangeTextDocument((event) => check(event.document)),
    vscode.workspace.onDidCloseTextDocument((document) => diagnostics.delete(document.uri)),
  ];
}
