import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { MCP_SERVER_SCRIPT, mcpLaunch, resolvedMcpEnv } from '../core/mcp-launch';
import type { Services } from '../services';
import { apiBaseUrl, monthlyBudgetUsd } from '../workspace/settings';

export const MCP_PROVIDER_ID = 'pictor.mcp';

/**
 * Offers Pictor's stdio MCP server to agents in VS Code that speak MCP: `dist/mcp.js` run by the editor's
 * Node.js with `--root` the first workspace folder (a local one). The key goes into the server's
 * environment only when VS Code starts it. Hosts without the API get nothing and activation goes on.
 */
export function registerMcpServerProvider(services: Services): vscode.Disposable[] {
  if (typeof vscode.lm?.registerMcpServerDefinitionProvider !== 'function' || typeof vscode.McpStdioServerDefinition !== 'function') return [];
  const changed = new vscode.EventEmitter<void>();
  const script = vscode.Uri.joinPath(services.context.extensionUri, ...MCP_SERVER_SCRIPT).fsPath;
  const version = (services.context.extension.packageJSON as { version?: string }).version;
  const provider: vscode.McpServerDefinitionProvider<vscode.McpStdioServerDefinition> = {
    onDidChangeMcpServerDefinitions: changed.event,
    provideMcpServerDefinitions() {
      const folder = vscode.workspace.workspaceFolders?.[0];
      // The server works on local files; a remote or virtual folder has no path it could use.
      if (!folder || folder.uri.scheme !== 'file' || !fs.existsSync(script)) return [];
      const launch = mcpLaunch({ execPath: process.execPath, script, root: folder.uri.fsPath });
      const definition = new vscode.McpStdioServerDefinition('Pictor', launch.command, launch.args, launch.env, version);
      definition.cwd = folder.uri;
      return [definition];
    },
    async resolveMcpServerDefinition(definition) {
      let key = await services.keys.get();
      if (!key) {
        const choice = await vscode.window.showWarningMessage('Pictor’s MCP server needs a Gemini API key to make images.', 'Set API Key');
        if (choice === 'Set API Key') await vscode.commands.executeCommand('pictor.setApiKey');
        key = await services.keys.get();
      }
      // Without a key the server still starts; its tools then say how to set one.
      definition.env = resolvedMcpEnv(definition.env as Record<string, string | null>, {
        apiKey: key?.value,
        baseUrl: apiBaseUrl(),
        monthlyBudgetUsd: monthlyBudgetUsd(),
        // The ledger Services keeps in global storage: one month's spending, whoever made the call.
        ledgerDir: services.context.globalStorageUri.scheme === 'file' ? services.context.globalStorageUri.fsPath : undefined,
      });
      return definition;
    },
  };
  return [
    changed,
    vscode.lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, provider),
    vscode.workspace.onDidChangeWorkspaceFolders(() => changed.fire()),
  ];
}
