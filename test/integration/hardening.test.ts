import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { ChatTurnResult } from '../../src/chat/engine';
import type { FakeGemini } from '../fake-gemini';
import { gif, heifLike, jpeg, png } from '../support/image-fixtures';
import { configure, expectReject, inWorkspace, listNames, readJson, removeIfExists, useFakeGemini, type CommandResult } from './support';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const bytesOf = (name: string) => new TextEncoder().encode(name).byteLength;
const generateRequests = (fake: FakeGemini) => fake.requests.filter((r) => r.action === 'generateContent');
const JPEG_LABELLED_PNG = { kind: 'image' as const, images: [{ mimeType: 'image/jpeg' as const, label: 'image/png' }] };
const TEXT_AS_IMAGE = { kind: 'image' as const, images: [{ notAnImage: 'Sorry, here is a description instead of an image.', label: 'image/png' }] };
/** A PNG whose header (and so its size) reads, cut off after 60 % of its bytes. */
const CUT_OFF_IMAGE = { kind: 'image' as const, images: [{ mimeType: 'image/png' as const, truncate: 0.6 }] };

async function put(relative: string, bytes: Uint8Array): Promise<vscode.Uri> {
  const uri = inWorkspace(...relative.split('/'));
  await vscode.workspace.fs.writeFile(uri, bytes);
  return uri;
}

/** The parts of the last generateContent request's new user turn. */
function lastUserParts(fake: FakeGemini): Array<{ text?: string; inlineData?: { mimeType: string; data: string } }> {
  const request = generateRequests(fake).at(-1);
  assert.ok(request, 'a request was sent');
  return request.body.contents.at(-1).parts;
}

