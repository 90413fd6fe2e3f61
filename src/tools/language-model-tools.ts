import * as vscode from 'vscode';
import { assetListText, iconSetText, savedImagesText, toolErrorMessage } from '../core/agent-text';
import {
  AGENT_TOOLS,
  editToolInput,
  exportIconSetToolInput,
  generateToolInput,
  parseToolInput,
  removeBackgroundToolInput,
  splitImage,
} from '../core/agent-tools';
import { PictorError } from '../core/errors';
import { parseGalleryQuery } from '../core/gallery';
import type { Services } from '../services';
import { workspaceRelativePath } from '../workspace/files';
import { describePriced, priceEdit, priceGenerate, type PricedRun } from './preview';
import { asPictorError } from './failure';
import { assetFacts, savedImageFacts, type ImagesCommandResult } from './results';

/**
 * The tools agents call (Copilot agent mode, other extensions through `vscode.lm.invokeTool`). Each runs
 * an existing command with its argument object, so the pipeline, writer, workspace boundary, budget and
 * sidecars are the commands' own: a scripted run (no prompts) with the caller's cancellation token.
 * Paid tools ask for confirmation showing the model, the prompt and the estimated cost; once the user
 * confirmed, the command runs with `confirmCost: false` (the budget still applies and refuses with
 * `budget` before any request). Hosts without the API get no tools and activation goes on.
 */
export function registerLanguageModelTools(services: Services): vscode.Disposable[] {
  if (typeof vscode.lm?.registerTool !== 'function') return [];
  return [
    vscode.lm.registerTool<unknown>(AGENT_TOOLS.generate, {
      prepareInvocation: ({ input }) => preparePaid(() => priceGenerate(services, parseToolInput(generateToolInput, input, AGENT_TOOLS.generate)), 'Generating an image with Pictor'),
      invoke: ({ input }, token) =>
        asToolResult(async () => {
          const args = parseToolInput(generateToolInput, input, AGENT_TOOLS.generate);
          const result = await run<ImagesCommandResult>('pictor.generate', { ...args, confirmCost: false, cancellationToken: token });
          return savedImagesText(await savedImageFacts(result), { prompt: args.prompt, note: result.text });
        }),
    }),
    vscode.lm.registerTool<unknown>(AGENT_TOOLS.edit, {
      prepareInvocation: ({ input }) => preparePaid(() => priceEdit(services, parseToolInput(editToolInput, input, AGENT_TOOLS.edit)), 'Editing an image with Pictor'),
      invoke: ({ input }, token) =>
        asToolResult(async () => {
          const { image, prompt, references } = parseToolInput(editToolInput, input, AGENT_TOOLS.edit);
          const result = await run<ImagesCommandResult>('pictor.editImage', image, {
            prompt,
            ...(references ? { references } : {}),
            confirmCost: false,
            cancellationToken: token,
          });
          return savedImagesText(await savedImageFacts(result), { prompt, note: result.text });
        }),
    }),
    vscode.lm.registerTool<unknown>(AGENT_TOOLS.findAssets, {
      prepareInvocation: () => ({ invocationMessage: 'Searching the Pictor images of the workspace' }),
      invoke: ({ input }) =>
        asToolResult(async () => {
          const query = parseGalleryQuery(input);
          const result = await services.gallery.query(query);
          return assetListText({ total: result.total, offset: query.offset ?? 0, items: result.items.map(assetFacts) });
        }),
    }),
    vscode.lm.registerTool<unknown>(AGENT_TOOLS.removeBackground, {
      prepareInvocation: () => ({ invocationMessage: 'Removing the background (locally, no API call)' }),
      invoke: ({ input }) =>
        asToolResult(async () => {
          const { image, options } = splitImage(parseToolInput(removeBackgroundToolInput, input, AGENT_TOOLS.removeBackground));
          const result = await run<ImagesCommandResult>('pictor.removeBackground', image, options);
          return savedImagesText(await savedImageFacts(result), { verb: 'Removed the background; saved' });
        }),
    }),
    vscode.lm.registerTool<unknown>(AGENT_TOOLS.exportIconSet, {
      prepareInvocation: () => ({ invocationMessage: 'Exporting an icon set (locally, no API call)' }),
      invoke: ({ input }) =>
        asToolResult(async () => {
          const { image, options } = splitImage(parseToolInput(exportIconSetToolInput, input, AGENT_TOOLS.exportIconSet));
          const set = await run<{ files: Array<{ uri: vscode.Uri; size: number }>; ico?: vscode.Uri; manifest?: vscode.Uri }>('pictor.exportIconSet', image, options);
          return iconSetText({
            files: set.files.map((f) => ({ path: workspaceRelativePath(f.uri), size: f.size })),
            ...(set.ico ? { ico: workspaceRelativePath(set.ico) } : {}),
            ...(set.manifest ? { manifest: workspaceRelativePath(set.manifest) } : {}),
          });
        }),
    }),
  ];
}

/**
 * The confirmation of a paid call. Input the run would refuse, or a run the budget refuses, gets no
 * confirmation (there is nothing to agree to): `invoke` then rejects with the code.
 */
async function preparePaid(price: () => Promise<PricedRun>, fallback: string): Promise<vscode.PreparedToolInvocation> {
  let priced: PricedRun;
  try {
    priced = await price();
  } catch {
    return { invocationMessage: fallback };
  }
  const { invocationMessage, confirmation } = describePriced(priced);
  if (priced.overBudget) return { invocationMessage: `${invocationMessage}: over this month's budget` };
  return { invocationMessage, confirmationMessages: { title: confirmation.title, message: new vscode.MarkdownString(confirmation.message) } };
}

/** A command run as a script: its own validation, boundary and errors. */
async function run<T>(command: string, ...args: unknown[]): Promise<T> {
  const result = await vscode.commands.executeCommand<T | undefined>(command, ...args);
  if (result === undefined) throw new PictorError('cancelled', `${command} ended without a result.`);
  return result;
}

/** The tool's text, or an Error whose message starts with the failure's code (`badInput: …`). */
async function asToolResult(work: () => Promise<string>): Promise<vscode.LanguageModelToolResult> {
  try {
    return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(await work())]);
  } catch (error) {
    throw new Error(toolErrorMessage(asPictorError(error)));
  }
}
