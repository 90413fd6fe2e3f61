import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FakeGemini } from '../fake-gemini';
import { expectReject, fakeGeminiPerSuite, inWorkspace, readJson, removeIfExists, type CommandResult } from './support';

interface ListedPreset {
  id: string;
  label: string;
  group: string;
  description: string;
  source: 'builtin' | 'workspace';
  fields: Array<{ id: string; label: string; type: string; required?: boolean; options?: Array<string | { value: string; label: string }>; default?: unknown }>;
  defaults: Record<string, unknown>;
}

interface QueryResult {
  total: number;
  items: Array<{ uri: vscode.Uri | null; sidecar: vscode.Uri | null; prompt: string; model: string; preset: string | null; createdAt: string; width: number | null; height: number | null; parent: vscode.Uri | null }>;
  problems: Array<{ sidecar: vscode.Uri | null; message: string }>;
}

const PNG_1X1 = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a6d5e1d50000000049454e44ae426082',
  'hex',
);
const presetsFile = () => inWorkspace('.pictor', 'presets.json');
const listPresets = async () => (await vscode.commands.executeCommand('pictor.listPresets')) as ListedPreset[];
const query = async (args: Record<string, unknown> = {}) => (await vscode.commands.executeCommand('pictor.gallery.query', args)) as QueryResult;

async function writeText(uri: vscode.Uri, text: string | Uint8Array): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, typeof text === 'string' ? new TextEncoder().encode(text) : text);
}

