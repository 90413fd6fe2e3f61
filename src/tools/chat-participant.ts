import * as vscode from 'vscode';
import { altTextFrom, promptFromSelection } from '../core/insert-link';
import { PictorError } from '../core/errors';
import {
  PARTICIPANT_COMMANDS,
  assetListMarkdown,
  costQuestionMarkdown,
  diagramSourceIn,
  failureMarkdown,
  participantHelp,
  promptWithoutReferences,
  savedImageMarkdown,
  type ParticipantCommand,
} from '../core/participant-text';
import type { GenerateArgs } from '../core/spec';
import type { Services } from '../services';
import { isImagePath } from '../ui/targets';
import { resolveWorkspaceFile, workspaceRelativePath } from '../workspace/files';
import type { GalleryService } from '../workspace/gallery';
import { confirmAboveUsd } from '../workspace/settings';
import { describePriced, priceEdit, priceGenerate, type PricedRun, type PricingDeps } from './preview';
import { asPictorError } from './failure';
import { assetFacts, savedImageFacts, type ImagesCommandResult } from './results';

export const PARTICIPANT_ID = 'pictor.agent';

/**
 * `@pictor` in the chat view: /generate, /edit, /icon, /diagram, /assets over the same commands the
 * palette runs (scripted, with the request's cancellation token). Hosts without the chat API get none.
 */
export function registerChatParticipant(services: Services): vscode.Disposable[] {
  if (typeof vscode.chat?.createChatParticipant !== 'function') return [];
  const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, participantHandler(services));
  participant.iconPath = vscode.Uri.joinPath(services.context.extensionUri, 'media', 'icon.png');
  return [participant];
}

/** What the participant reads besides the commands it runs: pricing and the gallery. */
export type ParticipantDeps = PricingDeps & { gallery: Pick<GalleryService, 'query'> };

/** The request handler, apart from its registration so tests can drive it with a recording stream. */
export function participantHandler(deps: ParticipantDeps): vscode.ChatRequestHandler {
  return (request, _context, stream, token) => handle(deps, request, stream, token);
}

