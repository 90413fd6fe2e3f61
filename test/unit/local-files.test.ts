import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { STALE_TEMP_MS, stageNewLocalFile, statLocal, sweepStaleLocalTemps, writeNewLocalFile } from '../../src/writer/local-files';

describe('local files', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pictor-local-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes a new file whole, refuses a taken name without touching it, and leaves no temporary file', async () => {
    const target = path.join(dir, 'a.png');
    assert.equal(await writeNewLocalFile(target, new Uint8Array([1, 2, 3])), true);
    assert.equal(await writeNewLocalFile(target, new Uint8Array([9])), false);
    assert.deepEqual([...fs.readFileSync(target)], [1, 2, 3]);
    assert.deepEqual(fs.readdirSync(dir), ['a.png']);
  });

  it('writes pieces in order', async () => {
    const target = path.join(dir, 'p.png');
    assert.equal(await writeNewLocalFile(target, [new Uint8Array([1, 2]), new Uint8Array([]), new Uint8Array([3])]), true);
    assert.deepEqual([...fs.readFileSync(target)], [1, 2, 3]);
  });

  it('writes megabytes of pieces byte for byte, and the views it was given stay as they were', async () => {
    const target = path.join(dir, 'big.png');
    const whole = new Uint8Array(5 * 2 ** 20 + 7).map((_, i) => (i * 31 + 7) & 0xff);
    const pieces = [whole.subarray(0, 33), new Uint8Array([1, 2, 3]), whole.subarray(33, 3 * 2 ** 20), whole.subarray(3 * 2 ** 20)];
    const staged = await stageNewLocalFile(target, pieces);
    assert.equal(await staged.place(), true);
    const expected = Buffer.concat(pieces);
    assert.ok(fs.readFileSync(target).equals(expected));
    assert.equal(staged.sha256, createHash('sha256').update(expected).digest('hex'), 'the hash of what was written, taken while writing');
    assert.equal(pieces[2]!.byteLength, 3 * 2 ** 20 - 33);
    assert.deepEqual(fs.readdirSync(dir), ['big.png']);
  });

  it('stages a file whose bytes are still on the way, and tells their hash before it closes the file', async () => {
    const target = path.join(dir, 'late.png.json');
    let arrive!: (bytes: Uint8Array) => void;
    const told: string[] = [];
    const staging = stageNewLocalFile(target, new Promise<Uint8Array>((resolve) => (arrive = resolve)), (sha256) => told.push(sha256));
    for (let i = 0; i < 100 && fs.readdirSync(dir).length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    assert.match(fs.readdirSync(dir).join(), /^\.pictor\.[a-z0-9]{8}\.pictor-tmp$/, 'the temporary file is made before the bytes arrive');
    const bytes = new TextEncoder().encode('{"late":true}');
    arrive(bytes);
    const staged = await staging;
    assert.deepEqual(told, [createHash('sha256').update(bytes).digest('hex')]);
    assert.equal(staged.sha256, told[0]);
    assert.equal(await staged.place(), true);
    assert.deepEqual(fs.readdirSync(dir), ['late.png.json']);
    assert.equal(fs.readFileSync(target, 'utf8'), '{"late":true}');
  });

  it('leaves nothing when the bytes never come', async () => {
    const target = path.join(dir, 'never.png.json');
    await assert.rejects(stageNewLocalFile(target, Promise.reject(new Error('the image could not be written'))), /the image could not be written/);
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('lets exactly one of ten concurrent writers of one name win', async () => {
    const target = path.join(dir, 'race.png');
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => writeNewLocalFile(target, new Uint8Array([i]))));
    assert.equal(results.filter(Boolean).length, 1);
    assert.equal(fs.readFileSync(target)[0], results.indexOf(true));
    assert.deepEqual(fs.readdirSync(dir), ['race.png']);
  });

  it('reports a missing folder as the file system error', async () => {
    await assert.rejects(writeNewLocalFile(path.join(dir, 'no', 'such', 'x.png'), new Uint8Array([1])), /ENOENT/);
  });

  it('stats files and folders, and nothing where nothing is', async () => {
    fs.writeFileSync(path.join(dir, 'f'), 'abc');
    assert.deepEqual({ ...(await statLocal(path.join(dir, 'f')))!, mtime: 0 }, { kind: 'file', size: 3, mtime: 0 });
    assert.equal((await statLocal(dir))!.kind, 'directory');
    assert.equal(await statLocal(path.join(dir, 'missing')), undefined);
  });

  it('sweeps only temporary files older than an hour', async () => {
    const stale = path.join(dir, '.old.png.ab12cd34.pictor-tmp');
    const fresh = path.join(dir, '.new.png.ef56ab78.pictor-tmp');
    const other = path.join(dir, 'notes.pictor-tmp');
    for (const f of [stale, fresh, other]) fs.writeFileSync(f, 'x');
    const old = new Date(Date.now() - STALE_TEMP_MS - 60_000);
    fs.utimesSync(stale, old, old);
    fs.utimesSync(other, old, old);
    await sweepStaleLocalTemps(dir);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['.new.png.ef56ab78.pictor-tmp', 'notes.pictor-tmp']);
  });
});
