import * as assert from 'node:assert/strict';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { repoRoot } from '../runners/paths';
import { startFakeGemini, type FakeGemini } from '../fake-gemini';
import { png } from '../support/image-fixtures';

const SERVER = path.join(repoRoot, 'dist', 'mcp.js');
const KEY = 'test-key-0123456789';

type Content = { type: 'text'; text: string } | { type: 'resource_link'; uri: string; name: string; mimeType?: string; description?: string };
interface Result {
  content: Content[];
  isError?: boolean;
  structuredContent?: Record<string, unknown>;
}

/** Starts `node dist/mcp.js --root <root>` and connects the SDK's client to it over stdio. */
async function connect(root: string, env: Record<string, string>): Promise<Client> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [SERVER, '--root', root], env: { PATH: process.env.PATH ?? '', ...env }, stderr: 'pipe' });
  const client = new Client({ name: 'pictor-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

const call = async (client: Client, name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as Result;
const textOf = (result: Result) => result.content.filter((c): c is { type: 'text'; text: string } => c.type === 'text').map((c) => c.text).join('\n');
const linksOf = (result: Result) => result.content.filter((c) => c.type === 'resource_link') as Array<Extract<Content, { type: 'resource_link' }>>;

describe('the MCP server (node dist/mcp.js) driven by the SDK client over stdio', function () {
  this.timeout(60_000);
  let fake: FakeGemini;
  let base: string;
  let root: string;
  let client: Client;

  before(async () => {
    assert.ok(existsSync(SERVER), 'build first (node scripts/build.mjs)');
    fake = await startFakeGemini();
    base = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'pictor-mcp-')));
    root = path.join(base, 'project');
    await fs.mkdir(root);
    client = await connect(root, { GEMINI_API_KEY: KEY, GOOGLE_GEMINI_BASE_URL: fake.url });
  });
  after(async () => {
    await client?.close();
    await fake.close();
    await fs.rm(base, { recursive: true, force: true });
  });
  beforeEach(() => fake.reset());

  it('lists its tools with JSON Schemas mirroring pictor.generate', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name), ['generate_image', 'edit_image', 'find_assets', 'remove_background', 'export_icon_set']);
    const generate = tools.find((t) => t.name === 'generate_image')!;
    assert.equal(generate.inputSchema.type, 'object');
    assert.deepEqual(generate.inputSchema.required, ['prompt']);
    const properties = generate.inputSchema.properties as Record<string, { type?: string; enum?: string[]; description?: string }>;
    assert.deepEqual(
      Object.keys(properties).sort(),
      ['aspectRatio', 'background', 'count', 'fileName', 'imageSize', 'model', 'outputFolder', 'preset', 'presetFields', 'prompt', 'references', 'serviceTier', 'size', 'thinkingLevel'].sort(),
    );
    assert.deepEqual(properties.serviceTier!.enum, ['standard', 'flex']);
    assert.ok(properties.thinkingLevel!.description);
    assert.ok(properties.aspectRatio!.enum!.includes('16:9'));
    assert.ok(properties.prompt!.description);
    const edit = tools.find((t) => t.name === 'edit_image')!;
    assert.deepEqual([...(edit.inputSchema.required as string[])].sort(), ['image', 'prompt']);
    assert.ok('references' in (edit.inputSchema.properties as object));
    assert.ok('serviceTier' in (edit.inputSchema.properties as object) && 'thinkingLevel' in (edit.inputSchema.properties as object));
  });

  it('sends the thinking level and flex tier an agent asks for, and makes an exact size', async () => {
    const result = await call(client, 'generate_image', { prompt: 'a banner', fileName: 'banner', size: { width: 1200, height: 630 }, thinkingLevel: 'medium', serviceTier: 'flex' });
    assert.ok(!result.isError, textOf(result));
    assert.match(textOf(result), /assets\/generated\/banner\.png \(1200×630\)/);
    const [sent] = fake.requests.filter((r) => r.action === 'generateContent');
    assert.deepEqual(sent!.body.generationConfig.thinkingConfig, { thinkingLevel: 'MEDIUM' });
    assert.equal(sent!.serviceTier, 'flex');
    const edited = await call(client, 'edit_image', { image: 'assets/generated/banner.png', prompt: 'warmer', serviceTier: 'flex' });
    assert.ok(!edited.isError, textOf(edited));
    assert.equal(fake.requests.filter((r) => r.action === 'generateContent').at(-1)!.serviceTier, 'flex');
    const refused = await call(client, 'generate_image', { prompt: 'a banner', model: 'gemini-3.1-flash-lite-image', serviceTier: 'flex' });
    assert.ok(refused.isError);
    assert.match(textOf(refused), /has no flex tier/);
  });

  it('generates: file and sidecar written, paths relative to the root, a file:// resource_link', async () => {
    const result = await call(client, 'generate_image', { prompt: 'a red fox icon', fileName: 'fox', outputFolder: 'art' });
    assert.ok(!result.isError, textOf(result));
    assert.match(textOf(result), /art\/fox\.png \(\d+×\d+\), sidecar art\/fox\.png\.json/);
    assert.doesNotMatch(textOf(result), new RegExp(root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 'no absolute path in the text');
    const [link] = linksOf(result);
    assert.ok(link);
    assert.equal(link.uri, `file://${path.join(root, 'art', 'fox.png')}`);
    assert.equal(link.mimeType, 'image/png');
    assert.ok(existsSync(fileURLToPath(link.uri)));
    const sidecar = JSON.parse(await fs.readFile(path.join(root, 'art', 'fox.png.json'), 'utf8')) as { prompt: string; image: { file: string } };
    assert.equal(sidecar.prompt, 'a red fox icon');
    assert.equal(sidecar.image.file, 'art/fox.png');
    const [reported] = result.structuredContent?.images as Array<{ path: string; sidecar: string; width: number; height: number }>;
    assert.deepEqual({ path: reported!.path, sidecar: reported!.sidecar }, { path: 'art/fox.png', sidecar: 'art/fox.png.json' });
    assert.ok(reported!.width > 0 && reported!.height > 0);
  });

  it('reports progress to a client that asks for it', async () => {
    // The second request answers later, so the first one's progress is sent well before the result.
    fake.enqueue({ kind: 'image' }, { kind: 'image', delayMs: 600 });
    const messages: string[] = [];
    const result = (await client.callTool({ name: 'generate_image', arguments: { prompt: 'two owls', count: 2, outputFolder: 'owls' } }, undefined, {
      onprogress: (progress) => messages.push(progress.message ?? ''),
    })) as Result;
    assert.ok(!result.isError, textOf(result));
    assert.equal(linksOf(result).length, 2);
    const received = messages.filter((m) => m.startsWith('Received'));
    assert.ok(received.length >= 1, `progress lines: ${JSON.stringify(messages)}`);
    for (const line of received) assert.match(line, /^Received [12] of 2$/);
  });

  it('edits an image (with a reference) beside the original', async () => {
    await call(client, 'generate_image', { prompt: 'a cat', fileName: 'cat', outputFolder: 'art' });
    await call(client, 'generate_image', { prompt: 'a hat', fileName: 'hat', outputFolder: 'art' });
    fake.reset();
    const result = await call(client, 'edit_image', { image: 'art/cat.png', prompt: 'give it the hat', references: ['art/hat.png'] });
    assert.ok(!result.isError, textOf(result));
    assert.match(textOf(result), /art\/cat\.edit-1\.png/);
    const sidecar = JSON.parse(await fs.readFile(path.join(root, 'art', 'cat.edit-1.png.json'), 'utf8')) as { parent: { path: string }; inputs: Array<{ path: string; role: string }> };
    assert.equal(sidecar.parent.path, 'art/cat.png');
    assert.deepEqual(sidecar.inputs.map((i) => [i.path, i.role]), [['art/cat.png', 'source'], ['art/hat.png', 'reference']]);
    assert.equal(fake.requests.filter((r) => r.action === 'generateContent').length, 1);
  });

  it('refuses paths outside the root, symbolic links included, before any request', async () => {
    const outside = path.join(base, 'outside');
    await fs.mkdir(outside, { recursive: true });
    await fs.writeFile(path.join(outside, 'secret.png'), png(8, 8));
    await fs.symlink(outside, path.join(root, 'escape'), 'dir');
    const attempts: Array<[string, Record<string, unknown>, RegExp]> = [
      ['generate_image', { prompt: 'a fox', outputFolder: '../outside' }, /outside the root folder/],
      ['generate_image', { prompt: 'a fox', references: [path.join(outside, 'secret.png')] }, /outside the root folder/],
      ['generate_image', { prompt: 'a fox', outputFolder: 'escape/generated' }, /symbolic link/],
      ['edit_image', { image: 'escape/secret.png', prompt: 'blue' }, /symbolic link/],
      ['remove_background', { image: '../outside/secret.png' }, /outside the root folder/],
    ];
    for (const [tool, args, reason] of attempts) {
      const result = await call(client, tool, args);
      assert.equal(result.isError, true, `${tool} ${JSON.stringify(args)}`);
      assert.match(textOf(result), /^badInput: /);
      assert.match(textOf(result), reason);
    }
    assert.deepEqual(fake.requests, []);
    assert.deepEqual(await fs.readdir(outside), ['secret.png'], 'nothing written outside the root');
  });

  it('answers bad arguments with a badInput tool error', async () => {
    const result = await call(client, 'generate_image', { prompt: 'a fox', aspectRatio: '7:3', colour: 'red' });
    assert.equal(result.isError, true);
    assert.match(textOf(result), /^badInput: Invalid arguments for generate_image/);
    assert.deepEqual(fake.requests, []);
  });

  it('finds the assets it made, with the gallery query arguments', async () => {
    const result = await call(client, 'find_assets', { text: 'fox', folder: 'art' });
    assert.ok(!result.isError, textOf(result));
    assert.match(textOf(result), /art\/fox\.png/);
    assert.doesNotMatch(textOf(result), /cat\.png/);
    assert.equal(linksOf(result)[0]?.uri, `file://${path.join(root, 'art', 'fox.png')}`);
  });

  it('removes a background and exports an icon set locally, without a request', async () => {
    const removed = await call(client, 'remove_background', { image: 'art/fox.png', color: 'auto' });
    assert.ok(!removed.isError, textOf(removed));
    assert.ok(existsSync(path.join(root, 'art', 'fox.transparent.png.json')));
    const icons = await call(client, 'export_icon_set', { image: 'art/fox.png', sizes: [16, 32], appleTouch: false });
    assert.ok(!icons.isError, textOf(icons));
    assert.deepEqual((await fs.readdir(path.join(root, 'art', 'fox-icons'))).filter((f) => !f.endsWith('.json')).sort(), ['favicon.ico', 'icon-16x16.png', 'icon-32x32.png', 'site.webmanifest']);
    assert.deepEqual(fake.requests, []);
  });

  it('names GEMINI_API_KEY in the tool error when no key is set', async () => {
    const keyless = await connect(root, { GOOGLE_GEMINI_BASE_URL: fake.url });
    try {
      const result = await call(keyless, 'generate_image', { prompt: 'a fox' });
      assert.equal(result.isError, true);
      assert.match(textOf(result), /^missingKey: .*GEMINI_API_KEY/);
      assert.deepEqual(fake.requests, []);
    } finally {
      await keyless.close();
    }
  });
});
