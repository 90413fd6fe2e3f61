import * as assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import * as vscode from 'vscode';
import { encodePng } from '../../src/core/imaging/codecs';
import { defaultScene, renderScene } from '../support/scenes';
import { silentLogger } from '../../src/core/log';
import { participantHandler } from '../../src/tools/chat-participant';
import { GalleryService } from '../../src/workspace/gallery';
import { PresetRegistry } from '../../src/workspace/presets';
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
  // Later suites count the workspace's images: leave nothing behind.
  after(async () => {
    for (const folder of ['agents', 'agents-default', 'agents-local', 'agents-budget', 'agents-cancel']) await removeIfExists(inWorkspace('out', folder));
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
    const png = PNG.sync.read(Buffer.from(await vscode.workspace.fs.readFile(inWorkspace('out', 'agents', 'robot.png'))));
    assert.ok(text.includes(`Image: out/agents/robot.png (${png.width} × ${png.height})`), text);
    assert.match(text, /Sidecar: out\/agents\/robot\.png\.json/);
    assert.ok(text.includes('![A friendly robot mascot waving](out/agents/robot.png)'), text);
    assert.ok(!text.includes(inWorkspace().fsPath), 'no absolute path');
  });

  it('invokeTool with only a prompt saves into pictor.outputFolder under a name from the prompt', async () => {
    await configure({ outputFolder: 'out/agents-default' });
    try {
      const text = textOf(await vscode.lm.invokeTool('pictor_generate_image', { input: { prompt: 'A lighthouse at dusk' }, toolInvocationToken: undefined }));
      assert.deepEqual(await listNames(inWorkspace('out', 'agents-default')), ['a-lighthouse-at-dusk.png', 'a-lighthouse-at-dusk.png.json']);
      assert.ok(text.includes('Markdown: ![A lighthouse at dusk](out/agents-default/a-lighthouse-at-dusk.png)'), text);
    } finally {
      await configure({ outputFolder: undefined });
    }
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

  it('cancelling the invokeTool token aborts the request and keeps nothing', async () => {
    suite.fake.reset();
    suite.fake.enqueue({ kind: 'hang' });
    const source = new vscode.CancellationTokenSource();
    const pending = vscode.lm.invokeTool('pictor_generate_image', { input: { prompt: 'never lands', outputFolder: 'out/agents-cancel' }, toolInvocationToken: undefined }, source.token);
    await suite.fake.waitForRequests(1, 20_000);
    source.cancel();
    // The host answers a cancelled call itself (its CancellationError, "Canceled"); the tool's own token
    // must still stop the run: the request is aborted and nothing is kept.
    await assert.rejects(Promise.resolve(pending), (error: Error) => error.name === 'Canceled');
    const deadline = Date.now() + 10_000;
    while (suite.fake.requests[0]?.aborted !== true && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(suite.fake.requests[0]?.aborted, true, 'the request was aborted');
    assert.deepEqual(await listNames(inWorkspace('out', 'agents-cancel')), []);
    source.dispose();
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

/** A chat response stream that records what the participant wrote, in order. */
class RecordingStream {
  readonly parts: Array<{ kind: string; value: unknown }> = [];
  markdown(value: string | vscode.MarkdownString) {
    this.parts.push({ kind: 'markdown', value: typeof value === 'string' ? value : value.value });
  }
  progress(value: string) {
    this.parts.push({ kind: 'progress', value });
  }
  button(command: vscode.Command) {
    this.parts.push({ kind: 'button', value: command });
  }
  reference(value: vscode.Uri | vscode.Location) {
    this.parts.push({ kind: 'reference', value });
  }
  anchor(value: vscode.Uri | vscode.Location) {
    this.parts.push({ kind: 'anchor', value });
  }
  filetree() {}
  push() {}
  text(kind: string): string {
    return this.parts.filter((p) => p.kind === kind).map((p) => String(p.value)).join('\n');
  }
  buttons(): vscode.Command[] {
    return this.parts.filter((p) => p.kind === 'button').map((p) => p.value as vscode.Command);
  }
}

function chatRequest(command: string | undefined, prompt: string, files: vscode.Uri[] = []): vscode.ChatRequest {
  return {
    prompt,
    command,
    // Each attached file's `#file:…` text in the prompt, as the chat view reports its range.
    references: files.map((uri, index) => {
      const start = [...prompt.matchAll(/#file:\S+/g)][index];
      return { id: 'vscode.file', value: uri, ...(start ? { range: [start.index, start.index + start[0].length] } : {}) };
    }),
    toolReferences: [],
    toolInvocationToken: undefined as never,
    model: undefined as never,
  } as unknown as vscode.ChatRequest;
}

describe('@pictor chat participant', function () {
  this.timeout(90_000);
  const suite = fakeGeminiPerSuite();
  const presets = new PresetRegistry(silentLogger);
  const gallery = new GalleryService(silentLogger);
  const handler = participantHandler({ presets, gallery, spend: { monthTotalUsd: async () => 0 } });
  const ask = async (command: string | undefined, prompt: string, files?: vscode.Uri[]) => {
    const stream = new RecordingStream();
    const source = new vscode.CancellationTokenSource();
    const result = await handler(chatRequest(command, prompt, files), { history: [] } as unknown as vscode.ChatContext, stream as unknown as vscode.ChatResponseStream, source.token);
    source.dispose();
    return { stream, result: result as vscode.ChatResult };
  };
  // The participant saves where pictor.outputFolder says: a folder of this suite's own.
  before(async () => {
    await configure({ outputFolder: 'out/agents-chat/img' });
  });
  after(async () => {
    presets.dispose();
    gallery.dispose();
    await configure({ outputFolder: undefined });
    await removeIfExists(inWorkspace('out', 'agents-chat'));
  });

  it('is registered by Pictor: the participant and its commands are contributed and the extension activated without error', () => {
    const extension = vscode.extensions.getExtension('pictor.pictor')!;
    assert.ok(extension.isActive);
    const [participant] = extension.packageJSON.contributes.chatParticipants;
    assert.equal(participant.id, 'pictor.agent');
    assert.equal(typeof vscode.chat.createChatParticipant, 'function');
  });

  it('/generate streams progress, shows the saved image and offers Open, Insert Link, Edit, Variations', async () => {
    await removeIfExists(inWorkspace('out', 'agents-chat'));
    const { stream, result } = await ask('generate', 'A paper plane over a city');
    assert.match(stream.text('progress'), /^Generating with .+ \(≈ \$0\.\d{3}\)…$/);
    const saved = (await listNames(inWorkspace('out', 'agents-chat', 'img'))).filter((n) => n.endsWith('.png'));
    assert.equal(saved.length, 1);
    const uri = inWorkspace('out', 'agents-chat', 'img', saved[0]!);
    assert.ok(stream.text('markdown').startsWith(`![A paper plane over a city](${uri.toString()})`), stream.text('markdown'));
    assert.match(stream.text('markdown'), /`out\/agents-chat\/img\/a-paper-plane[^`]*\.png` · \d+ × \d+ · sidecar `[^`]+\.png\.json`/);
    assert.deepEqual(stream.buttons().map((b) => [b.title, b.command]), [
      ['Open', 'vscode.open'],
      ['Insert Link', 'pictor.insertLink'],
      ['Edit', 'pictor.editImage'],
      ['Variations', 'pictor.generateVariations'],
    ]);
    assert.equal(String(stream.buttons()[0]!.arguments![0]), uri.toString());
    assert.deepEqual(result.metadata, { images: [`out/agents-chat/img/${saved[0]}`] });
  });

  it('/edit takes the #file image and instruction; /generate takes #file images as references; /assets finds them', async () => {
    suite.fake.reset();
    const [image] = (await listNames(inWorkspace('out', 'agents-chat', 'img'))).filter((n) => n.endsWith('.png'));
    const source = inWorkspace('out', 'agents-chat', 'img', image!);
    const { stream } = await ask('edit', '#file:plane make it red', [source]);
    assert.ok(!stream.text('markdown').includes('could not'), stream.text('markdown'));
    const request = suite.fake.requests.find((r) => r.action === 'generateContent');
    const parts = (request?.body?.contents?.[0]?.parts ?? []) as Array<{ text?: string; inlineData?: unknown }>;
    assert.ok(parts.some((p) => p.text?.includes('make it red')), 'the instruction was sent without the #file text');
    assert.ok(!parts.some((p) => p.text?.includes('#file')));
    assert.equal(parts.filter((p) => p.inlineData).length, 1);

    suite.fake.reset();
    const guided = await ask('generate', 'a kite in the same style #file:plane', [source]);
    assert.ok(guided.stream.text('markdown').startsWith('!['), guided.stream.text('markdown'));
    const sentWith = suite.fake.requests.find((r) => r.action === 'generateContent')?.body?.contents?.[0]?.parts as Array<{ inlineData?: unknown }>;
    assert.equal(sentWith.filter((p) => p.inlineData).length, 1, 'the attached image went along as a reference');

    const found = await ask('assets', 'paper plane');
    assert.match(found.stream.text('markdown'), /^2 images match:/);
    assert.ok(found.stream.text('markdown').includes(`](${source.toString()})`));
  });

  it('/diagram renders the Mermaid block of a #file Markdown page with the diagram preset', async () => {
    suite.fake.reset();
    const page = inWorkspace('out', 'agents-chat', 'flow.md');
    await vscode.workspace.fs.writeFile(page, new TextEncoder().encode('# Flow\n\n```mermaid\ngraph TD\nLogin-->Dashboard\n```\n'));
    const { stream } = await ask('diagram', '', [page]);
    assert.ok(stream.text('markdown').startsWith('!['), stream.text('markdown'));
    const sent = JSON.stringify(suite.fake.requests.find((r) => r.action === 'generateContent')?.body?.contents);
    assert.ok(sent.includes('Login-->Dashboard'), 'the diagram source was sent');
    assert.ok(sent.includes('Mermaid'));
  });

  it('Insert Link (pictor.insertLink) writes a link relative to the document at the cursor', async () => {
    const [image] = (await listNames(inWorkspace('out', 'agents-chat', 'img'))).filter((n) => n.startsWith('a-paper-plane') && n.endsWith('.png') && !n.includes('.edit-'));
    const doc = inWorkspace('out', 'agents-chat', 'page.md');
    await vscode.workspace.fs.writeFile(doc, new TextEncoder().encode('Intro\n'));
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    const inserted = (await vscode.commands.executeCommand('pictor.insertLink', inWorkspace('out', 'agents-chat', 'img', image!))) as string;
    assert.equal(inserted, `![A paper plane over a city](./img/${image})`);
    assert.equal(editor.document.getText(), `Intro\n${inserted}`);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('shows a failure with its next step: bad input, a missing #file, the budget', async () => {
    suite.fake.reset();
    const notDiagram = inWorkspace('out', 'agents-chat', 'plain.md');
    await vscode.workspace.fs.writeFile(notDiagram, new TextEncoder().encode('Just words.'));
    const bad = await ask('diagram', '', [notDiagram]);
    assert.match(bad.stream.text('markdown'), /^\*\*Pictor could not do that\*\* \(`badInput`\): That is not Mermaid or PlantUML source/);
    assert.equal(bad.result.errorDetails?.message.startsWith('badInput: '), true);
    const noImage = await ask('edit', 'make it red');
    assert.match(noImage.stream.text('markdown'), /#file/, 'says how to attach the image');
    await configure({ 'budget.monthlyUsd': 0.01 });
    try {
      const over = await ask('generate', 'an expensive castle');
      assert.match(over.stream.text('markdown'), /\(`budget`\)/);
      assert.ok(over.stream.buttons().some((b) => b.command === 'workbench.action.openSettings' && b.arguments?.[0] === 'pictor.budget.monthlyUsd'));
    } finally {
      await configure({ 'budget.monthlyUsd': undefined });
    }
    assert.equal(suite.fake.requests.length, 0);
  });

  it('asks before a run above pictor.confirmAboveUsd, with a Run button and nothing sent', async () => {
    suite.fake.reset();
    await configure({ confirmAboveUsd: 0.001 });
    try {
      const { stream } = await ask('icon', 'a paper plane');
      assert.match(stream.text('markdown'), /Nothing was sent\. Press \*\*Run\*\*/);
      const run = stream.buttons().find((b) => b.title === 'Run');
      assert.equal(run?.command, 'pictor.generate');
      assert.deepEqual(run?.arguments, [{ prompt: 'a paper plane', preset: 'app-icon', confirmCost: false }]);
    } finally {
      await configure({ confirmAboveUsd: undefined });
    }
    assert.equal(suite.fake.requests.length, 0);
  });
});
