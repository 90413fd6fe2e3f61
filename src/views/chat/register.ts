import * as vscode from 'vscode';
import { ChatEngine } from '../../chat/engine';
import { ConversationStore } from '../../chat/store';
import { registerChatCommands } from './chat-commands';
import type { ChatSettings } from '../../core/conversation';
import { modelInfo } from '../../core/models';
import type { Services } from '../../services';
import { resolveOutputFolder } from '../../workspace/files';
import { defaultAspectRatio, defaultImageSize, defaultModel, outputFolderSetting } from '../../workspace/settings';
import { ChatViewProvider } from './provider';

/** Settings a new chat starts with, from the user's defaults. */
export function defaultChatSettings(): ChatSettings {
  const model = defaultModel();
  return {
    model,
    aspectRatio: defaultAspectRatio(),
    imageSize: modelInfo(model).supportsImageSize ? defaultImageSize() : null,
    grounding: false,
  };
}

/** The chat: one engine shared by the view and `pictor.chat.*` commands, conversations in workspace storage. */
export function registerChat(services: Services): vscode.Disposable[] {
  const context = services.context;
  const store = new ConversationStore(context.storageUri ?? context.globalStorageUri, services.log.for('chat'));
  const engine = new ChatEngine({
    store,
    log: services.log.for('chat'),
    generator: services.generator,
    client: async () => services.clientFor(await services.requireKey()),
    defaults: defaultChatSettings,
    outputDir: () => resolveOutputFolder(outputFolderSetting()).dir,
    writer: services.writer,
  });
  const view = ChatViewProvider.register(services, engine, store, defaultChatSettings);
  return [engine, ...registerChatCommands(engine, view)];
}
