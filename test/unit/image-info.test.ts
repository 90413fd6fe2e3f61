import * as assert from 'node:assert/strict';
import { gifToPng } from '../../src/core/gif-to-png';
import { createHash } from 'node:crypto';
import { endsWhole, identifyOutputImage, inspectImage, sha256HexYielding, sniffImageMime } from '../../src/core/image-info';
import { ACCEPTED_INPUT_FORMATS_TEXT, INPUT_MIME_TYPES, isInputMimeType } from '../../src/core/input-formats';
import { PictorError } from '../../src/core/errors';
import { gif, heifLike, jpeg, png, webp } from '../support/image-fixtures';

describe('image types from bytes', () => {
  it('names PNG, JPEG and GIF by their signatures, whatever a label says', () => {
    assert.equal(sniffImageMime(png()), 'image/png');
    assert.equal(sniffImageMime(jpeg()), 'image/jpeg');
    assert.equal(sniffImageMime(gif()), 'image/gif');
    assert.equal(sniffImageMime(new TextEncoder().encode('just some text, not an image')), undefined);
  });

  it('tells HEIC from HEIF by the ftyp brands, and AVIF from both', () => {
    assert.equal(sniffImageMime(heifLike('heic', ['mif1', 'heic'])), 'image/heic');
    assert.equal(sniffImageMime(heifLike('heix', ['mif1'])), 'image/heic');
    assert.equal(sniffImageMime(heifLike('mif1', ['mif1', 'heic'])), 'image/heic', 'generic major brand, HEVC compatible brand');
    assert.equal(sniffImageMime(heifLike('mif1', ['mif1'])), 'image/heif');
    assert.equal(sniffImageMime(heifLike('avif', ['avif', 'mif1'])), undefined);
    assert.equal(sniffImageMime(heifLike('isom', ['isom', 'mp41'])), undefined, 'an MP4 is no image');
  });

  it('measures images and keeps the sniffed type', () => {
    assert.deepEqual(inspectImage(jpeg(8, 6)), { mimeType: 'image/jpeg', width: 8, height: 6 });
    assert.deepEqual(inspectImage(heifLike('heic', ['mif1', 'heic'], 64, 48)), { mimeType: 'image/heic', width: 64, height: 48 });
  });

  it('refuses a response image that is not an image, with the server code', () => {
    assert.throws(
      () => identifyOutputImage(new TextEncoder().encode('I am plain text, base64-encoded by the service')),
      (error: unknown) => error instanceof PictorError && error.code === 'server' && /the response's image could not be read/.test(error.message),
    );
    assert.deepEqual(identifyOutputImage(jpeg(8, 6)), { mimeType: 'image/jpeg', width: 8, height: 6 });
  });

  it('refuses a response image cut off after a readable header, in every format', () => {
    const whole = { png: png(64, 64), jpeg: jpeg(64, 64), gif: gif(8, 8), heic: heifLike('heic', ['mif1', 'heic']), webp: webp(64, 64) };
    for (const [name, bytes] of Object.entries(whole)) {
      assert.doesNotThrow(() => identifyOutputImage(bytes), `a whole ${name}`);
      const cut = bytes.slice(0, Math.floor(bytes.length * 0.8));
      // (A HEIF's size sits in a box near its end; its type alone is readable, which is what was saved.)
      if (name !== 'heic') assert.ok(inspectImage(cut), `the cut ${name} still has a readable header`);
      assert.throws(
        () => identifyOutputImage(cut),
        (error: unknown) => error instanceof PictorError && error.code === 'server' && /the response's image could not be read/.test(error.message),
        `a cut ${name}`,
      );
    }
  });

  it('accepts a few bytes after the end marker (padding some encoders add)', () => {
    const padded = new Uint8Array([...png(8, 6), 0, 0, 0, 0]);
    assert.equal(endsWhole(padded, 'image/png'), true);
    assert.equal(endsWhole(new Uint8Array([...jpeg(8, 6), 0x0a]), 'image/jpeg'), true);
    const trailer = new Uint8Array(64 * 1024).fill(0x20);
    assert.equal(endsWhole(new Uint8Array([...jpeg(8, 6), ...trailer]), 'image/jpeg'), true, "a phone's 64 KB trailer after the EOI: the photo is whole");
    assert.equal(endsWhole(png(8, 6).slice(0, -2), 'image/png'), false, 'an IEND chunk without its CRC');
  });
});

describe('accepted input formats', () => {
  it('are PNG, JPEG, WebP, HEIC and HEIF, and the message says so', () => {
    assert.deepEqual([...INPUT_MIME_TYPES], ['image/png', 'image/jpeg', 'image/webp', 'image/heic', 'image/heif']);
    assert.equal(isInputMimeType('image/gif'), false);
    assert.match(ACCEPTED_INPUT_FORMATS_TEXT, /^PNG, JPEG, WebP, HEIC or HEIF/);
  });

  it('converts a GIF to a PNG of its first frame, with a note', async () => {
    const { png: converted, note } = await gifToPng(gif(4, 3, 1), 'images/still.gif');
    assert.deepEqual(inspectImage(converted), { mimeType: 'image/png', width: 4, height: 3 });
    assert.match(note, /images\/still\.gif is a GIF; .* sent as a PNG/);
  });

  it('says so when an animated GIF loses its later frames', async () => {
    const { png: converted, note } = await gifToPng(gif(5, 5, 3), 'spin.gif');
    assert.equal(inspectImage(converted)?.width, 5);
    assert.match(note, /animated GIF \(3 frames\).*first frame/);
    // The first frame is red: the PNG's first pixel says so.
    const { PNG } = await import('pngjs');
    const decoded = PNG.sync.read(Buffer.from(converted));
    assert.deepEqual([...decoded.data.subarray(0, 4)], [255, 0, 0, 255]);
  });

  it('refuses a GIF that cannot be decoded, as bad input', async () => {
    const broken = gif(4, 3).slice(0, 20);
    await assert.rejects(gifToPng(broken, 'bad.gif'), (error: unknown) => error instanceof PictorError && error.code === 'badInput' && /bad\.gif is a GIF that cannot be decoded/.test(error.message));
  });
});

describe('hashing in slices', () => {
  it('gives the SHA-256 of the whole, for sizes around the slice boundary', async () => {
    for (const size of [0, 1, 512 * 1024 - 1, 512 * 1024, 512 * 1024 + 1, 3 * 1024 * 1024 + 7]) {
      const bytes = new Uint8Array(size).map((_, i) => (i * 31) & 0xff);
      assert.equal(await sha256HexYielding(bytes), createHash('sha256').update(bytes).digest('hex'), `${size} bytes`);
    }
  });
});
