import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

// Compiled to out/test/integration: the manifest is three levels up.
const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  publisher: string;
  name: string;
};

const extensionId = `${manifest.publisher}.${manifest.name}`;

describe('smoke', () => {
  it('loads and activates the extension under development', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is not loaded`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('opens the test workspace', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1);
    assert.equal(folders[0].uri.scheme, 'file');
  });

  it('passes the runner environment to the extension host', () => {
    assert.ok(process.env.PICTOR_TEST_RUNNER, 'PICTOR_TEST_RUNNER is not set in the extension host');
  });
});
