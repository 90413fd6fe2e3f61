// Entry point VS Code loads via extensionTestsPath: runs every *.test.js beside it (and below) in the
// extension host. The same module serves the code-server runner and @vscode/test-electron.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  // PICTOR_TEST_GREP narrows a local run to matching tests (CI runs everything).
  const grep = process.env.PICTOR_TEST_GREP;
  const mocha = new Mocha({ ui: 'bdd', color: false, reporter: 'spec', timeout: 60_000, ...(grep ? { grep } : {}) });
  const files = (fs.readdirSync(__dirname, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.test.js'))
    .sort();
  for (const file of files) mocha.addFile(path.join(__dirname, file));

  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const { tests = 0, passes = 0, pending = 0 } = runner.stats ?? {};
        // One parseable line for the runners' totals (the console is all that leaves the extension host).
        console.log(`pictor-mocha-stats ${JSON.stringify({ tests, passes, failures, pending })}`);
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed.`));
        else resolve();
      });
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
