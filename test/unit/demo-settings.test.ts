import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../runners/paths';

describe('the demo (npm start) settings', () => {
  async function demoUserSettings(options?: { baseUrl?: string }): Promise<Record<string, unknown>> {
    const module = await import(pathToFileURL(path.join(repoRoot, 'scripts', 'lib', 'demo-settings.mjs')).href);
    return module.demoUserSettings(options);
  }

  it("turns off VS Code's own chat and the Git parent-repository prompt, as the UI tests do", async () => {
    const settings = await demoUserSettings();
    assert.equal(settings['chat.disableAIFeatures'], true);
    assert.equal(settings['workbench.secondarySideBar.defaultVisibility'], 'hidden');
    assert.equal(settings['git.openRepositoryInParentFolders'], 'never');
    assert.equal('pictor.api.baseUrl' in settings, false, 'without --fake the demo talks to Google');
  });

  it('points Pictor at the fake server with --fake', async () => {
    assert.equal((await demoUserSettings({ baseUrl: 'http://127.0.0.1:1234' }))['pictor.api.baseUrl'], 'http://127.0.0.1:1234');
  });
});
