// The model catalog from the outside: retired ids, new options on the wire, live model lists, the key check.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { PNG } from 'pngjs';
import { NEW_SERVICE_MODEL, type FakeGemini } from '../fake-gemini';
import { TEST_KEY, configure, expectReject, fakeGeminiPerSuite, inWorkspace, readJson, removeIfExists, type CommandResult } from './support';

const DEFAULT = 'gemini-nano-banana-2.1';
const PRO = 'gemini-3-pro-image';
const LITE = 'gemini-3.1-flash-lite-image';
const LEGACY = 'gemini-2.5-flash-image';

type CodedError = Error & { code?: string; replacement?: string; setting?: string };

const generated = (fake: FakeGemini) => fake.requests.filter((r) => r.action === 'generateContent');

describe('model catalog: retired models are caught before any request', function () {
  this.timeout(60_000);
  const suite = fakeGeminiPerSuite();
  afterEach(() => configure({ defaultModel: undefined }));

  it('a retired id in pictor.defaultModel: badInput naming the replacement and the setting', async () => {
    await configure({ defaultModel: 'gemini-3-pro-image-preview' });
    const error = (await expectReject('pictor.generate', { prompt: 'a fox', outputFolder: 'out/retired' })) as CodedError;
    assert.equal(error.code, 'badInput');
    assert.equal(error.message, 'gemini-3-pro-image-preview was shut down on 2026-06-25; its replacement is gemini-3-pro-image.');
    assert.equal(error.replacement, PRO);
    assert.equal(error.setting, 'pictor.defaultModel');
    assert.equal(suite.fake.requests.length, 0);
  });

  it('a retired id as a script argument: badInput with error.replacement, nothing sent', async () => {
    for (const [model, replacement] of [
      ['gemini-3.1-flash-image', DEFAULT],
      ['gemini-3.1-flash-image-preview', DEFAULT],
      ['gemini-3-pro-image-preview', PRO],
    ]) {
      const error = (await expectReject('pictor.generate', { prompt: 'a fox', model, outputFolder: 'out/retired' })) as CodedError;
      assert.equal(error.code, 'badInput', model);
      assert.equal(error.replacement, replacement, model);
      assert.match(error.message, new RegExp(`^${model.replace(/\./g, '\\.')} was shut down on \\d{4}-\\d\\d-\\d\\d; its replacement is ${replacement.replace(/\./g, '\\.')}\\.$`));
    }
    assert.equal(suite.fake.requests.length, 0);
  });

  it('a sidecar whose model was retired: regenerate refuses it, and replays with the replacement when asked', async () => {
    await removeIfExists(inWorkspace('out', 'replay-retired'));
    const made = (await vscode.commands.executeCommand('pictor.generate', { prompt: 'a lighthouse', model: PRO, outputFolder: 'out/replay-retired' })) as CommandResult;
    const sidecarUri = made.images[0].sidecar;
    const sidecar = await readJson(sidecarUri);
    // As if it had been made with the preview, which has been shut down since.
    await vscode.workspace.fs.writeFile(sidecarUri, new TextEncoder().encode(JSON.stringify({ ...sidecar, model: 'gemini-3-pro-image-preview' }, null, 2)));
    suite.fake.reset();
    const error = (await expectReject('pictor.regenerateFromSidecar', sidecarUri, {})) as CodedError;
    assert.equal(error.code, 'badInput');
    assert.equal(error.replacement, PRO);
    assert.equal(suite.fake.requests.length, 0, 'refused before any request');
    const again = (await vscode.commands.executeCommand('pictor.regenerateFromSidecar', sidecarUri, { model: error.replacement })) as CommandResult;
    assert.equal(again.images.length, 1);
    assert.equal(generated(suite.fake)[0].model, PRO);
    assert.equal((await readJson(again.images[0].sidecar)).model, PRO);
  });

  it('a retired id in a batch manifest or spec list: badInput naming the line and the replacement, nothing submitted', async () => {
    const manifest = inWorkspace('retired-model.pictor-batch.jsonl');
    const lines = [{ prompt: 'a kite' }, { prompt: 'a fox', model: 'gemini-3.1-flash-image' }];
    await vscode.workspace.fs.writeFile(manifest, new TextEncoder().encode(lines.map((l) => JSON.stringify(l)).join('\n')));
    try {
      const fromManifest = (await expectReject('pictor.batch.submit', { manifest: 'retired-model.pictor-batch.jsonl' })) as CodedError;
      assert.equal(fromManifest.code, 'badInput');
      assert.equal(fromManifest.replacement, DEFAULT);
      assert.match(fromManifest.message, /^line 2 of retired-model\.pictor-batch\.jsonl: gemini-3\.1-flash-image was shut down on 2026-10-29; its replacement is gemini-nano-banana-2\.1\. Nothing was submitted\.$/);
      const fromSpecs = (await expectReject('pictor.batch.submit', { specs: [{ prompt: 'a fox', model: 'gemini-3-pro-image-preview' }] })) as CodedError;
      assert.equal(fromSpecs.code, 'badInput');
      assert.equal(fromSpecs.replacement, PRO);
      assert.equal(suite.fake.requests.length, 0, 'nothing reached the service');
    } finally {
      await removeIfExists(manifest);
    }
  });

  it('a legacy model: its 404 says it is not available to this key\'s project and names the current models', async () => {
    const error = (await expectReject('pictor.generate', { prompt: 'a fox', model: LEGACY, outputFolder: 'out/legacy' })) as CodedError;
    assert.equal(error.code, 'badInput');
    assert.match(error.message, /^gemini-2\.5-flash-image is not available to this key's project \(.*closed it to new projects.*\)\. Current models: gemini-nano-banana-2\.1, gemini-3-pro-image, gemini-3\.1-flash-lite-image\.$/);
    assert.equal(error.replacement, LITE, 'the recommended replacement on the deprecations page (as reported)');
    assert.equal(generated(suite.fake).length, 1, 'the service was asked once and said 404');
  });
});

describe('model catalog: request options on the wire', function () {
  this.timeout(60_000);
  const suite = fakeGeminiPerSuite();
  afterEach(() => configure({ serviceTier: undefined, thinkingLevel: undefined, 'privacy.allowRequestStorage': undefined }));
  after(() => removeIfExists(inWorkspace('out', 'options')));

  const run = (args: Record<string, unknown>) =>
    vscode.commands.executeCommand('pictor.generate', { prompt: 'a paper kite', outputFolder: 'out/options', ...args }) as Thenable<CommandResult>;

  it('sends store: false on every request unless the user setting allows storage; a workspace cannot', async () => {
    const first = await run({});
    assert.equal(generated(suite.fake)[0].store, false);
    assert.equal((await readJson(first.images[0].sidecar)).store, false);
    // Application scope: VS Code itself refuses a workspace value (and Pictor reads the user value only).
    await assert.rejects(
      Promise.resolve(vscode.workspace.getConfiguration('pictor').update('privacy.allowRequestStorage', true, vscode.ConfigurationTarget.Workspace)),
      /only into User settings/,
    );
    await configure({ 'privacy.allowRequestStorage': true });
    const allowed = await run({});
    assert.equal(generated(suite.fake)[1].store, true);
    assert.equal((await readJson(allowed.images[0].sidecar)).store, true);
  });

  it('sends the flex tier from an argument or the setting, and the estimate follows the tier', async () => {
    const standard = await readJson((await run({ model: PRO, imageSize: '4K' })).images[0].sidecar);
    const flex = await readJson((await run({ model: PRO, imageSize: '4K', serviceTier: 'flex' })).images[0].sidecar);
    assert.equal(generated(suite.fake)[0].serviceTier, undefined, 'standard is not sent');
    assert.equal(generated(suite.fake)[1].serviceTier, 'flex');
    assert.equal(standard.serviceTier, 'standard');
    assert.equal(flex.serviceTier, 'flex');
    assert.ok(Math.abs(flex.estimatedCostUsd - standard.estimatedCostUsd / 2) < 0.001, `${flex.estimatedCostUsd} vs ${standard.estimatedCostUsd}`);
    await configure({ serviceTier: 'flex' });
    await run({});
    assert.equal(generated(suite.fake)[2].serviceTier, 'flex');
    // Lite has no flex tier: the setting falls back to standard for it, and the sidecar says so.
    const lite = await readJson((await run({ model: LITE })).images[0].sidecar);
    assert.equal(generated(suite.fake)[3].serviceTier, undefined);
    assert.equal(lite.serviceTier, 'standard');
    for (const model of [LEGACY, LITE]) {
      const error = await expectReject('pictor.generate', { prompt: 'x', model, serviceTier: 'flex', outputFolder: 'out/options' });
      assert.equal(error.code, 'badInput', model);
      assert.match(error.message, /no flex tier/, model);
    }
    assert.equal(generated(suite.fake).length, 4);
  });

  it('sends thinkingLevel in any case where the model takes it, and refuses it elsewhere before any request', async () => {
    const made = await run({ thinkingLevel: 'HIGH' });
    assert.deepEqual(generated(suite.fake)[0].body.generationConfig.thinkingConfig, { thinkingLevel: 'HIGH' });
    assert.equal((await readJson(made.images[0].sidecar)).thinkingLevel, 'high');
    for (const [args, message] of [
      [{ model: PRO, thinkingLevel: 'high' }, /does not let you set a thinking level/],
      [{ thinkingLevel: 'low' }, /takes thinking level minimal, medium or high, not low/],
      [{ model: LITE, thinkingLevel: 'Medium' }, /takes thinking level minimal or high, not medium/],
      [{ thinkingLevel: 'extreme' }, /thinkingLevel must be one of minimal, low, medium, high/],
    ] as const) {
      const error = await expectReject('pictor.generate', { prompt: 'x', outputFolder: 'out/options', ...args });
      assert.equal(error.code, 'badInput', JSON.stringify(args));
      assert.match(error.message, message);
    }
    await configure({ thinkingLevel: 'minimal' });
    await run({ model: PRO });
    assert.equal(generated(suite.fake)[1].body.generationConfig.thinkingConfig, undefined, 'the setting is not applied where the model has no levels');
    await run({});
    assert.deepEqual(generated(suite.fake)[2].body.generationConfig.thinkingConfig, { thinkingLevel: 'MINIMAL' });
  });

  it('takes the new aspect ratios and each size where the model makes it', async () => {
    const made = await run({ aspectRatio: '8:1', imageSize: '2K' });
    assert.deepEqual(generated(suite.fake)[0].body.generationConfig.imageConfig, { aspectRatio: '8:1', imageSize: '2K' });
    const png = PNG.sync.read(Buffer.from(await vscode.workspace.fs.readFile(made.images[0].uri)));
    assert.ok(png.width / png.height > 7.5 && png.width / png.height < 8.5, `${png.width}×${png.height}`);
    await run({ model: LITE, aspectRatio: '1:4' });
    assert.deepEqual(generated(suite.fake)[1].body.generationConfig.imageConfig, { aspectRatio: '1:4', imageSize: '1K' });
    for (const [args, message] of [
      [{ model: PRO, aspectRatio: '1:8' }, /does not take aspect ratio 1:8/],
      [{ model: LITE, imageSize: '4K' }, /makes 1K images; image size 4K needs/],
      [{ imageSize: '512' }, /makes 1K, 2K, 4K images; image size 512 is not offered by any current model/],
      [{ model: PRO, imageSize: '512' }, /image size 512/],
    ] as const) {
      const error = await expectReject('pictor.generate', { prompt: 'x', outputFolder: 'out/options', ...args });
      assert.equal(error.code, 'badInput', JSON.stringify(args));
      assert.match(error.message, message);
    }
    assert.equal(generated(suite.fake).length, 2);
  });

  it('accepts a model id Pictor does not know with every ratio, size and level, and lets the service judge', async () => {
    const made = await run({ model: NEW_SERVICE_MODEL, aspectRatio: '1:8', imageSize: '4K', thinkingLevel: 'medium' });
    const [request] = generated(suite.fake);
    assert.equal(request.model, NEW_SERVICE_MODEL);
    assert.deepEqual(request.body.generationConfig.imageConfig, { aspectRatio: '1:8', imageSize: '4K' });
    assert.deepEqual(request.body.generationConfig.thinkingConfig, { thinkingLevel: 'MEDIUM' });
    const sidecar = await readJson(made.images[0].sidecar);
    assert.equal(sidecar.model, NEW_SERVICE_MODEL);
    assert.equal(sidecar.estimatedCostUsd, null, 'no price is made up for an unknown model');
    // What the service refuses for a model Pictor does not know reaches the caller in the service's words.
    suite.fake.enqueue({ kind: 'error', status: 400, message: `Image size 512 is not supported by models/${NEW_SERVICE_MODEL}.` });
    const refused = await expectReject('pictor.generate', { prompt: 'a paper kite', model: NEW_SERVICE_MODEL, imageSize: '512', outputFolder: 'out/options' });
    assert.equal(refused.code, 'badInput');
    assert.equal(refused.message, `Gemini rejected the request: Image size 512 is not supported by models/${NEW_SERVICE_MODEL}.`);
  });
});

describe('pictor.listModels and pictor.setApiKey({ verify })', function () {
  this.timeout(60_000);
  const suite = fakeGeminiPerSuite();
  afterEach(async () => {
    await configure({ defaultModel: undefined });
    await vscode.commands.executeCommand('pictor.setApiKey', { apiKey: TEST_KEY });
  });

  it('merges the catalog with the key\'s models.list, caches it and refreshes on request', async () => {
    const models = (await vscode.commands.executeCommand('pictor.listModels', { refresh: true })) as Array<{ id: string; label: string; status: string; source: string }>;
    const byId = new Map(models.map((m) => [m.id, m]));
    assert.deepEqual(byId.get(DEFAULT), { id: DEFAULT, label: 'Nano Banana 2.1', status: 'ga', source: 'both' });
    assert.equal(byId.get(LEGACY)?.source, 'catalog', 'a legacy model the key cannot list stays offered, marked as such');
    assert.equal(byId.get(LEGACY)?.status, 'legacy');
    assert.deepEqual(byId.get(NEW_SERVICE_MODEL), { id: NEW_SERVICE_MODEL, label: 'Nano Banana 4 (preview)', status: 'preview', source: 'service' });
    assert.ok(!byId.has('gemini-3.5-flash'), 'text models are not offered');
    assert.ok(![...byId.keys()].some((id) => id.endsWith('-preview') && id !== NEW_SERVICE_MODEL), 'retired previews are not offered');
    assert.equal(suite.fake.requests.filter((r) => r.action === 'models.list').length, 1);
    await vscode.commands.executeCommand('pictor.listModels', {});
    assert.equal(suite.fake.requests.filter((r) => r.action === 'models.list').length, 1, 'a list under a day old is reused');
    await vscode.commands.executeCommand('pictor.setApiKey', { apiKey: `${TEST_KEY}-other` });
    await vscode.commands.executeCommand('pictor.listModels', {});
    assert.equal(suite.fake.requests.filter((r) => r.action === 'models.list').length, 2, 'a key change drops the cached list');
    const error = await expectReject('pictor.listModels', { refresh: 'yes' });
    assert.equal(error.code, 'badInput');
  });

  it('verifies a key against the default model without generating, and says what it checked', async () => {
    const result = (await vscode.commands.executeCommand('pictor.setApiKey', { apiKey: TEST_KEY, verify: true })) as { stored: boolean; verified: boolean; checked: string };
    assert.equal(result.stored, true);
    assert.equal(result.verified, true);
    assert.match(result.checked, /models\.get for gemini-nano-banana-2\.1 and countTokens on gemini-nano-banana-2\.1 answered/);
    assert.match(result.checked, /no image was generated/);
    assert.deepEqual(suite.fake.requests.map((r) => r.action), ['models.get', 'countTokens']);
  });

  it('does not report a working key when the default model is legacy or retired, or the key is rejected', async () => {
    await configure({ defaultModel: LEGACY });
    const legacy = (await vscode.commands.executeCommand('pictor.setApiKey', { apiKey: TEST_KEY, verify: true })) as { stored: boolean; verified: boolean; checked: string };
    assert.equal(legacy.stored, true);
    assert.equal(legacy.verified, false, 'models.get and countTokens pass, but a new project cannot generate with it');
    assert.match(legacy.checked, /legacy: Google closed it to new projects/);
    await configure({ defaultModel: 'gemini-3.1-flash-image' });
    const retired = (await vscode.commands.executeCommand('pictor.setApiKey', { apiKey: TEST_KEY, verify: true })) as { verified: boolean; checked: string };
    assert.equal(retired.verified, false);
    assert.match(retired.checked, /gemini-3\.1-flash-image was shut down on 2026-10-29; its replacement is gemini-nano-banana-2\.1/);
    await configure({ defaultModel: undefined });
    const invalid = (await vscode.commands.executeCommand('pictor.setApiKey', { apiKey: 'invalid-key-1', verify: true })) as { stored: boolean; verified: boolean; checked: string };
    assert.deepEqual([invalid.stored, invalid.verified], [false, false]);
    assert.match(invalid.checked, /rejected the key/);
    assert.equal(generated(suite.fake).length, 0, 'no image was generated to check a key');
  });
});
