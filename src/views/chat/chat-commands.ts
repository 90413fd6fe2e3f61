import * as vscode from 'vscode';
import * as z from 'zod/mini';
import type { ChatEngine, ChatTurnResult } from '../../chat/engine';
import { abortOnCancel } from '../../core/cancellation';
import { CONVERSATION_ID_PATTERN } from '../../core/conversation';
import { fileReference, generateArgsSchema, parseArgs } from '../../core/spec';
import type { ChatViewProvider } from './provider';
import { isImagePath, urisFromArgs } from '../../ui/targets';

/** The argument object of `pictor.chat.send`: public API, validated like `pictor.generate`'s. */
export const chatSendArgsSchema = z.strictObject({
  prompt: generateArgsSchema.shape.prompt,
  conversationId: z.optional(z.string().check(z.regex(CONVERSATION_ID_PATTERN, 'conversationId must be an id returned by pictor.chat.send'))),
  attachments: z.optional(z.array(fileReference).check(z.maxLength(14))),
  model: generateArgsSchema.shape.model,
  aspectRatio: generateArgsSchema.shape.aspectRatio,
  imageSize: generateArgsSchema.shape.imageSize,
  grounding: z.optional(z.boolean()),
  cancellationToken: generateArgsSchema.shape.cancellationToken,
  thinkingLevel: generateArgsSchema.shape.thinkingLevel,
  serviceTier: generateArgsSchema.shape.serviceTier,
  confirmCost: generateArgsSchema.shape.confirmCost,
  /** `transparent`: the turn's result is a transparent PNG made by difference matting (two billed calls). */
  background: generateArgsSchema.shape.background,
});

export type ChatSendArgs = z.infer<typeof chatSendArgsSchema>;

const openArgsSchema = z.optional(z.nullable(z.strictObject({ conversationId: z.optional(z.string().check(z.regex(CONVERSATION_ID_PATTERN))) })));

export function registerChatCommands(engine: ChatEngine, view: ChatViewProvider): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('pictor.chat.send', (args?: unknown) => send(engine, args)),
    vscode.commands.registerCommand('pictor.chat.open', async (args?: unknown) => {
      const { conversationId } = parseArgs(openArgsSchema, args, 'pictor.chat.open') ?? {};
      await view.reveal();
      if (conversationId) await view.showConversation(conversationId);
      return conversationId ? { conversationId } : undefined;
    }),
    vscode.commands.registerCommand('pictor.chat.new', async () => {
      await view.reveal();
      view.newChat([]);
    }),
    vscode.commands.registerCommand('pictor.chat.history', async () => {
      await view.reveal();
      view.toggleHistory();
    }),
    vscode.commands.registerCommand('pictor.chat.addImage', async (first?: unknown, second?: unknown) => {
      const uris = urisFromArgs(first, second).filter(isImagePath);
      await view.reveal();
      await view.addAttachments(uris.length ? uris : undefined);
    }),
  ];
}

/** Scriptable: no UI; resolves to the turn or rejects with a PictorError carrying its `code`. */
async function send(engine: ChatEngine, args: unknown): Promise<ChatTurnResult> {
  const { cancellationToken, confirmCost, ...request } = parseArgs(chatSendArgsSchema, args, 'pictor.chat.send');
  const controller = new AbortController();
  const link = abortOnCancel(cancellationToken, controller);
  try {
    return await engine.send(request, controller.signal, { approval: { interactive: false, confirmCost } });
  } finally {
    link.dispose();
  }
}
