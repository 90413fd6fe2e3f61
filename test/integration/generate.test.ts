import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { startFakeGemini, type FakeGemini } from '../fake-gemini';
import { PNG } from 'pngjs';
import {
  TEST_KEY,
  configure,
  fakeGeminiPerSuite,
  expectReject,
  inWorkspace,
  listNames,
  readJson,
  readText,
  removeIfExists,
  useFakeGemini,
  type CommandResult,
} from './support';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('pictor.generate', function () {
  this.timeout(60_000);
  const suite = fakeGeminiPerSuite();
  let fake: FakeGemini;
  beforeEach(() => {
    fake = suite.fake;
  });

  it('saves the image and a complete sidecar under the default output folder', async () => {
    await removeIfExists(inWorkspace('assets'));
    const result = (await vscode.commands.executeCommand('pictor.generate', {
      prompt: 'Coffee Logo with a bean',
      aspectRatio: '16:9',
      preset: 'logo',
    })) as CommandResult;

    assert.equal(result.images.length, 1);
    const image = result.images[0]!;
    assert.equal(image.uri.toString(), inWorkspace('assets', 'generated', 'coffee-logo-with-a-bean.png').toString());
    assert.equal(image.sidecar.toString(), inWorkspace('assets', 'generated', 'coffee-logo-with-a-bean.png.json').toString());
    const bytes = await vscode.workspace.fs.readFile(image.uri);
    const png = PNG.sync.read(Buffer.from(bytes));
    assert.deepEqual([png.width, png.height], [1360, 768], 'the default model\'s 16:9 image at 1K, as the fake sizes it');

    const sidecar = await readJson(image.sidecar);
    assert.equal(sidecar.version, 1);
    assert.equal(sidecar.generator.name, 'pictor');
    assert.match(sidecar.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
    assert.equal(sidecar.prompt, 'Coffee Logo with a bean');
    assert.match(sidecar.effectivePrompt, /minimalist logo for Coffee Logo with a bean/);
    assert.equal(sidecar.preset, 'logo');
    assert.equal(sidecar.model, 'gemini-nano-banana-2.1');
    assert.equal(typeof sidecar.modelVersion, 'string');
    assert.deepEqual(sidecar.config, { aspectRatio: '16:9', imageSize: '1K', responseModalities: ['TEXT', 'IMAGE'] });
    assert.equal(sidecar.serviceTier, 'standard');
    assert.equal(sidecar.thinkingLevel, null);
    assert.equal(sidecar.store, false);
    assert.deepEqual(sidecar.inputs, []);
    assert.equal(sidecar.parent, null);
    assert.deepEqual(sidecar.image, {
      file: 'assets/generated/coffee-logo-with-a-bean.png',
      mimeType: 'image/png',
      sha256: sha256(bytes),
      bytes: bytes.byteLength,
      width: 1360,
      height: 768,
    });
    assert.equal(sidecar.finishReason, 'STOP');
    assert.ok(sidecar.usage.totalTokens > 0);
    // A 1K image of Nano Banana 2.1 costs about $0.034 (1120 image tokens at $30 per 1M), plus the prompt's tokens.
    assert.ok(sidecar.estimatedCostUsd > 0.033 && sidecar.estimatedCostUsd < 0.04, String(sidecar.estimatedCostUsd));

    const [request] = fake.requests.filter((r) => r.action === 'generateContent');
    assert.equal(request?.model, 'gemini-nano-banana-2.1');
    assert.match(request!.path, /^\/v1beta\//);
    assert.equal(request?.apiKey, TEST_KEY);
    assert.equal(request?.body.contents[0].parts[0].text, sidecar.effectivePrompt);
    assert.deepEqual(request?.body.generationConfig.imageConfig, { aspectRatio: '16:9', imageSize: '1K' });
    assert.equal(request?.store, false, 'every request says store: false by default');
    assert.deepEqual(request?.body.generationConfig.responseModalities, ['TEXT', 'IMAGE']);

    const sidecarText = await readText(image.sidecar);
    assert.ok(!sidecarText.includes(TEST_KEY), 'the key never reaches a sidecar');
    assert.ok(!sidecarText.includes(vscode.workspace.workspaceFolders![0]!.uri.fsPath), 'no absolute paths');
  });

  it('never overwrites: the same prompt twice gives name and name-2', async () => {
    const folder = 'out/collide';
    await removeIfExists(inWorkspace('out', 'collide'));
    const first = (await vscode.commands.executeCommand('pictor.generate', { prompt: 'red fox', outputFolder: folder })) as CommandResult;
    const before = await vscode.workspace.fs.readFile(first.images[0]!.uri);
    const second = (await vscode.commands.executeCommand('pictor.generate', { prompt: 'red fox', outputFolder: folder })) as CommandResult;
    assert.match(second.images[0]!.uri.path, /\/red-fox-2\.png$/);
    assert.deepEqual(await vscode.workspace.fs.readFile(first.images[0]!.uri), before);
    assert.deepEqual(await listNames(inWorkspace('out', 'collide')), ['red-fox-2.png', 'red-fox-2.png.json', 'red-fox.png', 'red-fox.png.json']);
  });

  it('runs count requests concurrently and saves every image', async () => {
    await removeIfExists(inWorkspace('out', 'count'));
    await configure({ maxConcurrentRequests: 2 });
    fake.setDefault({ kind: 'image', delayMs: 300 });
    const result = (await vscode.commands.executeCommand('pictor.generate', { prompt: 'tile', count: 3, outputFolder: 'out/count' })) as CommandResult;
    assert.equal(result.images.length, 3);
    assert.deepEqual(await listNames(inWorkspace('out', 'count')), ['tile-2.png', 'tile-2.png.json', 'tile-3.png', 'tile-3.png.json', 'tile.png', 'tile.png.json']);
    assert.equal(fake.requests.filter((r) => r.action === 'generateContent').length, 3);
  });

  it('uses Pro sizes, skips thought images and saves every final image of a response', async () => {
    await removeIfExists(inWorkspace('out', 'pro'));
    fake.enqueue({ kind: 'image', images: [{}, {}], thoughts: true });
    const result = (await vscode.commands.executeCommand('pictor.generate', {
      prompt: 'two panels',
      model: 'gemini-3-pro-image',
      aspectRatio: '1:1',
      imageSize: '2K',
      outputFolder: 'out/pro',
      fileName: 'panel.png',
    })) as CommandResult;
    assert.equal(result.images.length, 2, 'two final images, the thought image is not a result');
    assert.deepEqual(await listNames(inWorkspace('out', 'pro')), ['panel-2.png', 'panel-2.png.json', 'panel.png', 'panel.png.json']);
    const sidecar = await readJson(result.images[0]!.sidecar);
    assert.deepEqual([sidecar.image.width, sidecar.image.height], [2048, 2048]);
    assert.equal(sidecar.config.imageSize, '2K');
    const request = fake.requests.find((r) => r.action === 'generateContent');
    assert.deepEqual(request?.body.generationConfig.imageConfig, { aspectRatio: '1:1', imageSize: '2K' });
  });

  it('follows the returned MIME type for the extension', async () => {
    await removeIfExists(inWorkspace('out', 'jpeg'));
    fake.enqueue({ kind: 'image', images: [{ mimeType: 'image/jpeg' }] });
    const result = (await vscode.commands.executeCommand('pictor.generate', { prompt: 'photo of a lake', outputFolder: 'out/jpeg' })) as CommandResult;
    assert.match(result.images[0]!.uri.path, /\/photo-of-a-lake\.jpg$/);
    assert.equal((await readJson(result.images[0]!.sidecar)).image.mimeType, 'image/jpeg');
  });

  it('sends references inline and records them as inputs', async () => {
    const sample = await vscode.workspace.fs.readFile(inWorkspace('images', 'sample.png'));
    const result = (await vscode.commands.executeCommand('pictor.generate', {
      prompt: 'in the style of this',
      references: ['images/sample.png', inWorkspace('images', 'sample.png')],
      outputFolder: 'out/refs',
    })) as CommandResult;
    const sidecar = await readJson(result.images[0]!.sidecar);
    const input = { path: 'images/sample.png', sha256: sha256(sample), mimeType: 'image/png', role: 'reference' };
    assert.deepEqual(sidecar.inputs, [input, input], 'a path and a vscode.Uri both work');
    const parts = fake.requests.find((r) => r.action === 'generateContent')?.body.contents[0].parts;
    assert.equal(parts[1].inlineData.mimeType, 'image/png');
    assert.equal(Buffer.from(parts[1].inlineData.data, 'base64').length, sample.byteLength);
  });

  it('rejects bad input before any request and writes nothing', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ prompt: 'x', model: 'gemini-3.1-flash-lite-image', imageSize: '2K' }, /makes 1K images/],
      [{ prompt: 'x', model: 'gemini-3-pro-image', aspectRatio: '8:1' }, /does not take aspect ratio 8:1/],
      [{ prompt: 'x', model: 'gemini-3-pro-image', thinkingLevel: 'low' }, /thinking level/],
      [{ prompt: 'x', thinkingLevel: 'extreme' }, /thinkingLevel must be one of/],
      [{ prompt: 'x', serviceTier: 'priority' }, /serviceTier/],
      [{ prompt: 'x', outputFolder: '../escape' }, /outside the workspace/],
      [{ prompt: 'x', references: ['../../etc/passwd'] }, /outside the workspace/],
      [{ prompt: 'x', references: ['README.md'] }, /PNG, JPEG, WebP, HEIC or HEIF/],
      [{ prompt: 'x', references: ['images/missing.png'] }, /does not exist/],
      [{ prompt: 'x', count: 9 }, /count/],
      [{ prompt: '' }, /prompt/],
    ];
    for (const [args, message] of cases) {
      const error = await expectReject('pictor.generate', { ...args, outputFolder: args.outputFolder ?? 'out/bad' });
      assert.equal(error.code, 'badInput', JSON.stringify(args));
      assert.match(error.message, message);
    }
    assert.equal(fake.requests.length, 0);
    assert.deepEqual(await listNames(inWorkspace('out', 'bad')), []);
  });
});

