/**
 * What the `@pictor` chat participant writes into the chat: Markdown built from plain data, so the
 * handler stays a thin wire between the chat and the commands. Prompt and file text always goes in as
 * escaped text (never links, HTML or headings of its own).
 */
import { escapeMarkdown, formatEstimateUsd } from './agent-text';
import { errorActions } from './error-actions';
import type { PictorErrorCode } from './errors';

/** The participant's slash commands (package.json `chatParticipants[0].commands`). */
export const PARTICIPANT_COMMANDS = ['generate', 'edit', 'icon', 'diagram', 'assets'] as const;
export type ParticipantCommand = (typeof PARTICIPANT_COMMANDS)[number];

/** The prompt without the `#file:…` references the user attached (their ranges in the prompt). */
export function promptWithoutReferences(prompt: string, ranges: ReadonlyArray<readonly [number, number] | undefined>): string {
  let text = prompt;
  const sorted = ranges.filter((r): r is readonly [number, number] => !!r).sort((a, b) => b[0] - a[0]);
  for (const [start, end] of sorted) text = `${text.slice(0, start)}${text.slice(end)}`;
  return text.replace(/[ \t]{2,}/g, ' ').trim();
}

/**
 * The diagram source in a file's text: its first fenced Mermaid or PlantUML block (a Markdown page), or
 * the whole text (a `.mmd` or `.puml` file).
 */
export function diagramSourceIn(text: string): string {
  const block = /```\s*(mermaid|plantuml|puml)\b[^\n]*\n[\s\S]*?```/i.exec(text);
  return block ? block[0] : text;
}

/** What to type, when a command came without what it needs. */
export function participantHelp(command?: ParticipantCommand): string {
  const lines: Record<ParticipantCommand, string> = {
    generate: '`@pictor /generate a flat illustration of a lighthouse at dusk` makes an image from a prompt (attached `#file` images guide it as references).',
    edit: '`@pictor /edit #file:logo.png make the background transparent white` edits an attached image (add more `#file` images as references).',
    icon: '`@pictor /icon a paper plane, blue gradient` makes an app icon.',
    diagram: '`@pictor /diagram` renders the selected Mermaid or PlantUML source (or an attached `#file`) as a polished diagram.',
    assets: '`@pictor /assets fox` lists the images Pictor made in this workspace whose prompt or path has these words.',
  };
  if (command) return lines[command];
  return ['Pictor makes and edits image assets with Gemini and saves them into the workspace, each with a sidecar.', '', ...PARTICIPANT_COMMANDS.map((c) => `- ${lines[c]}`)].join('\n');
}

/** One saved image in a response: the picture itself, then its path, size and sidecar. */
export function savedImageMarkdown(image: { path: string; uri: string; sidecar: string | null; width: number | null; height: number | null }, alt: string): string {
  const size = image.width && image.height ? ` · ${image.width} × ${image.height}` : '';
  return `![${escapeMarkdown(alt)}](${encodeLinkTarget(image.uri)})\n\n\`${inlineCode(image.path)}\`${size}${image.sidecar ? ` · sidecar \`${inlineCode(image.sidecar)}\`` : ''}\n\n`;
}

/** A run above `pictor.confirmAboveUsd`: nothing is sent until the user presses the button below it. */
export function costQuestionMarkdown(usd: number | null, thresholdUsd: number): string {
  return `This run would cost about **${formatEstimateUsd(usd)}**, more than your confirmation threshold (${formatEstimateUsd(thresholdUsd)}, \`pictor.confirmAboveUsd\`). Nothing was sent. Press **Run** to go ahead.`;
}

/** The buttons the participant offers after a failure, as command ids the chat can run. */
export interface NextStep {
  title: string;
  command: string;
  arguments?: unknown[];
}

/**
 * A failure as the chat shows it: what happened, then what to do, with the matching buttons (the shared
 * error-action table decides which).
 */
export function failureMarkdown(failure: { code: PictorErrorCode | string; message: string; setting?: string }): { markdown: string; steps: NextStep[] } {
  const steps: NextStep[] = [];
  for (const action of errorActions(failure, { retry: false, editPrompt: false })) {
    if (action.id === 'setApiKey') steps.push({ title: 'Set API Key', command: 'pictor.setApiKey' });
    if (action.id === 'openSettings' && failure.setting) steps.push({ title: 'Open Settings', command: 'workbench.action.openSettings', arguments: [failure.setting] });
    if (action.id === 'showLog') steps.push({ title: 'Show Log', command: 'pictor.showLog' });
  }
  const next = NEXT_STEP[failure.code as PictorErrorCode] ?? 'Try again; if it keeps failing, the log says more.';
  return { markdown: `**Pictor could not do that** (\`${inlineCode(failure.code)}\`): ${escapeMarkdown(failure.message)}\n\n${next}`, steps };
}

const NEXT_STEP: Partial<Record<PictorErrorCode, string>> = {
  missingKey: 'Set your Gemini API key, then ask again.',
  invalidKey: 'Check the key (aistudio.google.com/apikey) and set it again.',
  quota: 'Wait a little and ask again, or use another model.',
  blocked: 'Reword the prompt and ask again.',
  noImage: 'Reword the prompt (say plainly that you want an image) and ask again.',
  badInput: 'Fix what the message names and ask again.',
  network: 'Check the connection (and `pictor.api.baseUrl`), then ask again.',
  cancelled: 'Nothing was saved.',
  budget: 'Raise the monthly budget in your user settings, or wait for next month.',
};

/** Gallery matches as a list of links the chat opens. */
export function assetListMarkdown(result: { total: number; items: ReadonlyArray<{ path: string | null; uri: string | null; prompt: string; width: number | null; height: number | null }> }, words: string): string {
  if (!result.total) return `No Pictor images match${words ? ` “${escapeMarkdown(words)}”` : ''}. Every image Pictor made has a \`.json\` sidecar beside it.`;
  const head = result.items.length < result.total ? `${result.total} images match; the newest ${result.items.length}:` : `${result.total} image${result.total === 1 ? '' : 's'} match:`;
  const rows = result.items.map((item) => {
    const name = item.path ?? '(image missing)';
    const link = item.uri ? `[${escapeMarkdown(name)}](${encodeLinkTarget(item.uri)})` : escapeMarkdown(name);
    const size = item.width && item.height ? ` (${item.width} × ${item.height})` : '';
    const prompt = item.prompt.replace(/\s+/g, ' ').trim();
    return `- ${link}${size} — ${escapeMarkdown(prompt.length > 120 ? `${prompt.slice(0, 119)}…` : prompt)}`;
  });
  return [head, '', ...rows].join('\n');
}

/** A URI as a Markdown link target: spaces and parentheses encoded, so the link stays one link. */
function encodeLinkTarget(uri: string): string {
  return uri.replace(/[\s()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

const inlineCode = (text: string) => text.replace(/`/g, "'");
