import { parseArgs as parseArgv } from 'node:util';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { NodeHost } from './host';
import { callTool, TOOLS } from './mcp-tools';
import { stderrLogger } from './stderr-log';

const USAGE = `Usage: node dist/mcp.js [--root FOLDER] [--verbose]

A Model Context Protocol server on stdio with the tools generate_image, edit_image, find_assets,
remove_background and export_icon_set. Files are read and written only inside FOLDER (default: the
working directory). The key comes from GEMINI_API_KEY (or GOOGLE_API_KEY), another endpoint from
GOOGLE_GEMINI_BASE_URL, a monthly budget from PICTOR_BUDGET_MONTHLY_USD.`;

/**
 * Starts the stdio MCP server (the official SDK's low-level Server: the tools' JSON Schemas are made
 * from Pictor's own argument schemas, and every failure is a tool result whose text starts with its code).
 */
export async function runMcpServer(argv = process.argv.slice(2), env = process.env): Promise<void> {
  let values: { root?: string; verbose?: boolean; help?: boolean };
  try {
    ({ values } = parseArgv({ args: argv, options: { root: { type: 'string' }, verbose: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (error) {
    process.stderr.write(`pictor-mcp: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (values.help) {
    process.stderr.write(`${USAGE}\n`);
    return;
  }
  const version = process.env.PICTOR_VERSION ?? '0.0.0';
  const host = new NodeHost({ root: values.root ?? process.cwd(), env, log: stderrLogger(!!values.verbose), generator: { name: 'pictor', version } });
  const server = new Server(
    { name: 'pictor', title: 'Pictor', version },
    {
      capabilities: { tools: {} },
      // Only elicitation answers are checked with it, and this server never elicits (the build leaves ajv out).
      jsonSchemaValidator: { getValidator: () => () => ({ valid: false, data: undefined, errorMessage: 'Pictor does not validate elicitation answers.' }) },
      instructions: `Pictor makes and edits image assets with Gemini image models. Paths are relative to the root folder ${host.port.root}; files are never replaced, and each image gets a sidecar (name.png.json) recording how it was made.`,
    },
  );
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: TOOLS.map(({ name, title, description, inputSchema, annotations }) => ({ name, title, description, inputSchema: inputSchema as { type: 'object' }, annotations })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    // A client that asked for progress hears each step (a retry, each image saved): long runs stay visibly
    // alive. Every notification is out before the result: one that came after it would be for a finished request.
    const progressToken = request.params._meta?.progressToken;
    let step = 0;
    let notified: Promise<void> = Promise.resolve();
    const progress =
      progressToken === undefined
        ? undefined
        : {
            report: (message: string) => {
              const params = { progressToken, progress: ++step, message };
              notified = notified.then(() => extra.sendNotification({ method: 'notifications/progress', params })).catch(() => undefined);
            },
          };
    const result = await callTool(host, request.params.name, request.params.arguments, { signal: extra.signal, ...(progress ? { progress } : {}) });
    await notified;
    // The SDK's client handles a notification a microtask after a response read in the same chunk, and drops
    // one whose request has ended (@modelcontextprotocol/sdk 1.32, Protocol._onnotification): the result
    // follows the last step after a short pause, so the two are read apart. 15 ms against a run of seconds.
    if (step > 0) await new Promise((resolve) => setTimeout(resolve, 15));
    return result;
  });
  await server.connect(new StdioServerTransport());
}
