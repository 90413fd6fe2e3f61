// The same extension-host suite in desktop VS Code via @vscode/test-electron, for machines that can
// download VS Code. Offline, use run-integration (code-server) instead.
//   node out/test/runners/run-electron.js [--version <vscode version>|stable|insiders]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { copyFixtureWorkspace, outDir, repoRoot, userGeminiEnv } from './paths';

async function main(): Promise<void> {
  const versionArg = process.argv.indexOf('--version');
  const version = versionArg > 0 ? process.argv[versionArg + 1] : undefined;
  // VS Code inherits this environment; these entries override it (undefined removes a variable).
  const extensionTestsEnv: Record<string, string | undefined> = { PICTOR_TEST_RUNNER: 'electron' };
  for (const name of userGeminiEnv) extensionTestsEnv[name] = undefined;
  const workspace = copyFixtureWorkspace();
  try {
    const code = await runTests({
      version,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(outDir, 'test', 'integration'),
      extensionTestsEnv,
      launchArgs: [workspace, '--disable-extensions', '--skip-welcome', '--skip-release-notes'],
    });
    process.exitCode = code;
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`[electron] ${message}`);
  if (/download|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|getaddrinfo|fetch failed/i.test(message)) {
    console.error(
      '[electron] Desktop VS Code could not be downloaded (no internet?). ' +
        'Run the same suite offline with `npm run test:integration` (code-server).',
    );
  }
  process.exitCode = 1;
});