describe('hardening: the bytes decide, on every save path', function () {
  this.timeout(60_000);
  let fake: FakeGemini;

  before(async () => {
    fake = await useFakeGemini();
    await configure({ outputFolder: 'out/bytes-chat' });
  });
  after(async () => {
    await configure({ 'api.baseUrl': undefined, outputFolder: undefined });
    await fake?.close();
  });
  beforeEach(async () => {
    fake.reset();
    await removeIfExists(inWorkspace('out', 'bytes'));
    await removeIfExists(inWorkspace('out', 'bytes-chat'));
  });

  it('pictor.generate saves JPEG bytes labelled image/png as name.jpg with image/jpeg', async () => {
    fake.enqueue(JPEG_LABELLED_PNG);
    const result = (await vscode.commands.executeCommand('pictor.generate', { prompt: 'a lake at dawn', outputFolder: 'out/bytes' })) as CommandResult;
    assert.match(result.images[0]!.uri.path, /\/out\/bytes\/a-lake-at-dawn\.jpg$/);
    const sidecar = await readJson(result.images[0]!.sidecar);
    assert.equal(sidecar.image.mimeType, 'image/jpeg');
    assert.equal(sidecar.image.file, 'out/bytes/a-lake-at-dawn.jpg');
    assert.equal(sidecar.image.sha256, sha256(await vscode.workspace.fs.readFile(result.images[0]!.uri)), 'the hash of the bytes on disk');
  });

  for (const [command, what, answer, args, folder] of [
    ['pictor.generate', 'inlineData that is no image', TEXT_AS_IMAGE, { prompt: 'a lake at dusk', outputFolder: 'out/bytes' }, ['out', 'bytes']],
    ['pictor.generate', 'an image cut off after its header', CUT_OFF_IMAGE, { prompt: 'a lake at noon', outputFolder: 'out/bytes' }, ['out', 'bytes']],
    ['pictor.chat.send', 'an image cut off after its header', CUT_OFF_IMAGE, { prompt: 'a harbour at noon' }, ['out', 'bytes-chat']],
  ] as const) {
    it(`${command} refuses ${what}: server error, nothing written`, async () => {
      fake.enqueue(answer);
      const error = await expectReject(command, args);
      assert.equal(error.code, 'server');
      assert.match(error.message, /the response's image could not be read/);
      assert.deepEqual(await listNames(inWorkspace(...folder)), []);
    });
  }

  it('pictor.chat.send saves JPEG bytes labelled image/png as name.jpg with image/jpeg', async () => {
    fake.enqueue(JPEG_LABELLED_PNG);
    const result = (await vscode.commands.executeCommand('pictor.chat.send', { prompt: 'a harbour in fog' })) as ChatTurnResult;
    assert.match(result.images[0]!.uri.path, /\/out\/bytes-chat\/a-harbour-in-fog\.jpg$/);
    assert.equal((await readJson(result.images[0]!.sidecar)).image.mimeType, 'image/jpeg');
  });

  it('pictor.chat.send refuses inlineData that is no image: server error, nothing written', async () => {
    fake.enqueue(TEXT_AS_IMAGE);
    const error = await expectReject('pictor.chat.send', { prompt: 'a harbour at night' });
    assert.equal(error.code, 'server');
    assert.match(error.message, /the response's image could not be read/);
    assert.deepEqual(await listNames(inWorkspace('out', 'bytes-chat')), []);
  });
});

describe('hardening: inputs the service accepts, and only those', function () {
  this.timeout(60_000);
  let fake: FakeGemini;
  const still = gif(6, 4, 1);
  const animated = gif(6, 4, 3);

  before(async () => {
    fake = await useFakeGemini();
    await configure({ outputFolder: 'out/inputs-chat' });
    await vscode.workspace.fs.createDirectory(inWorkspace('inputs'));
    await put('inputs/still.gif', still);
    await put('inputs/spin.gif', animated);
    await put('inputs/broken.gif', still.slice(0, 24));
    await put('inputs/photo.HEIC', heifLike('heic', ['mif1', 'heic']));
    await put('inputs/mislabelled.png', jpeg(8, 6));
    await put('inputs/cut.png', png(64, 64).slice(0, 900));
    await put('inputs/cut.jpg', jpeg(64, 64).slice(0, 200));
  });
  after(async () => {
    await configure({ 'api.baseUrl': undefined, outputFolder: undefined });
    await removeIfExists(inWorkspace('inputs'));
    await fake?.close();
  });
  beforeEach(async () => {
    fake.reset();
    await removeIfExists(inWorkspace('out', 'inputs'));
  });

  it('sends a GIF reference as a PNG of its first frame and records the conversion', async () => {
    const result = (await vscode.commands.executeCommand('pictor.generate', {
      prompt: 'in this style',
      references: ['inputs/still.gif', 'inputs/spin.gif'],
      outputFolder: 'out/inputs',
    })) as CommandResult;
    const parts = lastUserParts(fake);
    assert.deepEqual(parts.slice(1).map((p) => p.inlineData?.mimeType), ['image/png', 'image/png']);
    assert.equal(Buffer.from(parts[1]!.inlineData!.data, 'base64').subarray(1, 4).toString('latin1'), 'PNG');
    const sidecar = await readJson(result.images[0]!.sidecar);
    assert.equal(sidecar.inputs[0].path, 'inputs/still.gif');
    assert.equal(sidecar.inputs[0].sha256, sha256(still), "the file's own hash");
    assert.equal(sidecar.inputs[0].mimeType, 'image/png');
    assert.equal(sidecar.inputs[0].convertedFrom, 'image/gif');
    assert.match(sidecar.inputs[1].note, /animated GIF \(3 frames\).*first frame/);
  });

  it('refuses a GIF that cannot be decoded before any request', async () => {
    const error = await expectReject('pictor.generate', { prompt: 'x', references: ['inputs/broken.gif'], outputFolder: 'out/inputs' });
    assert.equal(error.code, 'badInput');
    assert.match(error.message, /inputs\/broken\.gif is a GIF that cannot be decoded/);
    assert.equal(fake.requests.length, 0);
  });

  it('accepts HEIC (by its ftyp brand) and takes the type from the bytes, not the name', async () => {
    await vscode.commands.executeCommand('pictor.generate', { prompt: 'like these', references: ['inputs/photo.HEIC', 'inputs/mislabelled.png'], outputFolder: 'out/inputs' });
    assert.deepEqual(lastUserParts(fake).slice(1).map((p) => p.inlineData?.mimeType), ['image/heic', 'image/jpeg']);
  });

  it('edits a GIF by sending its first frame as a PNG', async () => {
    const result = (await vscode.commands.executeCommand('pictor.editImage', inWorkspace('inputs', 'spin.gif'), { prompt: 'make it blue', outputFolder: 'out/inputs' })) as CommandResult;
    assert.equal(lastUserParts(fake)[1]!.inlineData!.mimeType, 'image/png');
    assert.match(result.images[0]!.uri.path, /\/spin\.edit-1\.png$/);
    assert.deepEqual((await readJson(result.images[0]!.sidecar)).parent, { path: 'inputs/spin.gif', sha256: sha256(animated) });
  });

  it('refuses a reference or source cut off after its header before any request (generate, edit, chat)', async () => {
    let error = await expectReject('pictor.generate', { prompt: 'like this', references: ['inputs/cut.png'], outputFolder: 'out/inputs' });
    assert.equal(error.code, 'badInput');
    assert.match(error.message, /inputs\/cut\.png is cut off/);
    error = await expectReject('pictor.editImage', inWorkspace('inputs', 'cut.jpg'), { prompt: 'make it blue', outputFolder: 'out/inputs' });
    assert.equal(error.code, 'badInput');
    assert.match(error.message, /inputs\/cut\.jpg is cut off/);
    error = await expectReject('pictor.chat.send', { prompt: 'use this', attachments: ['inputs/cut.png'] });
    assert.equal(error.code, 'badInput');
    assert.match(error.message, /inputs\/cut\.png is cut off/);
    assert.equal(fake.requests.length, 0);
    assert.deepEqual(await listNames(inWorkspace('out', 'inputs')), []);
  });

  it('pictor.chat.send sends an attached GIF as a PNG', async () => {
    await vscode.commands.executeCommand('pictor.chat.send', { prompt: 'use this', attachments: ['inputs/still.gif'] });
    assert.equal(lastUserParts(fake)[1]!.inlineData!.mimeType, 'image/png');
  });
});

describe('hardening: everything that can fail is checked before paying', function () {
  this.timeout(60_000);
  let fake: FakeGemini;

  before(async () => {
    fake = await useFakeGemini();
  });
  after(async () => {
    await configure({ 'api.baseUrl': undefined, outputFolder: undefined });
    await fake?.close();
  });
  beforeEach(async () => {
    fake.reset();
    await removeIfExists(inWorkspace('out', 'checks'));
  });

  it("cuts fileName '漢'.repeat(200) at a whole grapheme so name.png.json fits in 255 bytes", async () => {
    const result = (await vscode.commands.executeCommand('pictor.generate', { prompt: 'kanji', fileName: '漢'.repeat(200), outputFolder: 'out/checks' })) as CommandResult;
    const name = result.images[0]!.uri.path.split('/').pop()!;
    assert.match(name, /^漢+\.png$/);
    assert.ok(bytesOf(`${name}.json`) <= 255, `${bytesOf(`${name}.json`)} bytes`);
    assert.deepEqual((await listNames(inWorkspace('out', 'checks'))).sort(), [name, `${name}.json`]);
  });

  it('never saves a Windows device name before the first dot, nor bidi controls', async () => {
    const reserved = (await vscode.commands.executeCommand('pictor.generate', { prompt: 'x', fileName: 'con.old', outputFolder: 'out/checks' })) as CommandResult;
    assert.match(reserved.images[0]!.uri.path, /\/con-image\.old\.png$/);
    const bidi = (await vscode.commands.executeCommand('pictor.generate', { prompt: 'x', fileName: 'invoice\u202Egnp.exe', outputFolder: 'out/checks' })) as CommandResult;
    const name = bidi.images[0]!.uri.path.split('/').pop()!;
    assert.equal(name, 'invoice-gnp.exe.png');
  });

  it('refuses an outputFolder that names an existing file before any request (generate and chat)', async () => {
    let error = await expectReject('pictor.generate', { prompt: 'x', outputFolder: 'README.md' });
    assert.equal(error.code, 'badInput');
    assert.match(error.message, /README\.md is a file, not a folder/);
    await configure({ outputFolder: 'README.md' });
    error = await expectReject('pictor.chat.send', { prompt: 'x' });
    assert.equal(error.code, 'badInput');
    assert.match(error.message, /README\.md is a file, not a folder/);
    await configure({ outputFolder: undefined });
    assert.equal(fake.requests.length, 0);
  });

  it('refuses an outputFolder that cannot be made (too long, a device name, a trailing dot, a control character) before any request', async () => {
    const cases: Array<[string, RegExp]> = [
      [`out/${'a'.repeat(300)}`, /longer than 255 bytes/],
      ['out/con', /"con" is a Windows device name/],
      ['out/drafts.', /ends in a dot or space/],
      ['out/a\u0007b', /control or bidirectional character/],
    ];
    for (const [outputFolder, reason] of cases) {
      const error = await expectReject('pictor.generate', { prompt: 'x', outputFolder });
      assert.equal(error.code, 'badInput', outputFolder);
      assert.match(error.message, reason);
      assert.match(error.message, /Choose another output folder/);
    }
    await configure({ outputFolder: 'out/con' });
    try {
      const error = await expectReject('pictor.chat.send', { prompt: 'x' });
      assert.equal(error.code, 'badInput');
      assert.match(error.message, /Windows device name/);
    } finally {
      await configure({ outputFolder: undefined });
    }
    assert.equal(fake.requests.length, 0);
    assert.deepEqual(await listNames(inWorkspace('out')).then((names) => names.filter((n) => n === 'con' || n.startsWith('aaa') || n.startsWith('drafts'))), []);
  });

  it('holds a prompt read back from a sidecar to the limits of a typed one', async () => {
    const made = (await vscode.commands.executeCommand('pictor.generate', { prompt: 'a small prompt', outputFolder: 'out/checks' })) as CommandResult;
    const sidecar = await readJson(made.images[0]!.sidecar);
    const huge = 'a'.repeat(5 * 1024 * 1024);
    await vscode.workspace.fs.writeFile(made.images[0]!.sidecar, new TextEncoder().encode(JSON.stringify({ ...sidecar, prompt: huge, effectivePrompt: huge })));
    fake.reset();
    const error = await expectReject('pictor.regenerateFromSidecar', made.images[0]!.uri, {});
    assert.equal(error.code, 'badInput');
    assert.match(error.message, /The prompt is 5,242,880 characters; Pictor sends prompts of up to 20,000/);
    assert.equal(fake.requests.length, 0);
  });

  it('refuses a sidecar that records more input images than its model takes, before reading any of them', async () => {
    const made = (await vscode.commands.executeCommand('pictor.generate', { prompt: 'a small prompt', outputFolder: 'out/checks' })) as CommandResult;
    const sidecar = await readJson(made.images[0]!.sidecar);
    // Five thousand recorded inputs, none of them on disk: the count alone decides.
    const inputs = Array.from({ length: 5000 }, (_, i) => ({ path: `out/checks/missing-${i}.png`, sha256: '0'.repeat(64), mimeType: 'image/png', role: 'reference' }));
    await vscode.workspace.fs.writeFile(made.images[0]!.sidecar, new TextEncoder().encode(JSON.stringify({ ...sidecar, inputs })));
    fake.reset();
    const error = await expectReject('pictor.regenerateFromSidecar', made.images[0]!.uri, {});
    assert.equal(error.code, 'badInput');
    assert.match(error.message, /accepts at most \d+ reference images; the sidecar records 5000/);
    assert.equal(fake.requests.length, 0);
  });
});
