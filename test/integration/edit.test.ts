import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { FakeGemini } from '../fake-gemini';
import { configure, expectReject, fakeGeminiPerSuite, inWorkspace, listNames, readJson, removeIfExists, useFakeGemini, type CommandResult } from './support';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A fresh copy of the fixture image in its own folder, so tests don't see each other's files. */
async function copySample(folder: string, name = 'photo.png'): Promise<vscode.Uri> {
  await removeIfExists(inWorkspace('edits', folder));
  const target = inWorkspace('edits', folder, name);
  await vscode.workspace.fs.copy(inWorkspace('images', 'sample.png'), target, { overwrite: false });
  return target;
}

describe('pictor.editImage', function () {
  this.timeout(60_000);
  const suite = fakeGeminiPerSuite();
  let fake: FakeGemini;
  beforeEach(() => {
    fake = suite.fake;
  });

  it('saves the edit beside the original, leaves the original byte-identical, records parent and source', async () => {
    const source = await copySample('basic');
    const original = await vscode.workspace.fs.readFile(source);
    const result = (await vscode.commands.executeCommand('pictor.editImage', source, { prompt: 'add a knitted wizard hat' })) as CommandResult;
    assert.equal(result.images.length, 1);
    assert.equal(result.images[0]!.uri.toString(), inWorkspace('edits', 'basic', 'photo.edit-1.png').toString());
    assert.deepEqual(await vscode.workspace.fs.readFile(source), original, 'the original is never modified');

    const sidecar = await readJson(result.images[0]!.sidecar);
    assert.deepEqual(sidecar.parent, { path: 'edits/basic/photo.png', sha256: sha256(original) });
    assert.deepEqual(sidecar.inputs, [{ path: 'edits/basic/photo.png', sha256: sha256(original), mimeType: 'image/png', role: 'source' }]);
    assert.equal(sidecar.prompt, 'add a knitted wizard hat');

    const request = fake.requests.find((r) => r.action === 'generateContent');
    const parts = request?.body.contents[0].parts;
    assert.equal(parts[0].text, 'add a knitted wizard hat');
    assert.equal(Buffer.from(parts[1].inlineData.data, 'base64').equals(Buffer.from(original)), true);

    const second = (await vscode.commands.executeCommand('pictor.editImage', source, { prompt: 'now in blue' })) as CommandResult;
    assert.match(second.images[0]!.uri.path, /\/photo\.edit-2\.png$/);
  });

  it('continues the lineage when editing an edit', async () => {
    const source = await copySample('lineage');
    const first = (await vscode.commands.executeCommand('pictor.editImage', source, { prompt: 'step one' })) as CommandResult;
    const second = (await vscode.commands.executeCommand('pictor.editImage', first.images[0]!.uri, { prompt: 'step two' })) as CommandResult;
    assert.match(second.images[0]!.uri.path, /\/photo\.edit-2\.png$/, 'edits of edits keep the original stem');
    const firstSidecar = await readJson(first.images[0]!.sidecar);
    const secondSidecar = await readJson(second.images[0]!.sidecar);
    assert.equal(secondSidecar.parent.path, 'edits/lineage/photo.edit-1.png');
    assert.equal(secondSidecar.parent.sha256, firstSidecar.image.sha256);
    assert.deepEqual(
      secondSidecar.lineage.map((l: { path: string }) => l.path),
      ['edits/lineage/photo.png', 'edits/lineage/photo.edit-1.png'],
    );
  });

  it('refuses inputs that are not images by content, missing files and paths outside the workspace', async () => {
    await removeIfExists(inWorkspace('edits', 'bad'));
    const fakePng = inWorkspace('edits', 'bad', 'notes.png');
    await vscode.workspace.fs.writeFile(fakePng, new TextEncoder().encode('this is text, not a PNG'));
    let error = await expectReject('pictor.editImage', fakePng, { prompt: 'x' });
    assert.equal(error.code, 'badInput');
    assert.match(error.message, /not an image/);
    error = await expectReject('pictor.editImage', inWorkspace('edits', 'bad', 'missing.png'), { prompt: 'x' });
    assert.equal(error.code, 'badInput');
    assert.match(error.message, /does not exist/);
    error = await expectReject('pictor.editImage', vscode.Uri.file('/etc/hostname'), { prompt: 'x' });
    assert.equal(error.code, 'badInput');
    assert.match(error.message, /outside the workspace/);
    error = await expectReject('pictor.editImage', fakePng, { prompt: 'x', colour: 'red' });
    assert.equal(error.code, 'badInput');
    assert.equal(fake.requests.length, 0);
    assert.deepEqual(await listNames(inWorkspace('edits', 'bad')), ['notes.png']);
  });

  it('uploads inputs beyond the 20 MB inline limit through the Files API', async () => {
    await removeIfExists(inWorkspace('edits', 'large'));
    const { PNG } = await import('pngjs');
    const png = new PNG({ width: 2800, height: 2800 });
    for (let i = 0; i < png.data.length; i++) png.data[i] = (i * 2654435761) >>> 24;
    const bytes = PNG.sync.write(png, { deflateLevel: 0 });
    assert.ok(bytes.length > 20 * 1024 * 1024, `fixture is ${bytes.length} bytes`);
    const big = inWorkspace('edits', 'large', 'huge.png');
    await vscode.workspace.fs.writeFile(big, bytes);
    const result = (await vscode.commands.executeCommand('pictor.editImage', big, { prompt: 'shrink the subject' })) as CommandResult;
    assert.equal(result.images.length, 1);
    assert.ok(fake.requests.some((r) => r.action === 'files.uploadStart'), 'upload started');
    const parts = fake.requests.find((r) => r.action === 'generateContent')?.body.contents[0].parts;
    assert.match(parts[1].fileData.fileUri, /files\//);
    assert.equal(parts[1].inlineData, undefined);
  });
});

describe('pictor.composeImages', function () {
  this.timeout(60_000);
  const suite = fakeGeminiPerSuite();
  let fake: FakeGemini;
  beforeEach(() => {
    fake = suite.fake;
  });

  it('sends every selected image as a reference for one prompt', async () => {
    const a = await copySample('compose', 'a.png');
    const b = inWorkspace('edits', 'compose', 'b.png');
    await vscode.workspace.fs.copy(a, b);
    const result = (await vscode.commands.executeCommand('pictor.composeImages', a, [a, b], {
      prompt: 'put the dress on the model',
      outputFolder: 'edits/compose-out',
    })) as CommandResult;
    assert.equal(result.images.length, 1);
    const sidecar = await readJson(result.images[0]!.sidecar);
    assert.deepEqual(sidecar.inputs.map((i: { path: string; role: string }) => `${i.role}:${i.path}`), ['reference:edits/compose/a.png', 'reference:edits/compose/b.png']);
    const parts = fake.requests.find((r) => r.action === 'generateContent')?.body.contents[0].parts;
    assert.equal(parts.length, 3);
  });

  it('refuses more images than the model takes', async () => {
    const a = await copySample('too-many', 'a.png');
    const many = Array.from({ length: 15 }, () => a);
    const error = await expectReject('pictor.composeImages', a, many.map((u, i) => u.with({ query: String(i) })), { prompt: 'x', model: 'gemini-3-pro-image' });
    assert.equal(error.code, 'badInput');
    assert.match(error.message, /at most 14/);
    assert.equal(fake.requests.length, 0);
  });
});

describe('sidecar commands', function () {
  this.timeout(60_000);
  const suite = fakeGeminiPerSuite();
  let fake: FakeGemini;
  beforeEach(() => {
    fake = suite.fake;
  });

  it('regenerates exactly the recorded request and saves a new file', async () => {
    await removeIfExists(inWorkspace('regen'));
    const made = (await vscode.commands.executeCommand('pictor.generate', {
      prompt: 'a lighthouse',
      preset: 'illustration',
      aspectRatio: '4:3',
      outputFolder: 'regen',
    })) as CommandResult;
    const original = await readJson(made.images[0]!.sidecar);
    fake.reset();
    const again = (await vscode.commands.executeCommand('pictor.regenerateFromSidecar', made.images[0]!.sidecar, {})) as CommandResult;
    assert.match(again.images[0]!.uri.path, /\/a-lighthouse-2\.png$/);
    const request = fake.requests.find((r) => r.action === 'generateContent');
    assert.equal(request?.model, original.model);
    assert.equal(request?.body.contents[0].parts[0].text, original.effectivePrompt);
    assert.deepEqual(request?.body.generationConfig.imageConfig, { aspectRatio: '4:3', imageSize: '1K' });
    const sidecar = await readJson(again.images[0]!.sidecar);
    assert.equal(sidecar.prompt, 'a lighthouse');
    assert.equal(sidecar.preset, 'illustration');
  });

  it('makes N variations from an image with a sidecar', async () => {
    await removeIfExists(inWorkspace('variations'));
    const made = (await vscode.commands.executeCommand('pictor.generate', { prompt: 'paper plane', outputFolder: 'variations' })) as CommandResult;
    fake.reset();
    const result = (await vscode.commands.executeCommand('pictor.generateVariations', made.images[0]!.uri, { count: 3 })) as CommandResult;
    assert.equal(result.images.length, 3);
    assert.equal(fake.requests.filter((r) => r.action === 'generateContent').length, 3);
    assert.deepEqual(await listNames(inWorkspace('variations')), [
      'paper-plane-2.png', 'paper-plane-2.png.json', 'paper-plane-3.png', 'paper-plane-3.png.json',
      'paper-plane-4.png', 'paper-plane-4.png.json', 'paper-plane.png', 'paper-plane.png.json',
    ]);
  });

  it('says when a recorded input changed, and proceeds only when allowed', async () => {
    const source = await copySample('changed');
    const edited = (await vscode.commands.executeCommand('pictor.editImage', source, { prompt: 'sepia' })) as CommandResult;
    const { PNG } = await import('pngjs');
    const png = new PNG({ width: 4, height: 4 });
    png.data.fill(200);
    await vscode.workspace.fs.writeFile(source, PNG.sync.write(png));
    fake.reset();
    const error = await expectReject('pictor.regenerateFromSidecar', edited.images[0]!.uri, {});
    assert.equal(error.code, 'badInput');
    assert.match(error.message, /changed since.*edits\/changed\/photo\.png/);
    assert.equal(fake.requests.length, 0);
    const allowed = (await vscode.commands.executeCommand('pictor.regenerateFromSidecar', edited.images[0]!.uri, { allowChangedInputs: true })) as CommandResult;
    assert.equal(allowed.images.length, 1);
  });

  it('reports images without a sidecar clearly', async () => {
    const error = await expectReject('pictor.regenerateFromSidecar', inWorkspace('images', 'sample.png'), {});
    assert.equal(error.code, 'badInput');
    assert.match(error.message, /no Pictor sidecar/);
  });

  it('offers Regenerate as a CodeLens on sidecar files', async () => {
    await removeIfExists(inWorkspace('lens'));
    const made = (await vscode.commands.executeCommand('pictor.generate', { prompt: 'lens', outputFolder: 'lens' })) as CommandResult;
    await vscode.window.showTextDocument(made.images[0]!.sidecar);
    const lenses = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', made.images[0]!.sidecar)) as vscode.CodeLens[];
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(titles.some((t) => t.includes('Regenerate')), titles.join(', '));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});

describe('pictor.insertImage', function () {
  this.timeout(60_000);
  let fake: FakeGemini;

  before(async () => {
    fake = await useFakeGemini();
  });
  after(async () => {
    await configure({ 'api.baseUrl': undefined });
    await fake?.close();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  beforeEach(() => fake.reset());

  async function openDoc(path: string, content: string, language: string): Promise<vscode.TextEditor> {
    const uri = inWorkspace(...path.split('/'));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(await vscode.languages.setTextDocumentLanguage(doc, language));
    return editor;
  }

  it('inserts a relative Markdown link with alt text at the cursor', async () => {
    await removeIfExists(inWorkspace('docs'));
    const editor = await openDoc('docs/guide/intro.md', '# Intro\n\n', 'markdown');
    editor.selection = new vscode.Selection(2, 0, 2, 0);
    const result = (await vscode.commands.executeCommand('pictor.insertImage', { prompt: 'A cozy reading nook. Warm light.', outputFolder: 'docs/img' })) as CommandResult & { inserted: string };
    assert.equal(result.inserted, '![A cozy reading nook.](../img/a-cozy-reading-nook-warm-light.png)');
    assert.equal(editor.document.getText(), `# Intro\n\n${result.inserted}`);
    assert.ok((await listNames(inWorkspace('docs', 'img'))).includes('a-cozy-reading-nook-warm-light.png'));
  });

  it('uses a selected Mermaid block as a diagram prompt and keeps the selection', async () => {
    const source = '```mermaid\ngraph TD; A-->B\n```';
    const editor = await openDoc('docs/flow.md', source, 'markdown');
    editor.selection = new vscode.Selection(0, 0, 2, 3);
    const result = (await vscode.commands.executeCommand('pictor.insertImage', { outputFolder: 'docs/img' })) as CommandResult & { inserted: string };
    const sent = fake.requests.find((r) => r.action === 'generateContent')?.body.contents[0].parts[0].text as string;
    assert.match(sent, /technical diagram: Render this Mermaid diagram/);
    assert.match(sent, /A-->B/);
    assert.ok(editor.document.getText().startsWith(source), 'the selected text is kept');
    assert.match(editor.document.getText(), /!\[Diagram\]\(\.\/img\/render-this-mermaid-diagram/);
    assert.equal((await readJson(result.images[0]!.sidecar)).preset, 'diagram');
  });

  it('writes an <img> tag in TSX', async () => {
    const editor = await openDoc('src/App.tsx', 'export const App = () => (\n  \n);\n', 'typescriptreact');
    editor.selection = new vscode.Selection(1, 2, 1, 2);
    const result = (await vscode.commands.executeCommand('pictor.insertImage', { prompt: 'Hero "banner"', outputFolder: 'public' })) as CommandResult & { inserted: string };
    assert.equal(result.inserted, '<img src="../public/hero-banner.png" alt="Hero &quot;banner&quot;" />');
    assert.match(editor.document.getText(), /<img src="\.\.\/public\/hero-banner\.png"/);
  });
});
