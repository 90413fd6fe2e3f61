/**
 * How VS Code starts Pictor's stdio MCP server (`dist/mcp.js`) for agents in the editor. vscode-free so
 * the launch line is unit-tested; the provider in src/tools fills in the host's values.
 */

/** The server's file inside the extension. */
export const MCP_SERVER_SCRIPT = ['dist', 'mcp.js'] as const;

export interface McpLaunchInput {
  /** The Node.js the editor runs on: `process.execPath` of the extension host. */
  execPath: string;
  /** Absolute path of `dist/mcp.js`. */
  script: string;
  /** Absolute path of the folder the server may read and write (the first workspace folder). */
  root: string;
}

export interface McpLaunch {
  command: string;
  args: string[];
  /** Overrides of the extension host's environment (`null` removes a variable). */
  env: Record<string, string | null>;
}

/**
 * The command line before the key is known. `process.execPath` is the editor's Node.js; in desktop VS
 * Code it is the Electron binary, which runs as plain Node.js with `ELECTRON_RUN_AS_NODE=1` (the API's
 * own note on `McpStdioServerDefinition.command`, @types/vscode 1.101, read 2026-11-30; the variable is
 * Electron's documented switch). Key variables the host may have are removed until the definition is
 * resolved, so the server only ever gets the key (and budget) Pictor hands it.
 */
export function mcpLaunch(input: McpLaunchInput): McpLaunch {
  return {
    command: input.execPath,
    args: [input.script, '--root', input.root],
    env: { ELECTRON_RUN_AS_NODE: '1', GEMINI_API_KEY: null, GOOGLE_API_KEY: null, GOOGLE_GEMINI_BASE_URL: null, PICTOR_BUDGET_MONTHLY_USD: null },
  };
}

/**
 * The environment of a resolved definition: the key (from SecretStorage, else the host's variable) as
 * `GEMINI_API_KEY`, the configured base URL as `GOOGLE_GEMINI_BASE_URL` (none: Google's endpoint), and
 * the user's monthly budget with the extension's own ledger folder (`PICTOR_BUDGET_MONTHLY_USD`,
 * `PICTOR_LEDGER_DIR`), so the server's calls count against the same budget as the editor's.
 * Nothing here is written to a file or a log.
 */
export function resolvedMcpEnv(
  base: McpLaunch['env'],
  values: { apiKey?: string; baseUrl?: string; monthlyBudgetUsd?: number; ledgerDir?: string },
): McpLaunch['env'] {
  return {
    ...base,
    GEMINI_API_KEY: values.apiKey ?? null,
    GOOGLE_GEMINI_BASE_URL: values.baseUrl ?? null,
    PICTOR_BUDGET_MONTHLY_USD: values.monthlyBudgetUsd !== undefined ? String(values.monthlyBudgetUsd) : null,
    ...(values.ledgerDir ? { PICTOR_LEDGER_DIR: values.ledgerDir } : {}),
  };
}
