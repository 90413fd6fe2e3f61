import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** What a new user meets: the Explorer tidied on request. */
describe('nesting sidecars in the Explorer', function () {
  this.timeout(30_000);
  const explorer = () => vscode.workspace.getConfiguration('explorer.fileNesting');
  let before: { enabled?: boolean; patterns?: Record<string, string> };

  beforeEach(() => {
    before = { enabled: explorer().inspect<boolean>('enabled')?.globalValue, patterns: explorer().inspect<Record<string, string>>('patterns')?.globalValue };
  });
  afterEach(async () => {
    await explorer().update('enabled', before.enabled, vscode.ConfigurationTarget.Global);
    await explorer().update('patterns', before.patterns, vscode.ConfigurationTarget.Global);
  });

  it('turns nesting on in user settings and nests name.png.json under name.png, keeping other patterns', async () => {
    await explorer().update('patterns', { '*.png': '${capture}.png.import', 'package.json': 'package-lock.json' }, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('pictor.nestSidecars');
    const user = explorer().inspect<Record<string, string>>('patterns')?.globalValue ?? {};
    assert.equal(explorer().inspect<boolean>('enabled')?.globalValue, true);
    assert.equal(user['*.png'], '${capture}.png.import, ${capture}.png.json');
    assert.equal(user['*.webp'], '${capture}.webp.json');
    assert.equal(user['package.json'], 'package-lock.json');
    assert.equal(explorer().inspect<boolean>('enabled')?.workspaceValue, undefined, 'nothing is written into the workspace');
  });
});
