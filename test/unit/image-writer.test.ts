import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { PictorError } from '../../src/core/errors';
import type { Sidecar } from '../../src/core/sidecar';
import type { SavedImageFacts } from '../../src/core/sidecar-builder';
import { ImageWriter } from '../../src/writer/image-writer';
import { gif, heifLike, jpeg, png, webp } from '../support/image-fixtures';
import { MemoryPort } from '../support/memory-port';

const sidecarOf = (image: SavedImageFacts) => ({ version: 1, image }) as unknown as Sidecar;
const names = (base: string) => (extension: string) =>
  (function* () {
    yield `${base}.${extension}`;
    for (let n = 2; ; n++) yield `${base}-${n}.${extension}`;
  })();
const hash = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('the image writer', () => {
  it('lets the bytes decide: JPEG labelled image/png becomes name.jpg with image/jpeg in the sidecar', async () => {
    const port = new MemoryPort();
    const warnings: string[] = [];
    const writer = new ImageWriter(port, { trace() {}, debug() {}, info() {}, warn: (m) => warnings.push(m), error() {} });
    const bytes = jpeg(8, 6);
    const written = await writer.write({ dir: '/ws/out', names: names('lake'), bytes, labelledMimeType: 'image/png', sidecar: sidecarOf });
    assert.equal(written.uri, '/ws/out/lake.jpg');
    assert.equal(written.sidecarUri, '/ws/out/lake.jpg.json');
    assert.deepEqual(written.sidecar.image, { file: 'out/lake.jpg', mimeType: 'image/jpeg', sha256: hash(bytes), bytes: bytes.byteLength, width: 8, height: 6 });
    assert.deepEqual(JSON.parse(new TextDecoder().decode(port.files.get('/ws/out/lake.jpg.json'))).image.mimeType, 'image/jpeg');
    assert.match(warnings.join('\n'), /labelled an image image\/png, but its bytes are image\/jpeg/);
  });

  it('names every format by its bytes, whatever the label says', async () => {
    const cases: Array<[Uint8Array, string, string]> = [
      [png(8, 6), 'image/jpeg', 'png'],
      [webp(8, 6), 'image/png', 'webp'],
      [gif(8, 6), 'image/png', 'gif'],
      [heifLike('heic', ['mif1', 'heic']), 'image/png', 'heic'],
      [jpeg(8, 6), 'image/webp', 'jpg'],
    ];
    for (const [bytes, label, extension] of cases) {
      const port = new MemoryPort();
      const written = await new ImageWriter(port).write({ dir: '/ws/out', names: names('x'), bytes, labelledMimeType: label, sidecar: sidecarOf });
      assert.equal(written.uri, `/ws/out/x.${extension}`, `${extension} labelled ${label}`);
      assert.equal(written.sidecar.image.mimeType, extension === 'jpg' ? 'image/jpeg' : `image/${extension}`);
    }
  });

  it('writes nothing for an image cut off after its header', async () => {
    const port = new MemoryPort();
    const cut = png(64, 64).slice(0, 700);
    await assert.rejects(
      new ImageWriter(port).write({ dir: '/ws/out', names: names('x'), bytes: cut, labelledMimeType: 'image/png', sidecar: sidecarOf }),
      (error: unknown) => error instanceof PictorError && error.code === 'server' && /the response's image could not be read/.test(error.message),
    );
    assert.equal(port.files.size, 0);
  });

  it('writes nothing for bytes that are no image, and says the response could not be read', async () => {
    const port = new MemoryPort();
    const writer = new ImageWriter(port);
    const text = new TextEncoder().encode('Here is your image!');
    await assert.rejects(
      writer.write({ dir: '/ws/out', names: names('x'), bytes: text, labelledMimeType: 'image/png', sidecar: sidecarOf }),
      (error: unknown) => error instanceof PictorError && error.code === 'server' && /the response's image could not be read/.test(error.message),
    );
    assert.equal(port.files.size, 0);
  });

  it('never overwrites: an existing image or an existing sidecar name moves it to the next name', async () => {
    const port = new MemoryPort();
    port.files.set('/ws/out/cat.png', new Uint8Array([1]));
    port.files.set('/ws/out/cat-2.png.json', new Uint8Array([2]));
    const writer = new ImageWriter(port);
    const written = await writer.write({ dir: '/ws/out', names: names('cat'), bytes: png(), sidecar: sidecarOf });
    assert.equal(written.uri, '/ws/out/cat-3.png');
    assert.deepEqual([...port.files.get('/ws/out/cat.png')!], [1], 'untouched');
  });

  it('gives concurrent writes of the same name different names', async () => {
    const port = new MemoryPort();
    const writer = new ImageWriter(port);
    const all = await Promise.all([0, 1, 2, 3].map(() => writer.write({ dir: '/ws/out', names: names('same'), bytes: png(), sidecar: sidecarOf })));
    assert.deepEqual(all.map((w) => w.uri).sort(), ['/ws/out/same-2.png', '/ws/out/same-3.png', '/ws/out/same-4.png', '/ws/out/same.png']);
  });

  it('takes the image back when its sidecar cannot be written', async () => {
    const port = new MemoryPort();
    port.failWrites.add('dog.png.json');
    const writer = new ImageWriter(port);
    await assert.rejects(writer.write({ dir: '/ws/out', names: names('dog'), bytes: png(), sidecar: sidecarOf }), /Could not save out\/dog\.png\.json/);
    assert.deepEqual([...port.files.keys()], []);
  });

  it('tells listeners of each image once image and sidecar are on disk; a failing listener fails nothing', async () => {
    const port = new MemoryPort();
    const warnings: string[] = [];
    const writer = new ImageWriter(port, { trace() {}, debug() {}, info() {}, warn: (m) => warnings.push(m), error() {} });
    const seen: string[] = [];
    const listener = writer.onWritten((written) => {
      assert.ok(port.files.has(written.uri) && port.files.has(written.sidecarUri), 'both written before the listener runs');
      seen.push(written.uri);
    });
    writer.onWritten(() => {
      throw new Error('index unavailable');
    });
    const written = await writer.write({ dir: '/ws/out', names: names('told'), bytes: png(), sidecar: sidecarOf });
    assert.deepEqual(seen, [written.uri]);
    assert.match(warnings.join('\n'), /after saving out\/told\.png: Error: index unavailable/);
    listener.dispose();
    await writer.write({ dir: '/ws/out', names: names('told'), bytes: png(), sidecar: sidecarOf });
    assert.equal(seen.length, 1, 'a disposed listener hears nothing');
    port.failWrites.add('lost.png.json');
    await assert.rejects(writer.write({ dir: '/ws/out', names: names('lost'), bytes: png(), sidecar: sidecarOf }));
    assert.equal(seen.length, 1, 'nothing told about an image taken back');
  });

  it('runs finalizing steps on the bytes, and the sidecar describes the bytes on disk', async () => {
    const port = new MemoryPort();
    const writer = new ImageWriter(port);
    const original = png();
    const extra = new Uint8Array([...original, 0, 0, 0, 0]);
    const step = writer.addFinalizer(({ mimeType }) => {
      assert.equal(mimeType, 'image/png');
      return extra;
    });
    const written = await writer.write({ dir: '/ws/out', names: names('final'), bytes: original, sidecar: sidecarOf });
    assert.deepEqual(port.files.get(written.uri), extra);
    assert.equal(written.sidecar.image.sha256, hash(extra));
    assert.equal(written.sidecar.image.bytes, extra.byteLength);
    step.dispose();
    const plain = await writer.write({ dir: '/ws/out', names: names('final'), bytes: original, sidecar: sidecarOf });
    assert.equal(plain.sidecar.image.sha256, hash(original), 'a disposed step no longer runs');
  });

  it('writes the pieces a step returns in order, without the caller joining them', async () => {
    const port = new MemoryPort();
    const writer = new ImageWriter(port);
    const original = png();
    writer.addFinalizer(({ bytes }) => [bytes.subarray(0, 8), new Uint8Array([7, 7]), bytes.subarray(8)]);
    const written = await writer.write({ dir: '/ws/out', names: names('pieces'), bytes: original, sidecar: sidecarOf });
    const expected = new Uint8Array([...original.subarray(0, 8), 7, 7, ...original.subarray(8)]);
    assert.deepEqual(port.files.get(written.uri), expected);
    assert.equal(written.sidecar.image.sha256, hash(expected));
    assert.equal(written.sidecar.image.bytes, expected.byteLength);
  });

  it('checks the output folder before anything is paid for: a file, or a folder under a file, is refused', async () => {
    const port = new MemoryPort();
    port.files.set('/ws/README.md', new Uint8Array([1]));
    const writer = new ImageWriter(port);
    for (const dir of ['/ws/README.md', '/ws/README.md/images']) {
      await assert.rejects(
        writer.checkOutputDirectory(dir),
        (error: unknown) => error instanceof PictorError && error.code === 'badInput' && /README\.md is a file, not a folder/.test(error.message),
      );
    }
    await writer.checkOutputDirectory('/ws/not/yet/there');
    port.outside.add('/ws/link');
    await assert.rejects(writer.checkOutputDirectory('/ws/link/out'), /outside the workspace/);
  });

  it('creates the output folder only when it is missing and inside the boundary, and sweeps leftovers where it writes', async () => {
    const port = new MemoryPort();
    port.dirs.add('/ws/out');
    const writer = new ImageWriter(port);
    await writer.write({ dir: '/ws/out', names: names('here'), bytes: png(), sidecar: sidecarOf });
    assert.deepEqual(port.created, [], 'a folder that is there is not created again');
    await writer.write({ dir: '/ws/new/deeper', names: names('there'), bytes: png(), sidecar: sidecarOf });
    assert.deepEqual(port.created, ['/ws/new/deeper']);
    assert.ok(port.files.has('/ws/new/deeper/there.png'));
    port.outside.add('/ws/link');
    await assert.rejects(writer.write({ dir: '/ws/link/out', names: names('no'), bytes: png(), sidecar: sidecarOf }), /outside the workspace/);
    assert.deepEqual(port.created, ['/ws/new/deeper'], 'nothing is created outside the boundary');
    assert.deepEqual(port.swept, ['/ws/out', '/ws/new/deeper']);
  });

  it('names the sidecar only after its image, and resolves only once both temporary names are gone', async () => {
    const events: string[] = [];
    const port = new MemoryPort();
    const stage = port.stageNewFile.bind(port);
    port.stageNewFile = async (location, bytes) => {
      const staged = await stage(location, bytes);
      const name = port.baseName(location);
      return {
        ...staged,
        place: async (whenNamed) => {
          const placed = await staged.place();
          events.push(`${name} named`);
          whenNamed?.();
          // The temporary name goes a moment later, as a local file's does.
          await new Promise((resolve) => setTimeout(resolve, name.endsWith('.json') ? 5 : 20));
          events.push(`${name} temporary name gone`);
          return placed;
        },
      };
    };
    await new ImageWriter(port).write({ dir: '/ws', names: names('order'), bytes: png(), sidecar: sidecarOf });
    events.push('written');
    assert.deepEqual(events, ['order.png named', 'order.png.json named', 'order.png.json temporary name gone', 'order.png temporary name gone', 'written']);
  });

  it('removes what it wrote when a run is taken back', async () => {
    const port = new MemoryPort();
    const writer = new ImageWriter(port);
    const written = await writer.write({ dir: '/ws/out', names: names('gone'), bytes: png(), sidecar: sidecarOf });
    await writer.remove(written);
    assert.equal(port.files.size, 0);
  });
});