/** Polls until `check` passes (file watchers and the JSON language server report asynchronously). */
async function eventually<T>(what: string, probe: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!check(last)) {
    if (Date.now() > end) assert.fail(`${what}: still ${JSON.stringify(last, null, 1).slice(0, 600)}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
    last = await probe();
  }
  return last;
}

function sidecarFor(path: string, over: Record<string, unknown> = {}): string {
  return JSON.stringify({
    version: 1,
    generator: { name: 'pictor', version: '0.1.0' },
    createdAt: '2026-01-01T10:00:00.000Z',
    prompt: 'gallery fixture',
    effectivePrompt: 'gallery fixture',
    preset: 'blank',
    model: 'gemini-2.5-flash-image',
    modelVersion: null,
    config: { aspectRatio: '1:1', imageSize: null, responseModalities: ['TEXT', 'IMAGE'] },
    inputs: [],
    parent: null,
    image: { file: path, mimeType: 'image/png', sha256: '0'.repeat(64), bytes: PNG_1X1.byteLength, width: 1, height: 1 },
    responseText: null,
    finishReason: 'STOP',
    usage: { promptTokens: null, outputTokens: null, totalTokens: null },
    estimatedCostUsd: null,
    ...over,
  });
}

/** Writes an image and its sidecar the way git or a copy would (not through Pictor). */
async function placeImage(path: string, over: Record<string, unknown> = {}): Promise<vscode.Uri> {
  const uri = inWorkspace(...path.split('/'));
  await writeText(uri, PNG_1X1);
  await writeText(vscode.Uri.joinPath(uri, '..', `${path.split('/').pop()}.json`), sidecarFor(path, over));
  return uri;
}

describe('presets', function () {
  this.timeout(60_000);
  const suite = fakeGeminiPerSuite();
  let fake: FakeGemini;
  const sentPrompts = () =>
    fake.requests.filter((r) => r.action === 'generateContent').map((r) => ((r.body.contents as Array<{ parts: Array<{ text?: string }> }>)[0]?.parts[0]?.text ?? ''));
  beforeEach(() => {
    fake = suite.fake;
  });
  after(() => removeIfExists(inWorkspace('.pictor')));

  it('pictor.listPresets returns the built-ins, grouped, in the documented shape', async () => {
    const presets = await listPresets();
    const ids = presets.map((p) => p.id);
    for (const id of ['app-icon', 'favicon', 'toolbar-icon', 'logo', 'diagram', 'ui-mockup', 'illustration', 'sticker', 'product-shot', 'pattern', 'storyboard', 'blank']) {
      assert.ok(ids.includes(id), id);
    }
    const diagram = presets.find((p) => p.id === 'diagram')!;
    assert.deepEqual(Object.keys(diagram).sort(), ['defaults', 'description', 'fields', 'group', 'id', 'label', 'source']);
    assert.equal(diagram.group, 'Diagrams');
    assert.equal(diagram.source, 'builtin');
    assert.equal(diagram.defaults.aspectRatio, '16:9');
    const kinds = diagram.fields.find((f) => f.id === 'kind')!;
    assert.equal(kinds.type, 'select');
    assert.ok(kinds.options!.some((o) => typeof o === 'object' && o.label === 'ER diagram'));
    assert.deepEqual([...new Set(presets.map((p) => p.group))].sort(), ['Brand', 'Diagrams', 'Icons', 'Illustration', 'Mockups', 'Other', 'Photo']);
  });

  it('presetFields shape the effective prompt, are sent, and are recorded in the sidecar with the preset', async () => {
    const result = (await vscode.commands.executeCommand('pictor.generate', {
      prompt: 'a checkout service',
      preset: 'diagram',
      presetFields: { kind: 'Sequence diagram', source: 'sequenceDiagram\n  Shop->>Bank: charge' },
      outputFolder: 'out/presets',
    })) as CommandResult;
    const sidecar = await readJson(result.images[0]!.sidecar);
    assert.equal(sidecar.preset, 'diagram');
    assert.deepEqual(sidecar.presetFields, { kind: 'sequence', source: 'sequenceDiagram\n  Shop->>Bank: charge' });
    assert.match(sidecar.effectivePrompt, /technical diagram \(sequence diagram\): a checkout service/);
    assert.match(sidecar.effectivePrompt, /Shop->>Bank: charge/);
    assert.equal(sidecar.config.aspectRatio, '16:9', "the preset's default shape");
    assert.deepEqual(sentPrompts(), [sidecar.effectivePrompt]);
  });

  it('refuses an unknown field or a bad option with badInput naming it, before any request', async () => {
    const unknown = await expectReject('pictor.generate', { prompt: 'x', preset: 'app-icon', presetFields: { colour: '#ff0000' } });
    assert.equal(unknown.code, 'badInput');
    assert.match(unknown.message, /"colour"/);
    const option = await expectReject('pictor.generate', { prompt: 'x', preset: 'diagram', presetFields: { kind: 'pie chart' } });
    assert.equal(option.code, 'badInput');
    assert.match(option.message, /"kind"/);
    const preset = await expectReject('pictor.generate', { prompt: 'x', preset: 'no-such-preset' });
    assert.match(preset.message, /Unknown preset "no-such-preset"/);
    assert.equal(fake.requests.length, 0);
  });

  it('lists and uses workspace presets; a missing required field is badInput', async () => {
    await writeText(
      presetsFile(),
      JSON.stringify({
        presets: [
          {
            id: 'release-banner',
            label: 'Release banner',
            group: 'Brand',
            template: 'A wide release banner for {{prompt}} announcing version "{{version}}" in {{tone}} tones.',
            fields: [
              { id: 'version', label: 'Version', type: 'text', required: true },
              { id: 'tone', label: 'Tone', type: 'select', options: ['warm', { value: 'cool', label: 'Cool blue' }], default: 'warm' },
            ],
            defaults: { aspectRatio: '21:9' },
          },
        ],
      }),
    );
    const banner = (await listPresets()).find((p) => p.id === 'release-banner');
    assert.ok(banner);
    assert.equal(banner.source, 'workspace');
    assert.equal(banner.group, 'Brand');

    const missing = await expectReject('pictor.generate', { prompt: 'Pictor', preset: 'release-banner' });
    assert.equal(missing.code, 'badInput');
    assert.match(missing.message, /"version"/);
    assert.equal(fake.requests.length, 0);

    const result = (await vscode.commands.executeCommand('pictor.generate', {
      prompt: 'Pictor',
      preset: 'release-banner',
      presetFields: { version: '2.0', tone: 'cool' },
      outputFolder: 'out/presets',
    })) as CommandResult;
    const sidecar = await readJson(result.images[0]!.sidecar);
    assert.equal(sidecar.effectivePrompt, 'A wide release banner for Pictor announcing version "2.0" in cool blue tones.');
    assert.equal(sidecar.preset, 'release-banner');
    assert.deepEqual(sidecar.presetFields, { version: '2.0', tone: 'cool' });
    assert.equal(sidecar.config.aspectRatio, '21:9');
  });

  it('reloads workspace presets changed on disk', async () => {
    await writeText(presetsFile(), JSON.stringify({ presets: [{ id: 'hero', label: 'Hero v1', template: 'A hero image of {{prompt}}.' }] }));
    assert.equal((await listPresets()).find((p) => p.id === 'hero')?.label, 'Hero v1');
    await writeText(presetsFile(), JSON.stringify({ presets: [{ id: 'hero', label: 'Hero, second take', template: 'A hero image of {{prompt}}.' }] }));
    await eventually('the new label', async () => (await listPresets()).find((p) => p.id === 'hero')?.label, (label) => label === 'Hero, second take');
    await vscode.workspace.fs.delete(presetsFile());
    await eventually('the preset gone', async () => (await listPresets()).some((p) => p.id === 'hero'), (found) => !found);
  });

  it('loads the valid presets of an invalid file, and the editor shows schema diagnostics', async () => {
    await writeText(
      presetsFile(),
      '{\n  "presets": [\n    { "id": "good-one", "label": "Good", "template": "A {{prompt}}." },\n    { "id": "Bad Id", "label": "Bad", "template": "{{prompt}}", "colour": 1 }\n  ]\n}\n',
    );
    const ids = (await listPresets()).map((p) => p.id);
    assert.ok(ids.includes('good-one'));
    assert.ok(!ids.includes('Bad Id'));
    const document = await vscode.workspace.openTextDocument(presetsFile());
    await vscode.window.showTextDocument(document);
    const diagnostics = await eventually('schema diagnostics', async () => vscode.languages.getDiagnostics(document.uri), (d) => d.length >= 2, 45_000);
    const lines = new Set(diagnostics.map((d) => d.range.start.line));
    assert.ok(lines.has(3), `a diagnostic on the invalid entry's line: ${JSON.stringify(diagnostics.map((d) => [d.range.start.line, d.message]))}`);
    assert.ok(!lines.has(2), 'none on the valid entry');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});