describe('pictor.generate failures', function () {
  this.timeout(60_000);
  let fake: FakeGemini;
  const folder = 'out/failures';

  before(async () => {
    fake = await useFakeGemini();
    await configure({ maxRetries: 2 });
  });
  after(async () => {
    await configure({ 'api.baseUrl': undefined, requestTimeoutSeconds: undefined, maxRetries: undefined });
    await fake?.close();
  });
  beforeEach(async () => {
    fake.reset();
    await removeIfExists(inWorkspace('out', 'failures'));
  });

  const generate = () => expectReject('pictor.generate', { prompt: 'anything', outputFolder: folder });

  async function assertNothingWritten() {
    assert.deepEqual(await listNames(inWorkspace('out', 'failures')), []);
  }

  it('maps each service failure to its code and leaves nothing behind', async () => {
    const cases: Array<[Parameters<FakeGemini['enqueue']>[0], string, RegExp]> = [
      [{ kind: 'error', status: 400, reason: 'API_KEY_INVALID', message: 'API key not valid. Please pass a valid API key.' }, 'invalidKey', /API key/],
      [{ kind: 'error', status: 401 }, 'invalidKey', /API key/],
      [{ kind: 'error', status: 403 }, 'invalidKey', /permission denied/i],
      [{ kind: 'error', status: 429, retryDelay: '60s', times: 3 }, 'quota', /60 s/],
      [{ kind: 'blocked', blockReason: 'PROHIBITED_CONTENT' }, 'blocked', /PROHIBITED_CONTENT/],
      [{ kind: 'finish', finishReason: 'IMAGE_SAFETY' }, 'blocked', /IMAGE_SAFETY/],
      [{ kind: 'finish', finishReason: 'OTHER' }, 'noImage', /OTHER/],
      [{ kind: 'text', text: 'I would rather describe it.' }, 'noImage', /I would rather describe it/],
      [{ kind: 'malformed' }, 'server', /./],
      [{ kind: 'empty' }, 'server', /without any candidate/],
      [{ kind: 'error', status: 404 }, 'badInput', /model/],
      [{ kind: 'reset', times: 3 }, 'network', /Could not reach Gemini/],
    ];
    for (const [scenario, code, message] of cases) {
      fake.reset();
      fake.enqueue(scenario);
      const error = await generate();
      assert.equal(error.code, code, `${JSON.stringify(scenario)} → ${error.code}: ${error.message}`);
      assert.match(error.message, message);
      assert.ok(!error.message.includes(TEST_KEY));
    }
    await assertNothingWritten();
  });

  it('retries 5xx and 429 with backoff, then succeeds', async () => {
    fake.enqueue({ kind: 'error', status: 503 }, { kind: 'error', status: 429, retryDelay: '1s' });
    const result = (await vscode.commands.executeCommand('pictor.generate', { prompt: 'retry me', outputFolder: folder })) as CommandResult;
    assert.equal(result.images.length, 1);
    assert.equal(fake.requests.filter((r) => r.action === 'generateContent').length, 3);
  });

  it('gives up after the configured retries with a server error', async () => {
    fake.enqueue({ kind: 'error', status: 500, times: 3 });
    const error = await generate();
    assert.equal(error.code, 'server');
    assert.equal(fake.requests.filter((r) => r.action === 'generateContent').length, 3);
    await assertNothingWritten();
  });

  it('times out a hanging request after requestTimeoutSeconds and aborts it', async () => {
    await configure({ requestTimeoutSeconds: 5 });
    fake.enqueue({ kind: 'hang' });
    const started = Date.now();
    const error = await generate();
    assert.equal(error.code, 'network');
    assert.match(error.message, /5 s/);
    assert.ok(Date.now() - started < 15_000);
    await configure({ requestTimeoutSeconds: 30 });
    await assertNothingWritten();
  });

  it('refuses an output folder under a file before any request, and leaves no temporary files', async () => {
    // A file where the output folder should be: the folder cannot be created.
    await vscode.workspace.fs.writeFile(inWorkspace('out', 'blocker'), new TextEncoder().encode('not a folder'));
    try {
      const error = await expectReject('pictor.generate', { prompt: 'cannot land', outputFolder: 'out/blocker/images' });
      assert.equal(error.code, 'badInput');
      assert.match(error.message, /Cannot save into out\/blocker\/images: out\/blocker is a file/);
      assert.equal(fake.requests.length, 0, 'refused before paying');
      assert.deepEqual((await listNames(inWorkspace('out'))).filter((n) => n.includes('pictor-tmp')), []);
    } finally {
      await removeIfExists(inWorkspace('out', 'blocker'));
    }
  });

  it('rejects with missingKey when no key is stored or in the environment', async () => {
    await vscode.commands.executeCommand('pictor.clearApiKey', {});
    try {
      const error = await generate();
      assert.equal(error.code, 'missingKey');
      assert.match(error.message, /Set API Key/);
      assert.equal(fake.requests.length, 0);
    } finally {
      await vscode.commands.executeCommand('pictor.setApiKey', { apiKey: TEST_KEY });
    }
  });
});

