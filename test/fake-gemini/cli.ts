/**
 * Runs the fake on its own, for tests in other processes:
 *   node out/test/fake-gemini/cli.js [--port N] [--valid-key K]...
 * Prints `FAKE_GEMINI_URL=http://127.0.0.1:PORT` once listening; stops on SIGINT or SIGTERM.
 */

import { startFakeGemini } from './server';

function parseArgs(argv: string[]): { port: number; validKeys?: string[] } {
  let port = 0;
  const validKeys: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--port') {
      port = Number(value());
    } else if (flag === '--valid-key') {
      validKeys.push(value());
    } else {
      throw new Error(`Unknown argument: ${argv[i]}`);
    }
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error('--port must be an integer between 0 and 65535');
  }
  return { port, validKeys: validKeys.length ? validKeys : undefined };
}

async function main(): Promise<void> {
  const fake = await startFakeGemini(parseArgs(process.argv.slice(2)));
  process.stdout.write(`FAKE_GEMINI_URL=${fake.url}\n`);
  const stop = () => {
    void fake.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`fake-gemini: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
