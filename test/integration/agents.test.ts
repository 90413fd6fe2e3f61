import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { encodePng } from '../../src/core/imaging/codecs';
import { defaultScene, renderScene } from '../support/scenes';
import { configure, exists, fakeGeminiPerSuite, inWorkspace, listNames, readJson, removeIfExists } from './support';

const TOOLS = ['pictor_generate_image', 'pictor_edit_image', 'pictor_find_assets', 'pictor_remove_background', 'pictor_export_icon_set'];

/** The tool's text parts joined, as a model would read them. */
function textOf(result: vscode.LanguageModelToolResult): string {
  return result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
}

async function invokeRejects(name: string, input: object): Promise<Error> {
  try {
    await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined });
  } catch (error) {
    return error as Error;
  }
  assert.fail(`${name} should have rejected`);
}

describe('agent tools in VS Code', function () {
  this.timeout(90_000);
  const suite = fakeGeminiPerSuite();
  afterEach(async () => {
    await configure({ 'budget.monthlyUsd': undefined });
  });

  it('lists the five tools in vscode.lm.tools with their input schemas', () => {
    for (const name of TOOLS) {
      const tool = vscode.lm.tools.find((t) => t.name === name);
      assert.ok(tool, `${name} is listed: ${vscode.lm.tools.map((t) => t.name).join(', ')}`);
      assert.ok(tool.description.length > 40, `${name} has a description for the model`);
      assert.equal((tool.inputSchema as { type?: string }).type, 'object');
    }
    const generate = vscode.lm.tools.find((t) => t.name === 'pictor_generate_image')!.inputSchema as { required: string[]; properties: Record<string, unknown> };
    assert.deepEqual(generate.required, ['prompt']);
    assert.deepEqual(Object.keys(generate.properties).sort(), [
      'aspectRatio', 'background', 'count', 'fileName', 'imageSize', 'model', 'outputFolder', 'preset', 'presetFields', 'prompt', 'references',
    ]);
    const edit = vscode.lm.tools.find((t) => t.name === 'pictor_edit_image')!.inputSchema as { required: string[] };
    assert.deepEqual(edit.required, ['image', 'prompt']);
  });

  it('invokeTool generates: image and sidecar are written; the text gives paths, size and a Markdown link', async () => {
    await removeIfExists(inWorkspace('out', 'agents'));
    // A paid tool asks for confirmation (model, prompt, cost: see the unit tests of describeRun); the
    // workbench answers such dialogs itself while extension tests run.
    const result = await vscode.lm.invokeTool('pictor_generate_image', {
      input: { prompt: 'A friendly robot mascot waving', outputFolder: 'out/agents', fileName: 'robot.png' },
      toolInvocationToken: undefined,
    });
    assert.deepEqual(await listNames(inWorkspace('out', 'agents')), ['robot.png', 'robot.png.json']);
    const sidecar = await readJson(inWorkspace('out', 'agents', 'robot.png.json'));
    assert.equal(sidecar.prompt, 'A friendly robot mascot waving');
    assert.equal(suite.fake.requests.filter((r) => r.action === 'generateContent').length, 1);

    const text = textOf(result);
    assert.match(text, /Image: out\/agents\/robot\.png \(\d+ × \d+\)/);
    assert.match(text, /Sidecar: out\/agents\/robot\.png\.json/);
    assert.ok(text.includes('![A friendly robot mascot waving](out/agents/robot.png)'), text);
    assert.ok(!text.includes(inWorkspace().fsPath), 'no absolute path');
  });

  it('invokeTool edits a workspace image with a reference: a new file beside it, the original kept', async () => {
    suite.fake.reset();
    const original = await vscode.workspace.fs.readFile(inWorkspace('out', 'agents', 'robot.png'));
    await vscode.workspace.fs.writeFile(inWorkspace('out', 'agents', 'style.png'), encodePng(renderScene(defaultScene(64), [0, 0, 255])));
    const text = textOf(
      await vscode.lm.invokeTool('pictor_edit_image', {
        input: { image: 'out/agents/robot.png', prompt: 'Give the robot a blue scarf', references: ['out/agents/style.png'] },
        toolInvocationToken: undefined,
      }),
    );
    const [request] = suite.fake.requests.filter((r) => r.action === 'generateContent');
    const parts = (request?.body?.contents?.[0]?.parts ?? []) as Array<{ inlineData?: unknown; text?: string }>;
    assert.equal(parts.filter((p) => p.inlineData).length, 2, 'the image and its reference were sent');
    const saved = /Image: (out\/agents\/[^ ]+\.png) \(\d+ × \d+\)/.exec(text)?.[1];
    assert.ok(saved && saved !== 'out/agents/robot.png', text);
    assert.ok(await exists(inWorkspace(...saved.split('/'))));
    const sidecar = await readJson(inWorkspace(...`${saved}.json`.split('/')));
    assert.deepEqual(sidecar.inputs.map((i: { role: string; path: string }) => [i.role, i.path]), [['source', 'out/agents/robot.png'], ['reference', 'out/agents/style.png']]);
    assert.deepEqual(await vscode.workspace.fs.readFile(inWorkspace('out', 'agents', 'robot.png')), original, 'the original is unchanged');
  });

  it('rejects bad input with an error whose message starts with badInput, before any request', async () => {
    suite.fake.reset();
    const error = await invokeRejects('pictor_generate_image', { prompt: 'a cat', count: 9 });
    assert.match(error.message, /^badInput: /, error.message);
    const edit = await invokeRejects('pictor_edit_image', { image: '../outside.png', prompt: 'brighter' });
    assert.match(edit.message, /^badInput: /, edit.message);
    assert.equal(suite.fake.requests.length, 0);
  });

  it('refuses with budget when a $0.01 monthly budget would be passed, and sends nothing', async () => {
    await configure({ 'budget.monthlyUsd': 0.01 });
    suite.fake.reset();
    const error = await invokeRejects('pictor_generate_image', { prompt: 'over budget', outputFolder: 'out/agents-budget' });
    assert.match(error.message, /^budget: /, error.message);
    assert.equal(suite.fake.requests.length, 0, 'nothing reached the server');
    assert.equal(await exists(inWorkspace('out', 'agents-budget')), false);
  });

  it('finds assets by prompt words and lists workspace-relative paths', async () => {
    const result = await vscode.lm.invokeTool('pictor_find_assets', { input: { text: 'robot mascot' }, toolInvocationToken: undefined });
    const text = textOf(result);
    assert.match(text, /^- out\/agents\/robot\.png \(\d+ × \d+\) — "A friendly robot mascot waving"/m, text);
    const none = textOf(await vscode.lm.invokeTool('pictor_find_assets', { input: { text: 'zebra crossing unicorn' }, toolInvocationToken: undefined }));
    assert.match(none, /No Pictor images match/);
  });

  it('removes a background and exports an icon set locally, with no request', async () => {
    suite.fake.reset();
    await removeIfExists(inWorkspace('out', 'agents-local'));
    await vscode.workspace.fs.writeFile(inWorkspace('out', 'agents-local', 'logo.png'), encodePng(renderScene({ ...defaultScene(128), shadow: undefined }, [255, 255, 255])));
    const removed = textOf(await vscode.lm.invokeTool('pictor_remove_background', { input: { image: 'out/agents-local/logo.png' }, toolInvocationToken: undefined }));
    assert.match(removed, /Image: out\/agents-local\/logo\.transparent\.png \(128 × 128\)/, removed);
    assert.ok(await exists(inWorkspace('out', 'agents-local', 'logo.transparent.png.json')));
    const icons = textOf(await vscode.lm.invokeTool('pictor_export_icon_set', { input: { image: 'out/agents-local/logo.png', sizes: [16, 32], appleTouch: false, webmanifest: false }, toolInvocationToken: undefined }));
    assert.match(icons, /out\/agents-local\/logo-icons\/icon-16x16\.png \(16 × 16\)/, icons);
    assert.match(icons, /Favicon: out\/agents-local\/logo-icons\/favicon\.ico/);
    assert.equal(suite.fake.requests.length, 0);
  });
});