describe('request routing', function () {
  this.timeout(60_000);

  it('ignores pictor.api.baseUrl from workspace settings', async () => {
    const trusted = await useFakeGemini();
    const attacker = await startFakeGemini();
    const settingsFile = inWorkspace('.vscode', 'settings.json');
    try {
      await vscode.workspace.fs.writeFile(settingsFile, new TextEncoder().encode(JSON.stringify({ 'pictor.api.baseUrl': attacker.url })));
      // Give the configuration service a moment to pick up the file.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await vscode.commands.executeCommand('pictor.generate', { prompt: 'routing check', outputFolder: 'out/routing' });
      assert.equal(attacker.requests.length, 0, 'the workspace redirected the request');
      assert.equal(trusted.requests.filter((r) => r.action === 'generateContent').length, 1);
    } finally {
      await removeIfExists(inWorkspace('.vscode'));
      await configure({ 'api.baseUrl': undefined });
      await attacker.close();
      await trusted.close();
    }
  });
});

describe('API key commands', function () {
  this.timeout(30_000);

  it('stores the key given as an argument in SecretStorage and verifies via the service on request', async () => {
    const fake = await useFakeGemini();
    try {
      await vscode.commands.executeCommand('pictor.setApiKey', { apiKey: 'another-key-abcdef' });
      await vscode.commands.executeCommand('pictor.generate', { prompt: 'key check', outputFolder: 'out/key' });
      assert.equal(fake.requests.find((r) => r.action === 'generateContent')?.apiKey, 'another-key-abcdef');
      const settings = JSON.stringify(vscode.workspace.getConfiguration('pictor'));
      assert.ok(!settings.includes('another-key-abcdef'), 'the key is not in settings');
      const error = await expectReject('pictor.setApiKey', { apiKey: '' });
      assert.equal(error.code, 'badInput');
    } finally {
      await vscode.commands.executeCommand('pictor.setApiKey', { apiKey: TEST_KEY });
      await configure({ 'api.baseUrl': undefined });
      await fake.close();
    }
  });
});