async function handle(services: ParticipantDeps, request: vscode.ChatRequest, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<vscode.ChatResult> {
  const command = (PARTICIPANT_COMMANDS as readonly string[]).includes(request.command ?? '') ? (request.command as ParticipantCommand) : 'generate';
  const prompt = promptWithoutReferences(request.prompt, request.references.map((r) => r.range));
  try {
    switch (command) {
      case 'assets':
        return await assets(services, prompt, stream);
      case 'edit':
        return await edit(services, prompt, referencedUris(request), stream, token);
      case 'diagram':
        return await diagram(services, prompt, request, stream, token);
      case 'icon':
      case 'generate': {
        if (!prompt) return help(stream, request.command ? command : undefined);
        // Attached images guide the new one (style, subject) as references.
        const references = referencedUris(request).filter(isImagePath).map((uri) => workspaceRelativePath(resolveWorkspaceFile(uri)));
        return await generate(services, { prompt, ...(command === 'icon' ? { preset: 'app-icon' } : {}), ...(references.length ? { references } : {}) }, stream, token);
      }
    }
  } catch (error) {
    return showFailure(error, stream);
  }
}

function help(stream: vscode.ChatResponseStream, command?: ParticipantCommand): vscode.ChatResult {
  stream.markdown(participantHelp(command));
  return {};
}

async function generate(services: ParticipantDeps, args: GenerateArgs, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<vscode.ChatResult> {
  const priced = await priceGenerate(services, args);
  if (askFirst(priced, stream, { command: 'pictor.generate', arguments: [{ ...args, confirmCost: false }] })) return {};
  stream.progress(`${describePriced(priced).invocationMessage}…`);
  const result = await vscode.commands.executeCommand<ImagesCommandResult>('pictor.generate', { ...args, cancellationToken: token });
  return showImages(result, args.prompt, stream);
}

async function edit(services: ParticipantDeps, prompt: string, uris: vscode.Uri[], stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<vscode.ChatResult> {
  const images = uris.filter(isImagePath);
  const [target, ...references] = images;
  if (!target || !prompt) return help(stream, 'edit');
  const image = workspaceRelativePath(resolveWorkspaceFile(target));
  const options = { prompt, ...(references.length ? { references: references.map((r) => workspaceRelativePath(resolveWorkspaceFile(r))) } : {}) };
  const priced = await priceEdit(services, { image, ...options });
  if (askFirst(priced, stream, { command: 'pictor.editImage', arguments: [target, { ...options, confirmCost: false }] })) return {};
  stream.progress(`${describePriced(priced).invocationMessage}…`);
  const result = await vscode.commands.executeCommand<ImagesCommandResult>('pictor.editImage', target, { ...options, cancellationToken: token });
  return showImages(result, prompt, stream);
}

/** The Mermaid/PlantUML source of a #file (or its selected range), else the editor's selection, as Insert Generated Image reads it. */
async function diagram(services: ParticipantDeps, extra: string, request: vscode.ChatRequest, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<vscode.ChatResult> {
  const source = (await referencedText(request)) ?? selectedText();
  if (!source) return help(stream, 'diagram');
  const fromSource = promptFromSelection(source);
  if (!fromSource.diagram) {
    throw new PictorError('badInput', 'That is not Mermaid or PlantUML source. Select a ```mermaid block (or @startuml … @enduml), or attach the file with #file.');
  }
  const prompt = extra ? `${fromSource.prompt}\n\n${extra}` : fromSource.prompt;
  return generate(services, { prompt, preset: 'diagram' }, stream, token);
}

async function assets(services: ParticipantDeps, words: string, stream: vscode.ChatResponseStream): Promise<vscode.ChatResult> {
  stream.progress('Searching the images Pictor made in this workspace…');
  const result = await services.gallery.query({ ...(words ? { text: words } : {}), limit: 20 });
  const items = result.items.map((item) => ({ ...assetFacts(item), uri: item.uri?.toString() ?? null }));
  stream.markdown(assetListMarkdown({ total: result.total, items }, words));
  return {};
}

/**
 * A run above `pictor.confirmAboveUsd` is not sent from the chat: the cost is shown with a button that
 * runs it. True when the question was asked.
 */
function askFirst(priced: PricedRun, stream: vscode.ChatResponseStream, run: { command: string; arguments: unknown[] }): boolean {
  if (!priced.aboveThreshold) return false;
  stream.markdown(costQuestionMarkdown(priced.estimate.usd, confirmAboveUsd()));
  stream.button({ title: 'Run', command: run.command, arguments: run.arguments });
  stream.button({ title: 'Open Settings', command: 'workbench.action.openSettings', arguments: ['pictor.confirmAboveUsd'] });
  return true;
}

async function showImages(result: ImagesCommandResult | undefined, prompt: string, stream: vscode.ChatResponseStream): Promise<vscode.ChatResult> {
  if (!result?.images.length) throw new PictorError('noImage', 'No image was saved.');
  const facts = await savedImageFacts(result);
  const alt = altTextFrom(prompt);
  result.images.forEach((image, index) => {
    const fact = facts[index]!;
    stream.markdown(new vscode.MarkdownString(savedImageMarkdown({ ...fact, uri: image.uri.toString() }, alt)));
    stream.reference(image.uri);
    stream.button({ title: 'Open', command: 'vscode.open', arguments: [image.uri] });
    stream.button({ title: 'Insert Link', command: 'pictor.insertLink', arguments: [image.uri] });
    stream.button({ title: 'Edit', command: 'pictor.editImage', arguments: [image.uri] });
    stream.button({ title: 'Variations', command: 'pictor.generateVariations', arguments: [image.uri] });
  });
  if (result.text) stream.markdown(new vscode.MarkdownString().appendText(result.text));
  return { metadata: { images: facts.map((f) => f.path) } };
}

function showFailure(error: unknown, stream: vscode.ChatResponseStream): vscode.ChatResult {
  const failure = asPictorError(error);
  const { markdown, steps } = failureMarkdown(failure);
  stream.markdown(markdown);
  for (const step of steps) stream.button(step);
  return { errorDetails: { message: `${failure.code}: ${failure.message}` } };
}

/** Files attached with #file (or dropped in), in order. */
function referencedUris(request: vscode.ChatRequest): vscode.Uri[] {
  return request.references.flatMap((reference) => {
    const value = reference.value;
    if (value instanceof vscode.Uri) return [value];
    if (value instanceof vscode.Location) return [value.uri];
    return [];
  });
}

/** The text of the first attached file that is not an image (only its range when a range was attached). */
async function referencedText(request: vscode.ChatRequest): Promise<string | undefined> {
  for (const reference of request.references) {
    const value = reference.value;
    const uri = value instanceof vscode.Uri ? value : value instanceof vscode.Location ? value.uri : undefined;
    if (!uri || isImagePath(uri)) continue;
    const document = await vscode.workspace.openTextDocument(resolveWorkspaceFile(uri));
    return value instanceof vscode.Location ? document.getText(value.range) : diagramSourceIn(document.getText());
  }
  return undefined;
}

function selectedText(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  const text = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
  return text.trim() ? text : undefined;
}