describe('pictor.gallery.query', function () {
  this.timeout(60_000);
  const suite = fakeGeminiPerSuite();
  after(() => Promise.all(['gallery-a', 'gallery-b', 'gallery-new', 'out/gallery'].map((p) => removeIfExists(inWorkspace(...p.split('/'))))));

  it('indexes sidecars in any folder; filters by text, model, preset and folder; sorts and pages', async () => {
    const a = await placeImage('gallery-a/fox.png', { prompt: 'gallery red fox', createdAt: '2026-01-03T00:00:00Z', preset: 'icon' });
    await placeImage('gallery-a/nested/owl.png', { prompt: 'gallery wise owl', createdAt: '2026-01-02T00:00:00Z', model: 'gemini-3-pro-image-preview', preset: 'logo' });
    await placeImage('gallery-b/fox-bluer.png', {
      prompt: 'gallery fox but bluer',
      createdAt: '2026-01-04T00:00:00Z',
      parent: { path: 'gallery-a/fox.png', sha256: '0'.repeat(64) },
    });
    const all = await eventually('three fixtures indexed', () => query({ text: 'gallery' }), (r) => r.total === 3);
    assert.deepEqual(all.items.map((i) => i.prompt), ['gallery fox but bluer', 'gallery red fox', 'gallery wise owl']);
    const first = all.items[0]!;
    assert.ok(first.uri instanceof vscode.Uri && first.sidecar instanceof vscode.Uri && first.parent instanceof vscode.Uri);
    assert.equal(first.uri.toString(), inWorkspace('gallery-b', 'fox-bluer.png').toString());
    assert.equal(first.sidecar.toString(), inWorkspace('gallery-b', 'fox-bluer.png.json').toString());
    assert.equal(first.parent.toString(), a.toString());
    assert.equal(first.createdAt, '2026-01-04T00:00:00Z');
    assert.deepEqual([first.width, first.height, first.model, first.preset], [1, 1, 'gemini-2.5-flash-image', 'blank']);
    assert.equal(all.items[1]!.parent, null);

    assert.deepEqual((await query({ text: 'gallery fox' })).items.map((i) => i.prompt), ['gallery fox but bluer', 'gallery red fox']);
    assert.deepEqual((await query({ text: 'gallery', model: 'gemini-3-pro-image-preview' })).items.map((i) => i.prompt), ['gallery wise owl']);
    assert.deepEqual((await query({ text: 'gallery', preset: 'app-icon' })).items.map((i) => i.prompt), ['gallery red fox']);
    assert.deepEqual((await query({ folder: 'gallery-a/' })).items.map((i) => i.prompt), ['gallery red fox', 'gallery wise owl']);
    assert.deepEqual((await query({ folder: 'gallery-a/nested' })).items.map((i) => i.prompt), ['gallery wise owl']);
    const page = await query({ text: 'gallery', sort: 'oldest', offset: 1, limit: 1 });
    assert.equal(page.total, 3);
    assert.deepEqual(page.items.map((i) => i.prompt), ['gallery red fox']);
    const bad = await expectReject('pictor.gallery.query', { limit: 0 });
    assert.equal(bad.code, 'badInput');
  });

  it('follows the watcher: added and deleted images, a folder copied in whole', async () => {
    await query();
    const added = await placeImage('gallery-a/added-later.png', { prompt: 'gallery added later' });
    await eventually('the added image', () => query({ text: 'added later' }), (r) => r.total === 1);
    await vscode.workspace.fs.delete(added);
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(added, '..', 'added-later.png.json'));
    await eventually('the deleted image gone', () => query({ text: 'added later' }), (r) => r.total === 0 && !r.problems.some((p) => p.sidecar?.path.includes('added-later')));

    // A folder that arrives in one step (a rename, as git checkout or a copy can produce).
    const staging = vscode.Uri.joinPath(inWorkspace(), '..', `pictor-staging-${Date.now()}`);
    await writeText(vscode.Uri.joinPath(staging, 'deep', 'c.png'), PNG_1X1);
    await writeText(vscode.Uri.joinPath(staging, 'deep', 'c.png.json'), sidecarFor('gallery-new/deep/c.png', { prompt: 'gallery arrived whole' }));
    await vscode.workspace.fs.rename(staging, inWorkspace('gallery-new'));
    await eventually('the copied folder indexed', () => query({ text: 'arrived whole' }), (r) => r.total === 1);
  });

  it('lists corrupt, foreign, future and orphaned sidecars as problems and still answers', async () => {
    await writeText(inWorkspace('gallery-b', 'corrupt.png'), PNG_1X1);
    await writeText(inWorkspace('gallery-b', 'corrupt.png.json'), '{ "version": 1, ');
    await placeImage('gallery-b/foreign.png', { generator: { name: 'another-tool', version: '3' } });
    await placeImage('gallery-b/future.png', { version: 2 });
    await writeText(inWorkspace('gallery-b', 'orphan.png.json'), sidecarFor('gallery-b/orphan.png'));
    const result = await eventually(
      'four problems',
      () => query(),
      (r) => ['corrupt', 'foreign', 'future', 'orphan'].every((n) => r.problems.some((p) => p.sidecar?.path.endsWith(`/gallery-b/${n}.png.json`))),
    );
    const message = (name: string) => result.problems.find((p) => p.sidecar?.path.endsWith(`/${name}.png.json`))!.message;
    assert.match(message('corrupt'), /JSON/);
    assert.match(message('foreign'), /another-tool/);
    assert.match(message('future'), /newer/);
    assert.match(message('orphan'), /missing/);
    assert.ok(result.problems.every((p) => p.sidecar instanceof vscode.Uri));
    assert.ok(!result.items.some((i) => /corrupt|foreign|future|orphan/.test(i.uri?.path ?? '')));
  });

  it("shows Pictor's own images in the next query", async () => {
    await query();
    const result = (await vscode.commands.executeCommand('pictor.generate', { prompt: 'gallery own save', outputFolder: 'out/gallery' })) as CommandResult;
    const found = await query({ text: 'gallery own save' });
    assert.equal(found.total, 1);
    assert.equal(found.items[0]!.uri?.toString(), result.images[0]!.uri.toString());
    assert.equal(suite.fake.requests.filter((r) => r.action === 'generateContent').length, 1);
  });
});
