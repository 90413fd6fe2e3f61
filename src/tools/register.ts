import type * as vscode from 'vscode';
import type { Services } from '../services';
import { registerChatParticipant } from './chat-participant';
import { registerLanguageModelTools } from './language-model-tools';
import { registerMcpServerProvider } from './mcp-provider';

/**
 * What agents in VS Code reach Pictor through: language model tools, the `@pictor` chat participant and
 * the MCP server definition. Each part checks that the host has its API, so activation never fails on
 * an older or a chat-less host.
 */
export function registerAgentSurfaces(services: Services): vscode.Disposable[] {
  return [...registerLanguageModelTools(services), ...registerChatParticipant(services), ...registerMcpServerProvider(services)];
}
