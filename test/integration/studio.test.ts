import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Services } from '../../src/services';
import { StudioPanel, StudioSerializer } from '../../src/views/studio/panel';
import { generateLabel, specFromForm } from '../../src/views/studio/form';
import { estimateCost } from '../../src/core/estimate';
import { currentModels } from '../../src/core/models';
import { formatUsd } from '../../src/ui/choice-summary';
import { handleStudioRequest, type StudioRequestContext } from '../../src/views/studio/requests';
import { StudioRuns } from '../../src/views/studio/runs';
import { ThumbnailCache } from '../../src/views/studio/thumbnails';
import type { StudioForm, ToWebview } from '../../src/views/studio/protocol';
import { NEW_SERVICE_MODEL } from '../fake-gemini/catalog';
import { TEST_KEY, configure, fakeGeminiPerSuite, inWorkspace, removeIfExists } from './support';

const STUDIO_VIEW_TYPE = 'pictor.studio';

/** Tabs showing a Studio panel (the workbench prefixes the view type of extension webviews). */
function studioTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) =>
    group.tabs.filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(STUDIO_VIEW_TYPE)),
  );
}

/** The tab list follows the workbench a moment later: waits until `check` holds (or fails saying what was seen). */
async function tabsSettle(what: string, check: (tabs: vscode.Tab[]) => boolean, timeoutMs = 10_000): Promise<vscode.Tab[]> {
  const deadline = Date.now() + timeoutMs;
  while (!check(studioTabs())) {
    if (Date.now() > deadline) assert.fail(`${what}: the Studio tabs are ${JSON.stringify(studioTabs().map((t) => ({ label: t.label, active: t.isActive })))}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return studioTabs();
}

async function closeStudioTabs(): Promise<void> {
  await vscode.window.tabGroups.close(studioTabs());
  await tabsSettle('closed', (tabs) => tabs.length === 0);
}

/** A second Studio over the real extension's files, in this process, so the test can watch its form. */
function testStudio(): { studio: StudioPanel; services: Services } {
  const extension = vscode.extensions.all.find((e) => e.id.toLowerCase() === 'pictor.pictor');
  assert.ok(extension, 'Pictor is not loaded');
  const secrets = new Map<string, string>();
  const memento = new Map<string, unknown>();
  const changed = new vscode.EventEmitter<vscode.SecretStorageChangeEvent>();
  const context = {
    extension,
    extensionUri: extension.extensionUri,
    globalStorageUri: vscode.Uri.file(fs.mkdtempSync(path.join(os.tmpdir(), 'pictor-studio-'))),
    subscriptions: [],
    globalState: {
      keys: () => [...memento.keys()],
      get: (key: string, fallback?: unknown) => (memento.has(key) ? memento.get(key) : fallback),
      update: async (key: string, value: unknown) => void (value === undefined ? memento.delete(key) : memento.set(key, value)),
    },
    secrets: {
      get: async (key: string) => secrets.get(key),
      store: async (key: string, value: string) => void secrets.set(key, value),
      delete: async (key: string) => void secrets.delete(key),
      onDidChange: changed.event,
    },
  } as unknown as vscode.ExtensionContext;
  const services = new Services(context);
  return { studio: new StudioPanel(services), services };
}

/** The next form the webview reports that passes `check`. */
function nextForm(studio: StudioPanel, check: (form: StudioForm) => boolean, timeoutMs = 30_000): Promise<StudioForm> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`no matching form within ${timeoutMs / 1000} s; last: ${JSON.stringify(studio.currentForm)}`));
    }, timeoutMs);
    const subscription = studio.onDidChangeForm((form) => {
      if (!check(form)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(form);
    });
  });
}

// Before the suite below: its tests dispose their own Services, whose "Pictor" log channel is the extension's
// too, and this suite's set-up logs through the extension (pictor.setApiKey). These tests keep theirs.
describe('Studio panel with the service (fake)', function () {
  this.timeout(90_000);
  const suite = fakeGeminiPerSuite();
  afterEach(closeStudioTabs);
  after(() => removeIfExists(inWorkspace('out', 'studio-grounding')));

  const groundable = () => currentModels().find((m) => m.supportsGrounding);
  const ungroundable = () => currentModels().find((m) => !m.supportsGrounding);
  const formOf = (over: Partial<StudioForm>): StudioForm => ({
    preset: 'blank',
    prompt: 'the skyline of Lisbon at dusk as a poster',
    fields: {},
    promptOverride: null,
    model: groundable()!.id,
    aspectRatio: '1:1',
    imageSize: null,
    variants: 1,
    references: [],
    transparent: false,
    outputFolder: 'out/studio-grounding',
    baseName: '',
    ...over,
  });

  /** Runs a Generate from the Studio's request handler, as the webview asks it; returns what the webview is sent. */
  async function generate(services: Services, form: StudioForm): Promise<ToWebview[]> {
    const panel = vscode.window.createWebviewPanel('pictor.test.studio', 'Studio test', vscode.ViewColumn.Active, {});
    const posted: ToWebview[] = [];
    const context: StudioRequestContext = {
      services,
      webview: panel.webview,
      runs: new StudioRuns(services),
      thumbnails: new ThumbnailCache(services.context.globalStorageUri, services.log),
      post: (message) => posted.push(message),
      pickReferences: async () => undefined,
      addReferences: () => undefined,
      preselect: () => undefined,
    };
    try {
      const outcome = await handleStudioRequest({ type: 'generate', requestId: 1, runId: 1, form }, context);
      assert.deepEqual(outcome, { saved: form.variants, failed: 0 });
    } finally {
      panel.dispose();
    }
    return posted;
  }

  /** Stores the key, opens the panel and waits until its webview has loaded (it reports its form). */
  async function openWithKey(studio: StudioPanel, services: Services): Promise<void> {
    await services.keys.store(TEST_KEY);
    const loaded = nextForm(studio, () => true);
    await studio.open();
    await loaded;
  }

  const generateBodies = () => suite.fake.requests.filter((r) => r.action === 'generateContent').map((r) => r.body as { tools?: unknown });

  it('grounds a variant in Google Search when asked, for a model that has it, and hands its sources to the webview', async () => {
    assert.ok(groundable() && ungroundable(), 'the catalog has models with and without grounding');
    const { studio, services } = testStudio();
    try {
      await services.keys.store(TEST_KEY);
      const posted = await generate(services, formOf({ grounding: true }));
      assert.deepEqual(generateBodies().map((b) => b.tools), [[{ googleSearch: {} }]], 'the request carries the google_search tool');
      const variant = posted.find((m): m is Extract<ToWebview, { type: 'variant' }> => m.type === 'variant');
      assert.ok(variant, `a variant was posted: ${JSON.stringify(posted.map((m) => m.type))}`);
      assert.ok(variant.grounding, 'with its grounding');
      assert.deepEqual(variant.grounding.sources.map((source) => source.uri), ['https://example.com/source-1', 'https://example.com/source-2', 'https://example.com/source-3']);
      assert.equal(variant.grounding.sources[0]!.title, 'example.com <b>source</b> 1', 'titles travel as data; the webview shows them as text');
      assert.ok(variant.grounding.queries.length > 0);
      assert.match(variant.grounding.searchEntryPoint ?? '', /class="chip" href="https:\/\/www\.google\.com\/search\?q=/);

      // Off, or on for a model without grounding: no tool is sent and nothing is shown.
      suite.fake.reset();
      const plain = await generate(services, formOf({ grounding: false }));
      const other = await generate(services, formOf({ grounding: true, model: ungroundable()!.id }));
      assert.deepEqual(generateBodies().map((b) => b.tools), [undefined, undefined]);
      for (const message of [...plain, ...other]) if (message.type === 'variant') assert.equal(message.grounding, null);
    } finally {
      studio.dispose();
    }
  });

  it('opens with the catalog\'s models and adds the ids only the key\'s models.list has once it answers', async () => {
    const { studio, services } = testStudio();
    try {
      assert.ok(!studio.modelMenu.some((m) => m.id === NEW_SERVICE_MODEL), 'before the list is asked for, the catalog alone');
      await openWithKey(studio, services);
      const deadline = Date.now() + 20_000;
      while (!studio.modelMenu.some((m) => m.id === NEW_SERVICE_MODEL) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      const offered = studio.modelMenu.find((m) => m.id === NEW_SERVICE_MODEL);
      assert.ok(offered, `the service-only model is offered: ${studio.modelMenu.map((m) => m.id).join(', ')}`);
      assert.equal(offered.label, 'Nano Banana 4 (preview)');
      assert.deepEqual(studio.modelMenu.slice(0, currentModels().length).map((m) => m.id), currentModels().map((m) => m.id), 'the catalog first');
      assert.equal(suite.fake.requests.filter((r) => r.action === 'models.list').length >= 1, true);
    } finally {
      studio.dispose();
    }
  });

  it('keeps the catalog\'s models when the list cannot be fetched', async () => {
    const { studio, services } = testStudio();
    try {
      // Nothing listens there: the list fails with a network error.
      await configure({ 'api.baseUrl': 'http://127.0.0.1:9', maxRetries: 0 });
      await openWithKey(studio, services);
      const menu = (await services.models.list()).map((m) => m.id);
      assert.deepEqual(menu, currentModels().map((m) => m.id), 'the directory falls back to the catalog');
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.deepEqual(studio.modelMenu.map((m) => m.id).slice(0, currentModels().length), currentModels().map((m) => m.id));
      assert.ok(!studio.modelMenu.some((m) => m.id === NEW_SERVICE_MODEL));
      assert.ok(studio.visiblePanel, 'the Studio is still open');
    } finally {
      await configure({ 'api.baseUrl': suite.fake.url, maxRetries: 2 });
      studio.dispose();
    }
  });
});

describe('Studio panel', function () {
  this.timeout(90_000);
  afterEach(closeStudioTabs);

  it('pictor.openStudio opens one pictor.studio panel in the editor area and reveals it when asked again', async () => {
    await closeStudioTabs();
    await vscode.commands.executeCommand('pictor.openStudio');
    const [tab] = await tabsSettle('one Studio tab', (tabs) => tabs.length === 1);
    assert.equal(tab!.label, 'Pictor Studio');
    await vscode.commands.executeCommand('workbench.action.files.newUntitledFile');
    await tabsSettle('the Studio behind the new file', (tabs) => tabs.length === 1 && !tabs[0]!.isActive);
    await vscode.commands.executeCommand('pictor.openStudio', { prompt: 'a lighthouse' });
    await tabsSettle('the same Studio, active again', (tabs) => tabs.length === 1 && tabs[0]!.isActive);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(studioTabs().length, 1, 'a second open reveals the panel, it makes no other');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('pictor.openStudio refuses a bad argument object with badInput before opening anything', async () => {
    await closeStudioTabs();
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('pictor.openStudio', { prompt: 'x', colour: 'red' })), /unknown field\(s\) colour/);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('pictor.openStudio', { preset: 'no-such-preset' })), /Unknown preset "no-such-preset"/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(studioTabs().length, 0);
  });

  it('arguments preselect the form, and the serializer restores a panel with the form it had', async () => {
    const { studio, services } = testStudio();
    try {
      const reference = inWorkspace('images', 'sample.png');
      const preselected = nextForm(studio, (f) => f.prompt === 'a paper plane');
      await studio.open({ preset: 'icon', prompt: 'a paper plane', references: [reference] });
      const form = await preselected;
      assert.equal(form.preset, 'app-icon', 'the alias names its preset');
      assert.deepEqual(form.references.map((r) => r.path), ['images/sample.png']);
      assert.match(form.references[0]!.src, /^https?:|^vscode-/, 'references are shown from webview URIs');

      // A reload: the panel is gone, VS Code makes a new one and hands the webview's saved state to the serializer.
      studio.visiblePanel?.dispose();
      const edited: StudioForm = { ...form, fields: { ...form.fields, shape: 'circle' }, variants: 3, baseName: 'plane' };
      const panel = vscode.window.createWebviewPanel(STUDIO_VIEW_TYPE, 'Pictor Studio', vscode.ViewColumn.Active, {});
      const restored = nextForm(studio, (f) => f.baseName === 'plane');
      await new StudioSerializer(studio).deserializeWebviewPanel(panel, { form: edited });
      const after = await restored;
      assert.equal(after.preset, 'app-icon');
      assert.equal(after.prompt, 'a paper plane');
      assert.equal(after.variants, 3);
      assert.equal(after.fields.shape, 'circle');
      assert.deepEqual(after.references.map((r) => r.path), ['images/sample.png']);
      assert.equal(studio.visiblePanel, panel, 'the restored panel is the Studio from now on');
    } finally {
      studio.dispose();
      services.dispose();
    }
  });

  it('the form sends a thinking level and the flex tier only where the model takes them, priced by the one estimator', async () => {
    const { studio, services } = testStudio();
    try {
      const thinking = currentModels().find((m) => m.thinkingLevels.length && m.flex && m.supportsImageSize);
      const plain = currentModels().find((m) => !m.thinkingLevels.length && !m.flex);
      assert.ok(thinking && plain, 'the catalog has a model with thinking and flex, and one with neither');
      const level = thinking.thinkingLevels.at(-1)!;
      const form: StudioForm = {
        preset: 'blank',
        prompt: 'a red kite over the dunes',
        fields: {},
        promptOverride: null,
        model: thinking.id,
        aspectRatio: '1:1',
        imageSize: '2K',
        thinkingLevel: level,
        serviceTier: 'flex',
        variants: 3,
        references: [],
        transparent: false,
        outputFolder: 'images',
        baseName: '',
      };
      const { spec } = await specFromForm(form, services.presets);
      assert.equal(spec.thinkingLevel, level);
      assert.equal(spec.serviceTier, 'flex');
      const other = await specFromForm({ ...form, model: plain.id, imageSize: null }, services.presets);
      assert.equal(other.spec.thinkingLevel, undefined, `${plain.id} takes no thinking level`);
      assert.equal(other.spec.serviceTier, undefined, `${plain.id} has no flex tier`);

      const flex = estimateCost({ model: thinking.id, imageSize: '2K', count: 3, prompt: spec.effectivePrompt ?? spec.prompt, inputImages: 0, tier: 'flex' });
      const standard = estimateCost({ model: thinking.id, imageSize: '2K', count: 3, prompt: spec.effectivePrompt ?? spec.prompt, inputImages: 0, tier: 'standard' });
      assert.ok(flex.usd !== null && standard.usd !== null && flex.usd < standard.usd, 'flex is cheaper');
      assert.equal(await generateLabel(form, services.presets), `Generate 3 · ${formatUsd(flex.usd)}`);
      assert.equal(await generateLabel({ ...form, serviceTier: 'standard' }, services.presets), `Generate 3 · ${formatUsd(standard.usd)}`);
    } finally {
      studio.dispose();
      services.dispose();
    }
  });
});
