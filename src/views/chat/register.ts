import * as vscode from 'vscode';
import { ChatEngine } from '../../chat/engine';
import { ConversationStore } from '../../chat/store';
import { registerChatCommands } from './chat-commands';
import type { ChatSettings } from '../../core/conversation';
import { modelInfo } from '../../core/models';
import type { Services } from '../../services';
import { resolveOutputFolder } from '../../workspace/files';
import { allowRequestStorage, keepMatteSources, defaultAspectRatio, defaultImageSize, defaultModel, outputFolderSetting, serviceTierSetting, thinkingLevelSetting } from '../../workspace/settings';
import { ChatViewProvider } from './provider';

/** Settings a new chat starts with, from the user's defaults. */
export function defaultChatSettings(): ChatSettings {
  const model = defaultModel();
  const info = modelInfo(model);
  const size = defaultImageSize();
  const ratio = defaultAspectRatio();
  const thinking = thinkingLevelSetting();
  return {
    model,
    aspectRatio: info.aspectRatios.includes(ratio) ? ratio : null,
    imageSize: info.supportsImageSize ? (info.sizes.includes(size) ? size : (info.sizes[0] ?? null)) : null,
    grounding: false,
    thinkingLevel: thinking && info.thinkingLevels.includes(thinking) ? thinking : null,
    serviceTier: serviceTierSetting() === 'flex' && info.flex ? 'flex' : 'standard',
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
    allowRequestStorage,
    keepTransparencySources: keepMatteSources,
    writer: services.writer,
    spend: services.spend,
  });
  const view = ChatViewProvider.register(services, engine, store, defaultChatSettings);
  return [engine, ...registerChatCommands(engine, view)];
}
