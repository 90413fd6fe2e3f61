import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PictorError } from '../../src/core/errors';
import { candidateFileNames } from '../../src/core/naming';
import { NodeFilePort } from '../../src/node/file-port';
import { ImageWriter } from '../../src/writer/image-writer';
import { png } from '../support/image-fixtures';

const isBadInput = (pattern: RegExp) => (error: unknown) => error instanceof PictorError && error.code === 'badInput' && pattern.test(error.message);

/** A sidecar as the writer takes it (only `image` matters to these tests). */
const sidecarOf = (facts: { file: string }) => ({ version: 1, image: facts }) as never;

describe('the Node file port', () => {
  let base: string;
  let root: string;
  let outside: string;

  beforeEach(async () => {
    base = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'pictor-node-port-')));
    root = path.join(base, 'root');
    outside = path.join(base, 'outside');
    await fs.mkdir(root);
    await fs.mkdir(outside);
  });
  afterEach(async () => {
    await fs.rm(base, { recursive: true, force: true });
  });

  describe('writes atomically and never overwrites', () => {
    it('lets exactly one of many concurrent writes to the same name succeed, whole, and leaves no temporary file', async () => {
      const port = new NodeFilePort(root);
      const target = path.join(root, 'same.png');
      const payloads = Array.from({ length: 8 }, (_, i) => new Uint8Array(64 * 1024).fill(i + 1));
      const placed = await Promise.all(payloads.map((bytes) => port.writeNewFile(target, bytes)));
      assert.equal(placed.filter(Boolean).length, 1, 'one write wins, the others are told the name is taken');
      const winner = payloads[placed.indexOf(true)]!;
      assert.deepEqual(new Uint8Array(await fs.readFile(target)), winner, 'the file holds one write, complete');
      assert.deepEqual(await fs.readdir(root), ['same.png']);
    });

    it('never replaces a file that is already there', async () => {
      const port = new NodeFilePort(root);
      const target = path.join(root, 'kept.png');
      await fs.writeFile(target, 'mine');
      assert.equal(await port.writeNewFile(target, new Uint8Array([1, 2, 3])), false);
      assert.equal(await fs.readFile(target, 'utf8'), 'mine');
      assert.deepEqual(await fs.readdir(root), ['kept.png']);
    });

    it('gives concurrent saves through the writer distinct names, each with its sidecar', async () => {
      const writer = new ImageWriter(new NodeFilePort(root));
      const dir = path.join(root, 'assets', 'generated');
      const saved = await Promise.all(
        Array.from({ length: 5 }, (_, i) => writer.write({ dir, names: (ext) => candidateFileNames('fox', ext), bytes: png(8 + i, 6), sidecar: sidecarOf })),
      );
      const names = saved.map((s) => path.basename(s.uri)).sort();
      assert.deepEqual(names, ['fox-2.png', 'fox-3.png', 'fox-4.png', 'fox-5.png', 'fox.png']);
      for (const s of saved) {
        const sidecar = JSON.parse(await fs.readFile(s.sidecarUri, 'utf8')) as { image: { file: string; width: number } };
        assert.equal(sidecar.image.file, `assets/generated/${path.basename(s.uri)}`, 'root-relative, with /');
        assert.equal((await fs.stat(s.uri)).size, s.sidecar.image.bytes);
        assert.equal(s.sidecar.image.sha256, createHash('sha256').update(await fs.readFile(s.uri)).digest('hex'), 'the hash of the file on disk');
      }
    });

    it('moves to the next name when another process takes the image name while the files are written, leaving no stray file', async () => {
      const port = new NodeFilePort(root);
      // Another process saves cat.png after the writer found the name free, before it is placed.
      const racing = Object.assign(Object.create(port) as NodeFilePort, {
        stageNewFile: async (location: string, bytes: Uint8Array) => {
          const staged = await port.stageNewFile(location, bytes);
          if (path.basename(location) === 'cat.png') await fs.writeFile(location, 'theirs');
          return staged;
        },
      });
      const saved = await new ImageWriter(racing).write({ dir: root, names: (ext) => candidateFileNames('cat', ext), bytes: png(8, 6), sidecar: sidecarOf });
      assert.equal(path.basename(saved.uri), 'cat-2.png');
      assert.equal(await fs.readFile(path.join(root, 'cat.png'), 'utf8'), 'theirs', 'their file is untouched');
      assert.deepEqual((await fs.readdir(root)).sort(), ['cat-2.png', 'cat-2.png.json', 'cat.png'], 'no sidecar for their image, no temporary file');
    });

    it('takes the image back when the sidecar name is taken at the last moment, leaving their file and no temporary one', async () => {
      const port = new NodeFilePort(root);
      const racing = Object.assign(Object.create(port) as NodeFilePort, {
        stageNewFile: async (location: string, bytes: Uint8Array) => {
          const staged = await port.stageNewFile(location, bytes);
          if (location.endsWith('.json')) await fs.writeFile(location, '{"theirs":true}');
          return staged;
        },
      });
      await assert.rejects(
        new ImageWriter(racing).write({ dir: root, names: (ext) => candidateFileNames('owl', ext), bytes: png(8, 6), sidecar: sidecarOf }),
        isBadInput(/owl\.png\.json: a file with that name appeared meanwhile/),
      );
      assert.deepEqual(await fs.readdir(root), ['owl.png.json']);
      assert.equal(await fs.readFile(path.join(root, 'owl.png.json'), 'utf8'), '{"theirs":true}');
    });

    it('sweeps temporary files a crash left an hour ago where it writes, and only those', async () => {
      const stale = path.join(root, '.pictor.abcd1234.pictor-tmp');
      const fresh = path.join(root, '.pictor.efgh5678.pictor-tmp');
      await fs.writeFile(stale, 'x');
      await fs.writeFile(fresh, 'y');
      const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
      await fs.utimes(stale, twoHoursAgo, twoHoursAgo);
      await new ImageWriter(new NodeFilePort(root)).write({ dir: root, names: (ext) => candidateFileNames('sweep', ext), bytes: png(8, 6), sidecar: sidecarOf });
      for (let i = 0; i < 100 && (await fs.readdir(root)).includes('.pictor.abcd1234.pictor-tmp'); i++) await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual((await fs.readdir(root)).sort(), ['.pictor.efgh5678.pictor-tmp', 'sweep.png', 'sweep.png.json']);
    });
  });

  describe('keeps every location inside the root', () => {
    it('refuses references that leave the root by their text', () => {
      const port = new NodeFilePort(root);
      assert.throws(() => port.locate('../outside/a.png'), isBadInput(/outside the root folder/));
      assert.throws(() => port.locate(path.join(outside, 'a.png')), isBadInput(/outside the root folder/));
      assert.throws(() => port.locate('https://example.com/a.png'), isBadInput(/not a file/));
      assert.throws(() => port.outputDir('../x'), isBadInput(/outside the root folder/));
      assert.equal(port.locate('a/b.png'), path.join(root, 'a', 'b.png'));
      assert.equal(port.locate(path.join(root, 'c.png')), path.join(root, 'c.png'));
    });

    it('refuses a symbolic link that leads outside, for reading and for writing', async () => {
      await fs.symlink(outside, path.join(root, 'escape'), 'dir');
      await fs.writeFile(path.join(outside, 'secret.png'), png());
      await fs.symlink(path.join(outside, 'secret.png'), path.join(root, 'secret.png'), 'file');
      const port = new NodeFilePort(root);
      await assert.rejects(port.checkBoundary(path.join(root, 'escape', 'new.png')), isBadInput(/symbolic link/));
      await assert.rejects(port.checkBoundary(path.join(root, 'secret.png')), isBadInput(/symbolic link/));
      const writer = new ImageWriter(port);
      await assert.rejects(
        writer.write({ dir: path.join(root, 'escape', 'deeper'), names: (ext) => candidateFileNames('fox', ext), bytes: png(), sidecar: sidecarOf }),
        isBadInput(/symbolic link/),
      );
      assert.deepEqual(await fs.readdir(outside), ['secret.png'], 'nothing was written outside the root');
    });

    it('accepts a symbolic link that stays inside the root', async () => {
      await fs.mkdir(path.join(root, 'real'));
      await fs.symlink(path.join(root, 'real'), path.join(root, 'alias'), 'dir');
      const port = new NodeFilePort(root);
      await port.checkBoundary(path.join(root, 'alias', 'new.png'));
      assert.equal(port.relativePath(path.join(root, 'alias', 'x.png')), 'alias/x.png');
    });

    it('never gives an absolute path as a relative one', () => {
      const port = new NodeFilePort(root);
      assert.equal(port.relativePath(path.join(root, 'a', 'b.png')), 'a/b.png');
      assert.equal(port.relativePath(path.join(outside, 'c.png')), 'c.png');
    });
  });
});
