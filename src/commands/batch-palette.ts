import * as vscode from 'vscode';
import { formatUsd } from '../core/estimate';
import { MANIFEST_SUFFIX } from '../core/batch-manifest';
import { PictorError } from '../core/errors';
import { MAX_PROMPT_CHARS } from '../core/spec';
import type { BatchService } from '../batch/service';
import type { Services } from '../services';
import { showPictorError } from '../ui/errors';
import { submitInteractively } from './batch';
import { ensureKeyInteractively } from './run';

type Source = 'manifest' | 'selection' | 'typed';

/**
 * "Pictor: Generate in Batch…": from a manifest, from the selected lines of any file (one prompt per
 * line, with the current defaults) or from typed prompts; shows count, both prices and the method and
 * asks before sending.
 */
export function registerBatchPalette(services: Services, batches: BatchService<vscode.Uri>): vscode.Disposable {
  return vscode.commands.registerCommand('pictor.batch.generate', async () => {
    try {
      const args = await askSource();
      if (!args) return undefined;
      const preview = await batches.preview(args);
      const count = preview.reduce((n, job) => n + job.count, 0);
      const sum = (pick: (job: (typeof preview)[number]) => number | null) =>
        preview.some((job) => pick(job) === null) ? null : preview.reduce((n, job) => n + (pick(job) ?? 0), 0);
      const jobs = preview.map((job) => `${job.count} × ${job.model} (${job.mode === 'inline' ? 'sent inline' : 'uploaded as a file'})`).join(', ');
      const choice = await vscode.window.showInformationMessage(
        `Submit ${count} image request${count === 1 ? '' : 's'} as ${preview.length === 1 ? 'a batch job' : `${preview.length} batch jobs`}?`,
        {
          modal: true,
          detail: `${jobs}.\nEstimated cost: ${formatUsd(sum((j) => j.batchCostUsd))} at the batch price (interactive: ${formatUsd(sum((j) => j.interactiveCostUsd))}). Results usually come within 24 hours.`,
        },
        'Submit',
      );
      if (choice !== 'Submit' || !(await ensureKeyInteractively(services))) return undefined;
      return await submitInteractively(batches, args);
    } catch (error) {
      void showPictorError(error, services.log);
      return undefined;
    }
  });
}

async function askSource(): Promise<Record<string, unknown> | undefined> {
  const editor = vscode.window.activeTextEditor;
  const selected = editor && !editor.selection.isEmpty ? linesOf(editor.document.getText(editor.selection), editor.selection.start.line + 1) : [];
  const items: Array<vscode.QuickPickItem & { source: Source }> = [];
  if (editor?.document.uri.path.endsWith(MANIFEST_SUFFIX)) items.push({ label: '$(file) This manifest', description: vscode.workspace.asRelativePath(editor.document.uri), source: 'manifest' });
  else items.push({ label: '$(file) From a manifest…', description: `a ${MANIFEST_SUFFIX} file`, source: 'manifest' });
  if (selected.length) items.push({ label: '$(list-selection) From the selected lines', description: `${selected.length} prompt(s), current defaults`, source: 'selection' });
  items.push({ label: '$(edit) Type prompts…', description: 'one at a time, current defaults', source: 'typed' });
  const picked = await vscode.window.showQuickPick(items, { title: 'Pictor: Generate in Batch', placeHolder: 'Where do the prompts come from?' });
  if (!picked) return undefined;
  switch (picked.source) {
    case 'manifest': {
      if (editor?.document.uri.path.endsWith(MANIFEST_SUFFIX)) {
        if (editor.document.isDirty) await editor.document.save();
        return { manifest: editor.document.uri };
      }
      const found = await vscode.workspace.findFiles(`**/*${MANIFEST_SUFFIX}`, '**/node_modules/**', 200);
      const choice = await vscode.window.showQuickPick(
        found.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
        { title: 'Pictor: Generate in Batch', placeHolder: found.length ? 'Pick a manifest' : `No ${MANIFEST_SUFFIX} files in the workspace` },
      );
      return choice ? { manifest: choice.uri } : undefined;
    }
    case 'selection': {
      // A prompt is never cut short without a word: the user would pay for an image of half a sentence.
      const long = selected.find(({ text }) => text.length > MAX_PROMPT_CHARS);
      if (long) {
        throw new PictorError(
          'badInput',
          `Line ${long.line} of ${vscode.workspace.asRelativePath(editor!.document.uri)} has ${long.text.length.toLocaleString('en-US')} characters; a prompt may have at most ${MAX_PROMPT_CHARS.toLocaleString('en-US')}. Shorten it or leave it out of the selection. Nothing was submitted.`,
        );
      }
      return { specs: selected.map(({ text }) => ({ prompt: text })) };
    }
    case 'typed': {
      const prompts: string[] = [];
      for (;;) {
        const prompt = await vscode.window.showInputBox({
          title: `Pictor: Generate in Batch — prompt ${prompts.length + 1}`,
          prompt: prompts.length ? `${prompts.length} so far. Leave empty to finish.` : 'Describe the first image.',
          ignoreFocusOut: true,
          validateInput: (value) => (value.length > MAX_PROMPT_CHARS ? `At most ${MAX_PROMPT_CHARS} characters.` : undefined),
        });
        if (prompt === undefined) return undefined;
        if (!prompt.trim()) break;
        prompts.push(prompt.trim());
      }
      return prompts.length ? { specs: prompts.map((prompt) => ({ prompt })) } : undefined;
    }
  }
}

/** The non-blank lines of a selection, trimmed, each with its 1-based line number in the file. */
function linesOf(text: string, firstLine: number): Array<{ line: number; text: string }> {
  return text
    .split(/\r?\n/)
    .map((line, index) => ({ line: firstLine + index, text: line.trim() }))
    .filter(({ text }) => text.length > 0);
}
