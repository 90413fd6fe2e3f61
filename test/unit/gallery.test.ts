import * as assert from 'node:assert/strict';
import { PictorError } from '../../src/core/errors';
import { normalizeFolderPrefix, parseGalleryQuery, readGalleryRecord } from '../../src/core/gallery';
import { GalleryIndex, type GalleryFileSystem } from '../../src/gallery/gallery-index';

/** An in-memory workspace: path → text (images hold any text). */
class MemoryFs implements GalleryFileSystem {
  readonly files = new Map<string, string>();
  reads = 0;
  async listFiles(under?: string) {
    return [...this.files.keys()].filter((k) => !under || k.startsWith(`${under}/`));
  }
  async readText(key: string) {
    this.reads++;
    const text = this.files.get(key);
    if (text === undefined) throw new Error('ENOENT');
    return text;
  }
  /** A file, or a folder: a prefix of some file. */
  async exists(key: string) {
    return this.files.has(key) || [...this.files.keys()].some((k) => k.startsWith(`${key}/`));
  }
  relativePath(key: string) {
    return key.replace(/^\/ws\//, '');
  }
}

function sidecar(over: Record<string, unknown> = {}): string {
  return JSON.stringify({
    version: 1,
    generator: { name: 'pictor', version: '0.1.0' },
    createdAt: '2026-01-01T10:00:00.000Z',
    prompt: 'a red fox',
    effectivePrompt: 'A clean app icon of a red fox',
    preset: 'app-icon',
    model: 'gemini-2.5-flash-image',
    image: { file: 'x.png', width: 1024, height: 1024 },
    parent: null,
    ...over,
  });
}

function addImage(fs: MemoryFs, path: string, over: Record<string, unknown> = {}) {
  fs.files.set(`/ws/${path}`, 'png');
  fs.files.set(`/ws/${path}.json`, sidecar(over));
}

describe('gallery records', () => {
  const at = { sidecarKey: 'k.png.json', imageKey: 'k.png', relativePath: 'a/k.png' };
  it('reads what the gallery shows and reads old aliases as preset ids', () => {
    const record = readGalleryRecord(sidecar({ preset: 'icon', parent: { path: 'a/p.png', sha256: 'x' } }), at);
    assert.ok(typeof record !== 'string');
    assert.equal(record.preset, 'app-icon');
    assert.equal(record.parentPath, 'a/p.png');
    assert.equal(record.width, 1024);
    assert.equal(record.createdMs, Date.parse('2026-01-01T10:00:00.000Z'));
  });

  it('turns corrupt, foreign, future and incomplete sidecars into problems that say why', () => {
    assert.match(readGalleryRecord('{ nope', at) as string, /Not valid JSON/);
    assert.match(readGalleryRecord('[1]', at) as string, /no JSON object/);
    assert.match(readGalleryRecord(sidecar({ generator: { name: 'other-tool', version: '1' } }), at) as string, /Made by other-tool/);
    assert.match(readGalleryRecord(sidecar({ version: 2 }), at) as string, /version 2 is newer/);
    assert.match(readGalleryRecord(sidecar({ prompt: 42 }), at) as string, /prompt should be a string/);
    assert.match(readGalleryRecord(sidecar({ createdAt: 'yesterday' }), at) as string, /not a date/);
    assert.match(readGalleryRecord(sidecar({ generator: undefined }), at) as string, /generator/);
    assert.match(readGalleryRecord(sidecar({ image: { width: '1' } }), at) as string, /width/);
  });

  it('checks query arguments', () => {
    assert.deepEqual(parseGalleryQuery(undefined), {});
    for (const bad of [{ limit: 0 }, { sort: 'random' }, { offset: -1 }, { colour: 'red' }]) {
      assert.throws(() => parseGalleryQuery(bad), (e: unknown) => e instanceof PictorError && e.code === 'badInput');
    }
    assert.equal(normalizeFolderPrefix('./assets/icons/'), 'assets/icons');
    assert.equal(normalizeFolderPrefix('.'), '');
  });
});

describe('gallery index', () => {
  let fs: MemoryFs;
  let index: GalleryIndex;
  beforeEach(() => {
    fs = new MemoryFs();
    addImage(fs, 'assets/icons/fox.png', { createdAt: '2026-01-03T00:00:00Z', prompt: 'a red fox' });
    addImage(fs, 'assets/icons/owl.png', { createdAt: '2026-01-02T00:00:00Z', prompt: 'a wise owl', effectivePrompt: 'A logo of a wise owl', model: 'gemini-3-pro-image-preview', preset: 'logo' });
    addImage(fs, 'docs/diagram.png', { createdAt: '2026-01-01T00:00:00Z', prompt: 'login flow', effectivePrompt: 'A clear flowchart of login flow', preset: 'diagram' });
    addImage(fs, 'assets/fox-2.png', { createdAt: '2026-01-04T00:00:00Z', prompt: 'the fox, bluer', preset: 'none', parent: { path: 'assets/icons/fox.png', sha256: 'x' } });
    fs.files.set('/ws/broken.png.json', '{');
    fs.files.set('/ws/broken.png', 'png');
    fs.files.set('/ws/orphan.png.json', sidecar());
    fs.files.set('/ws/foreign.png.json', sidecar({ generator: { name: 'other', version: '1' } }));
    fs.files.set('/ws/foreign.png', 'png');
    fs.files.set('/ws/plain.png', 'png');
    index = new GalleryIndex(fs);
  });

  it('builds once, lazily, and lists images newest first with problems apart', async () => {
    assert.equal(fs.reads, 0);
    const result = await index.query({});
    assert.equal(result.total, 4);
    assert.deepEqual(result.items.map((r) => r.relativePath), ['assets/fox-2.png', 'assets/icons/fox.png', 'assets/icons/owl.png', 'docs/diagram.png']);
    assert.deepEqual(result.problems.map((p) => p.sidecarKey).sort(), ['/ws/broken.png.json', '/ws/foreign.png.json', '/ws/orphan.png.json']);
    assert.match(result.problems.find((p) => p.sidecarKey === '/ws/orphan.png.json')!.message, /image orphan.png is missing/);
    const reads = fs.reads;
    await index.query({ text: 'fox' });
    assert.equal(fs.reads, reads, 'a second query reads nothing');
  });

  it('filters by text (all words, prompt, effective prompt or path), model, preset (with aliases) and folder', async () => {
    const paths = async (q: Parameters<GalleryIndex['query']>[0]) => (await index.query(q)).items.map((r) => r.relativePath);
    assert.deepEqual(await paths({ text: 'FOX' }), ['assets/fox-2.png', 'assets/icons/fox.png']);
    assert.deepEqual(await paths({ text: 'fox bluer' }), ['assets/fox-2.png']);
    assert.deepEqual(await paths({ text: 'flowchart' }), ['docs/diagram.png'], 'effective prompt');
    assert.deepEqual(await paths({ text: 'owl.png' }), ['assets/icons/owl.png'], 'file name');
    assert.deepEqual(await paths({ model: 'gemini-3-pro-image-preview' }), ['assets/icons/owl.png']);
    assert.deepEqual(await paths({ preset: 'icon' }), ['assets/icons/fox.png']);
    assert.deepEqual(await paths({ preset: 'blank' }), ['assets/fox-2.png']);
    assert.deepEqual(await paths({ folder: 'assets/icons/' }), ['assets/icons/fox.png', 'assets/icons/owl.png']);
    assert.deepEqual(await paths({ folder: './assets' }), ['assets/fox-2.png', 'assets/icons/fox.png', 'assets/icons/owl.png']);
    assert.deepEqual(await paths({ folder: 'asset' }), [], 'a prefix is a whole folder');
  });

  it('sorts oldest first and pages with offset and limit, total counting every match', async () => {
    const page = await index.query({ sort: 'oldest', offset: 1, limit: 2 });
    assert.equal(page.total, 4);
    assert.deepEqual(page.items.map((r) => r.relativePath), ['assets/icons/owl.png', 'assets/icons/fox.png']);
    assert.equal((await index.query({ offset: 10 })).items.length, 0);
  });

  it('follows file events: added, deleted, a folder arriving whole, an image deleted under its sidecar', async () => {
    await index.ensureBuilt();
    let changes = 0;
    index.onDidChange(() => changes++);
    addImage(fs, 'new/cat.png', { createdAt: '2026-02-01T00:00:00Z', prompt: 'a cat' });
    await index.fileCreated('/ws/new/cat.png.json');
    assert.equal((await index.query({})).items[0]?.relativePath, 'new/cat.png');

    addImage(fs, 'copied/deep/a.png', { prompt: 'copied in' });
    addImage(fs, 'copied/deep/b.png', { prompt: 'copied in' });
    await index.folderCreated('/ws/copied');
    assert.equal((await index.query({ text: 'copied' })).total, 2);

    fs.files.delete('/ws/assets/icons/owl.png');
    await index.fileDeleted('/ws/assets/icons/owl.png');
    const afterImageGone = await index.query({ text: 'owl' });
    assert.equal(afterImageGone.total, 0);
    assert.ok(afterImageGone.problems.some((p) => p.sidecarKey === '/ws/assets/icons/owl.png.json' && /missing/.test(p.message)));
    fs.files.delete('/ws/assets/icons/owl.png.json');
    await index.fileDeleted('/ws/assets/icons/owl.png.json');
    assert.ok(!(await index.query({})).problems.some((p) => p.sidecarKey.includes('owl')));

    for (const key of [...fs.files.keys()]) if (key.startsWith('/ws/copied/')) fs.files.delete(key);
    await index.fileDeleted('/ws/copied');
    assert.equal((await index.query({ text: 'copied' })).total, 0, 'a deleted folder takes its images along');

    fs.files.set('/ws/orphan.png', 'png');
    await index.fileCreated('/ws/orphan.png');
    assert.ok(!(await index.query({})).problems.some((p) => p.sidecarKey === '/ws/orphan.png.json'), 'the image arrived after its sidecar');
    assert.ok(changes >= 5);
  });

  it('takes Pictor\'s own saves directly, and ignores events before it is built', async () => {
    addImage(fs, 'early.png');
    await index.fileCreated('/ws/early.png.json');
    assert.equal(fs.reads, 0, 'nothing read before the first query');
    await index.ensureBuilt();
    addImage(fs, 'saved.png', { prompt: 'just saved' });
    await index.indexSaved('/ws/saved.png');
    assert.equal((await index.query({ text: 'just saved' })).total, 1);
    assert.equal((await index.all()).length, 6);
  });
});

describe('gallery index under overlapping events', () => {
  it('lists a sidecar once when its create and change events are read at the same time', async () => {
    const fs = new MemoryFs();
    const index = new GalleryIndex(fs);
    await index.query({});
    addImage(fs, 'burst.png', { prompt: 'burst' });
    await Promise.all([index.fileCreated('/ws/burst.png.json'), index.fileCreated('/ws/burst.png'), index.fileCreated('/ws/burst.png.json')]);
    assert.equal((await index.query({ text: 'burst' })).total, 1);
    assert.equal((await index.all()).length, 1);
  });

  it('keeps listing an image while its sidecar is read again', async () => {
    const fs = new MemoryFs();
    addImage(fs, 'steady.png', { prompt: 'steady' });
    const index = new GalleryIndex(fs);
    await index.ensureBuilt();
    let release!: () => void;
    const slowRead = fs.readText.bind(fs);
    fs.readText = async (key) => {
      await new Promise<void>((resolve) => (release = resolve));
      return slowRead(key);
    };
    const reread = index.fileCreated('/ws/steady.png.json');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal((await index.all()).length, 1, 'listed during the read');
    release();
    await reread;
    assert.equal((await index.all()).length, 1);
  });

  it('checks on disk a sidecar listed without its image (the image was saved between the two listings)', async () => {
    const fs = new MemoryFs();
    addImage(fs, 'racing.png', { prompt: 'racing' });
    const listFiles = fs.listFiles.bind(fs);
    fs.listFiles = async (under) => (await listFiles(under)).filter((k) => k !== '/ws/racing.png');
    const index = new GalleryIndex(fs);
    const result = await index.query({});
    assert.equal(result.total, 1);
    assert.deepEqual(result.problems, []);
  });

  it('ignores a late delete event for a path that exists again, and indexes what is there now', async () => {
    const fs = new MemoryFs();
    addImage(fs, 'out/a.png', { prompt: 'old a' });
    addImage(fs, 'out/b.png', { prompt: 'old b' });
    const index = new GalleryIndex(fs);
    await index.ensureBuilt();
    // The folder was deleted and made anew (with other images) before the delete event arrived.
    for (const key of [...fs.files.keys()]) fs.files.delete(key);
    addImage(fs, 'out/a.png', { prompt: 'new a' });
    addImage(fs, 'out/c.png', { prompt: 'new c' });
    await index.fileDeleted('/ws/out');
    const items = (await index.query({})).items.map((r) => `${r.relativePath} ${r.prompt}`).sort();
    assert.deepEqual(items, ['out/a.png new a', 'out/c.png new c']);
    // An image deleted and saved again under the same name stays listed.
    await index.fileDeleted('/ws/out/a.png');
    assert.deepEqual((await index.query({ text: 'new' })).items.map((r) => r.relativePath).sort(), ['out/a.png', 'out/c.png']);
  });
});
