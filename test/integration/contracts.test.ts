import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FakeGemini } from '../fake-gemini';
import { TEST_KEY, configure, expectReject, fakeGeminiPerSuite, inWorkspace, readJson, removeIfExists, type CommandResult } from './support';

/** How callers reach the commands: menus with their own context, paths, spellings, settings. */
describe('command arguments as callers pass them', function () {
  this.timeout(60_000);
  const suite = fakeGeminiPerSuite();
  let fake: FakeGemini;
  beforeEach(() => {
    fake = suite.fake;
  });
  afterEach(async () => {
    await configure({ defaultAspectRatio: undefined, openAfterGenerate: false });
  });

  const generateRequests = () => fake.requests.filter((r) => r.action === 'generateContent');

  it('takes the older kinds ("mockup", "none") as aliases and records the preset\'s id', async () => {
    await removeIfExists(inWorkspace('out', 'kinds'));
    const mockup = (await vscode.commands.executeCommand('pictor.generate', {
      prompt: 'settings screen',
      preset: 'mockup',
      outputFolder: 'out/kinds',
    })) as CommandResult;
    assert.equal((await readJson(mockup.images[0]!.sidecar)).preset, 'ui-mockup');
    const plain = (await vscode.commands.executeCommand('pictor.generate', {
      prompt: 'plain words',
      preset: 'none',
      outputFolder: 'out/kinds',
    })) as CommandResult;
    const sidecar = await readJson(plain.images[0]!.sidecar);
    assert.equal(sidecar.preset, 'blank');
    assert.equal(sidecar.effectivePrompt, 'plain words');
  });

  it('uses pictor.defaultAspectRatio when no kind suggests a shape', async () => {
    await configure({ defaultAspectRatio: '16:9' });
    await vscode.commands.executeCommand('pictor.generate', { prompt: 'wide banner', preset: 'none', outputFolder: 'out/ratio' });
    await vscode.commands.executeCommand('pictor.generate', { prompt: 'another banner', outputFolder: 'out/ratio' });
    assert.deepEqual(
      generateRequests().map((r) => r.body.generationConfig.imageConfig.aspectRatio),
      ['16:9', '16:9'],
    );
    await removeIfExists(inWorkspace('out', 'ratio'));
  });

  it('takes workspace paths, relative or absolute, where it takes Uris', async () => {
    await removeIfExists(inWorkspace('edits', 'by-path'));
    const source = inWorkspace('edits', 'by-path', 'cat.png');
    await vscode.workspace.fs.copy(inWorkspace('images', 'sample.png'), source);
    const edit = (await vscode.commands.executeCommand('pictor.editImage', 'edits/by-path/cat.png', { prompt: 'add a bow tie' })) as CommandResult;
    assert.equal(edit.images[0]!.uri.toString(), inWorkspace('edits', 'by-path', 'cat.edit-1.png').toString());
    const generated = (await vscode.commands.executeCommand('pictor.generate', {
      prompt: 'a matching dog',
      references: [source.fsPath],
      outputFolder: 'edits/by-path',
    })) as CommandResult;
    assert.deepEqual(
      (await readJson(generated.images[0]!.sidecar)).inputs.map((i: { path: string; role: string }) => `${i.role}:${i.path}`),
      ['reference:edits/by-path/cat.png'],
    );
    const outside = await expectReject('pictor.editImage', '/etc/passwd', { prompt: 'x' });
    assert.equal(outside.code, 'badInput');
  });

  it('runs from the editor title, which passes { groupId } after the Uri, and keeps an edit family’s names', async () => {
    await removeIfExists(inWorkspace('edits', 'title'));
    const source = inWorkspace('edits', 'title', 'mug.png');
    await vscode.workspace.fs.copy(inWorkspace('images', 'sample.png'), source);
    const edit = (await vscode.commands.executeCommand('pictor.editImage', source, { prompt: 'make it red' })) as CommandResult;
    // A click asks before repeating a paid request (a modal nobody answers here): nothing is sent, and
    // the menu context is not mistaken for script options (those would be refused as unknown fields).
    const sentBefore = generateRequests().length;
    const asked = await vscode.commands.executeCommand('pictor.regenerateFromSidecar', edit.images[0]!.uri, { groupId: 1 });
    assert.equal(asked, undefined);
    assert.equal(generateRequests().length, sentBefore, 'nothing is sent without a yes');
    // A script is not asked.
    const again = (await vscode.commands.executeCommand('pictor.regenerateFromSidecar', edit.images[0]!.uri, {})) as CommandResult;
    assert.equal(again.images[0]!.uri.toString(), inWorkspace('edits', 'title', 'mug.edit-2.png').toString());
    const sidecar = await readJson(again.images[0]!.sidecar);
    assert.equal(sidecar.parent.path, 'edits/title/mug.png');
    assert.equal(sidecar.prompt, 'make it red');
  });

  it('keeps the key out of error texts even when the service echoes it', async () => {
    fake.enqueue({ kind: 'error', status: 400, message: `Invalid argument near key=${TEST_KEY} (${TEST_KEY})` });
    const error = await expectReject('pictor.generate', { prompt: 'echo', outputFolder: 'out/echo' });
    assert.equal(error.code, 'badInput');
    assert.ok(!error.message.includes(TEST_KEY), error.message);
    assert.ok(!JSON.stringify({ ...error, message: error.message }).includes(TEST_KEY));
  });

  it('opens what a scripted call made when pictor.openAfterGenerate is on', async () => {
    await configure({ openAfterGenerate: true });
    await removeIfExists(inWorkspace('out', 'opened'));
    const result = (await vscode.commands.executeCommand('pictor.generate', { prompt: 'opened image', outputFolder: 'out/opened' })) as CommandResult;
    const wanted = result.images[0]!.uri.toString();
    const isOpen = () =>
      vscode.window.tabGroups.all.some((group) =>
        group.tabs.some((tab) => (tab.input as { uri?: vscode.Uri } | undefined)?.uri?.toString() === wanted),
      );
    for (let i = 0; i < 50 && !isOpen(); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(isOpen(), 'the new image is open in an editor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});

describe('leftovers', function () {
  this.timeout(60_000);
  fakeGeminiPerSuite();

  it('removes temporary files a crash left more than an hour ago, and only those', async () => {
    await removeIfExists(inWorkspace('out', 'sweep'));
    await vscode.workspace.fs.createDirectory(inWorkspace('out', 'sweep'));
    const stale = inWorkspace('out', 'sweep', '.old.png.ab12cd34.pictor-tmp').fsPath;
    const recent = inWorkspace('out', 'sweep', '.new.png.ef56ab78.pictor-tmp').fsPath;
    const mine = inWorkspace('out', 'sweep', 'notes.pictor-tmp').fsPath;
    for (const file of [stale, recent, mine]) fs.writeFileSync(file, 'partial');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    fs.utimesSync(stale, twoHoursAgo, twoHoursAgo);
    fs.utimesSync(mine, twoHoursAgo, twoHoursAgo);
    await vscode.commands.executeCommand('pictor.generate', { prompt: 'sweep', outputFolder: 'out/sweep' });
    for (let i = 0; i < 50 && fs.existsSync(stale); i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(fs.existsSync(stale), false, 'the stale temporary file is gone');
    assert.equal(fs.existsSync(recent), true, 'a recent one may belong to a write in progress');
    assert.equal(fs.existsSync(mine), true, 'a file that is not one of Pictor’s temporaries stays');
    await removeIfExists(inWorkspace('out', 'sweep'));
  });
});

describe('the workspace boundary', function () {
  this.timeout(60_000);
  const suite = fakeGeminiPerSuite();
  let outside: string;
  before(() => {
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'pictor-outside-'));
  });
  after(async () => {
    fs.rmSync(outside, { recursive: true, force: true });
    await removeIfExists(inWorkspace('links'));
  });

  it('refuses to write through a symbolic link that leads out of the workspace', async () => {
    await removeIfExists(inWorkspace('links'));
    await vscode.workspace.fs.createDirectory(inWorkspace('links'));
    fs.symlinkSync(outside, inWorkspace('links', 'out').fsPath, 'dir');
    const error = await expectReject('pictor.generate', { prompt: 'escape', outputFolder: 'links/out/deeper' });
    assert.equal(error.code, 'badInput');
    assert.match(error.message, /symbolic link/);
    assert.deepEqual(fs.readdirSync(outside), [], 'nothing was written outside');
    assert.equal(suite.fake.requests.filter((r) => r.action === 'generateContent').length, 0, 'refused before any request');
  });

  it('refuses to read an image through a symbolic link that leads out of the workspace', async () => {
    const secret = path.join(outside, 'secret.png');
    fs.copyFileSync(inWorkspace('images', 'sample.png').fsPath, secret);
    await vscode.workspace.fs.createDirectory(inWorkspace('links'));
    fs.symlinkSync(secret, inWorkspace('links', 'innocent.png').fsPath);
    const error = await expectReject('pictor.editImage', 'links/innocent.png', { prompt: 'x' });
    assert.equal(error.code, 'badInput');
    assert.equal(suite.fake.requests.length, 0, 'the outside file was never sent');
  });

  it('keeps full-width separators in fileName from leaving the output folder', async () => {
    await removeIfExists(inWorkspace('out', 'fullwidth'));
    const result = (await vscode.commands.executeCommand('pictor.generate', {
      prompt: 'escape attempt',
      outputFolder: 'out/fullwidth',
      fileName: 'x\uFF0F\uFF0E\uFF0E\uFF0F\uFF0E\uFF0E\uFF0Fpwned',
    })) as CommandResult;
    assert.equal(result.images[0]!.uri.toString(), inWorkspace('out', 'fullwidth', 'pwned.png').toString());
    await removeIfExists(inWorkspace('out', 'fullwidth'));
  });
});
