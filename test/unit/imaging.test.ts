import * as assert from 'node:assert/strict';
import * as icoEndec from 'ico-endec';
import * as jpeg from 'jpeg-js';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { PNG } from 'pngjs';
import { decodeImage, encodePng } from '../../src/core/imaging/codecs';
import { colorKey, dominantBorderColor } from '../../src/core/imaging/color-key';
import { encodeIco } from '../../src/core/imaging/ico';
import { differenceMatte } from '../../src/core/imaging/matte';
import { embedProvenance, embedProvenancePieces, readProvenance } from '../../src/core/imaging/provenance';
import { createRaster, type Raster } from '../../src/core/imaging/raster';
import { resizeRaster, squareCanvas } from '../../src/core/imaging/resize';
import { TRAINED_ALGORITHMIC_MEDIA } from '../../src/core/imaging/xmp';
import { encodeSolidWebp } from '../fake-gemini/codecs/webp';
import { repoRoot } from '../runners/paths';
import { defaultScene, diskCoverage, pixel, renderScene, shadowAlpha } from '../support/scenes';

const scene = defaultScene(128);
const WHITE: [number, number, number] = [255, 255, 255];
const BLACK: [number, number, number] = [0, 0, 0];
const GREEN: [number, number, number] = [0, 255, 0];

/** Pixels on the disk's anti-aliased rim (partial coverage, outside the shadow). */
function rimPixels(): Array<[number, number]> {
  const rim: Array<[number, number]> = [];
  for (let y = 0; y < scene.size; y++) {
    for (let x = 0; x < scene.size; x++) {
      const c = diskCoverage(scene, x, y);
      if (c > 0 && c < 1 && shadowAlpha(scene, x, y) === 0) rim.push([x, y]);
    }
  }
  return rim;
}

describe('difference matte', () => {
  const white = renderScene(scene, WHITE);
  const black = renderScene(scene, BLACK);
  const { raster, aligned, similarity } = differenceMatte(white, black);

  it('is transparent in the corners and opaque in the centre', () => {
    assert.ok(aligned, `similarity ${similarity}`);
    for (const [x, y] of [[0, 0], [127, 0], [0, 127], [127, 127]] as const) assert.equal(pixel(raster, x, y)[3], 0, `corner ${x},${y}`);
    assert.deepEqual(pixel(raster, 64, 56), [200, 60, 40, 255]);
  });

  it('keeps the 50 % shadow at 50 % alpha (±3 %)', () => {
    const alpha = pixel(raster, 64, 112)[3]! / 255;
    assert.ok(Math.abs(alpha - 0.5) <= 0.03, `shadow alpha ${alpha}`);
    assert.ok(pixel(raster, 64, 112).slice(0, 3).every((v) => v <= 8), 'the shadow stays black');
  });

  it('leaves no fringe: rim pixels at ≥ 25 % alpha keep the subject colour', () => {
    const rim = rimPixels().filter(([x, y]) => pixel(raster, x, y)[3]! >= 64);
    assert.ok(rim.length > 50, `${rim.length} rim pixels`);
    for (const [x, y] of rim) {
      const [r, g, b, a] = pixel(raster, x, y);
      assert.ok(Math.abs(r! - 200) <= 8 && Math.abs(g! - 60) <= 8 && Math.abs(b! - 40) <= 8, `rim ${x},${y} = ${r},${g},${b}`);
      assert.ok(Math.abs(a! / 255 - diskCoverage(scene, x, y)) <= 0.03, `rim alpha at ${x},${y}`);
    }
  });

  it('reports a pair whose subject moved as not aligned', () => {
    const moved = renderScene(scene, BLACK, 20);
    const result = differenceMatte(white, moved);
    assert.equal(result.aligned, false, `similarity ${result.similarity}`);
    assert.equal(differenceMatte(white, createRaster(64, 64)).aligned, false, 'different sizes');
  });
});

describe('colour key', () => {
  it('finds the dominant border colour', () => {
    assert.deepEqual(dominantBorderColor(renderScene({ ...scene, shadow: undefined }, GREEN)), GREEN);
  });

  it('white key: transparent corners, opaque centre, no light halo on the rim', () => {
    const { raster, color } = colorKey(renderScene({ ...scene, shadow: undefined }, WHITE), { color: 'auto' });
    assert.equal(color, '#ffffff');
    assert.equal(pixel(raster, 0, 0)[3], 0);
    assert.equal(pixel(raster, 64, 56)[3], 255);
    const rim = rimPixels().filter(([x, y]) => pixel(raster, x, y)[3]! >= 64);
    assert.ok(rim.length > 50);
    for (const [x, y] of rim) {
      const [r, g, b] = pixel(raster, x, y);
      assert.ok(r! <= 200 + 16 && g! <= 60 + 16 && b! <= 40 + 16, `light halo at ${x},${y}: ${r},${g},${b}`);
    }
  });

  it('green key: rim pixels at ≥ 25 % alpha have G ≤ max(R, B) + 16', () => {
    const { raster, color } = colorKey(renderScene({ ...scene, shadow: undefined }, GREEN), { color: '#00ff00', tolerance: 10 });
    assert.equal(color, '#00ff00');
    assert.equal(pixel(raster, 0, 0)[3], 0);
    assert.equal(pixel(raster, 64, 56)[3], 255);
    let checked = 0;
    for (let i = 0; i < raster.data.length; i += 4) {
      if (raster.data[i + 3]! < 64) continue;
      checked++;
      assert.ok(raster.data[i + 1]! <= Math.max(raster.data[i]!, raster.data[i + 2]!) + 16, `spill at pixel ${i / 4}`);
    }
    assert.ok(checked > 1000);
  });

  it('tolerance 0 keeps everything that is not exactly the key', () => {
    const { raster } = colorKey(renderScene({ ...scene, shadow: undefined }, WHITE), { color: '#fefefe', tolerance: 0 });
    assert.ok(pixel(raster, 0, 0)[3]! > 0);
  });
});

describe('resize', () => {
  const wide: Raster = createRaster(200, 100);
  wide.data.fill(255);

  it('gives exact dimensions for contain, cover and fill', () => {
    for (const fit of ['contain', 'cover', 'fill'] as const) {
      const out = resizeRaster(wide, 64, 48, fit);
      assert.deepEqual([out.width, out.height], [64, 48], fit);
    }
  });

  it('contain centres on transparency, cover crops, fill stretches', () => {
    const contain = resizeRaster(wide, 64, 64, 'contain');
    assert.equal(pixel(contain, 32, 2)[3], 0, 'transparent bar above');
    assert.equal(pixel(contain, 32, 32)[3], 255);
    assert.equal(pixel(resizeRaster(wide, 64, 64, 'cover'), 32, 2)[3], 255);
    assert.equal(pixel(resizeRaster(wide, 64, 64, 'fill'), 32, 2)[3], 255);
  });

  it('centres a non-square image on a transparent square', () => {
    const square = squareCanvas(wide);
    assert.deepEqual([square.width, square.height], [200, 200]);
    assert.equal(pixel(square, 100, 10)[3], 0);
    assert.equal(pixel(square, 100, 100)[3], 255);
  });

  it('works in linear light: a 1-px black/white checkerboard halves to sRGB ≈ 188, not 128', () => {
    const checker = createRaster(64, 64);
    for (let i = 0; i < 64 * 64; i++) {
      const v = ((i % 64) + Math.floor(i / 64)) % 2 ? 255 : 0;
      checker.data.set([v, v, v, 255], i * 4);
    }
    const half = resizeRaster(checker, 32, 32, 'fill');
    assert.ok(Math.abs(pixel(half, 16, 16)[0]! - 188) <= 3, `got ${pixel(half, 16, 16)[0]}`);
  });

  it('premultiplies alpha: a white disk on transparency keeps white edges when shrunk', () => {
    const disk = createRaster(256, 256);
    for (let y = 0; y < 256; y++) for (let x = 0; x < 256; x++) if (Math.hypot(x - 128, y - 128) < 100) disk.data.set([255, 255, 255, 255], (y * 256 + x) * 4);
    const small = resizeRaster(disk, 16, 16, 'fill');
    for (let i = 0; i < small.data.length; i += 4) if (small.data[i + 3]! > 8) assert.ok(small.data[i]! >= 245, `dark edge ${small.data[i]} at alpha ${small.data[i + 3]}`);
  });
});

describe('ICO', () => {
  it('holds 16, 32 and 48 as PNG entries with a correct directory', () => {
    const pngs = [16, 32, 48].map((s) => encodePng(resizeRaster(renderScene(scene, WHITE), s, s, 'fill')));
    const ico = encodeIco(pngs);
    const view = new DataView(ico.buffer, ico.byteOffset, ico.byteLength);
    assert.deepEqual([view.getUint16(0, true), view.getUint16(2, true), view.getUint16(4, true)], [0, 1, 3]);
    const entries = icoEndec.decode(Buffer.from(ico));
    assert.deepEqual(entries.map((e) => [e.width, e.height, e.imageType]), [[16, 16, 'png'], [32, 32, 'png'], [48, 48, 'png']]);
    entries.forEach((entry, i) => {
      assert.equal(view.getUint16(6 + 16 * i + 6, true), 32, 'bits per pixel');
      const decoded = PNG.sync.read(entry.imageData);
      assert.deepEqual([decoded.width, decoded.height], [entry.width, entry.height]);
    });
  });
});

describe('embedded provenance', () => {
  const record = JSON.stringify({ version: 1, prompt: 'a <red> & "round" logo — ünïcödé' });
  const provenance = { record, xmp: { description: 'a <red> & "round" logo — ünïcödé', digitalSourceType: TRAINED_ALGORITHMIC_MEDIA, creatorTool: 'pictor 0.1.0' } };

  it('round-trips a PNG through iTXt chunks, still decodable, pixels unchanged', async () => {
    const raster = renderScene(scene, WHITE);
    const png = encodePng(raster);
    const embedded = embedProvenance(png, provenance);
    const again = embedProvenance(embedded, { ...provenance, record: '{"second":true}' });
    const read = readProvenance(again);
    assert.equal(read.record, '{"second":true}', 'replaced, not duplicated');
    assert.equal(read.xmp?.digitalSourceType, TRAINED_ALGORITHMIC_MEDIA);
    assert.equal(read.xmp?.description, provenance.xmp.description);
    assert.deepEqual((await decodeImage(again)).data, raster.data);
    const text = Buffer.from(again).toString('latin1');
    // The writer's form: the same bytes as views of the image around the new chunks, nothing copied.
    const pieces = embedProvenancePieces(png, provenance);
    assert.deepEqual(new Uint8Array(Buffer.concat(pieces)), new Uint8Array(embedded));
    assert.ok(pieces.some((piece) => piece.buffer === png.buffer && piece.byteLength > png.byteLength / 2), 'the image data is a view of the original');
    assert.ok(text.includes('iTXtpictor\0'), 'iTXt keyword pictor');
    assert.ok(text.includes('iTXtXML:com.adobe.xmp\0'), 'iTXt keyword XML:com.adobe.xmp');
  });

  it('round-trips a JPEG through an APP1 XMP segment', async () => {
    const raster = renderScene(scene, WHITE);
    const encoded = jpeg.encode({ width: raster.width, height: raster.height, data: Buffer.from(raster.data) }, 90).data;
    const embedded = embedProvenance(new Uint8Array(encoded), provenance);
    const read = readProvenance(embedded);
    assert.equal(read.record, record);
    assert.equal(read.xmp?.digitalSourceType, TRAINED_ALGORITHMIC_MEDIA);
    assert.equal((await decodeImage(embedded)).width, 128);
  });

  it('round-trips a WebP through an XMP chunk and sets the VP8X XMP flag', () => {
    const webp = new Uint8Array(encodeSolidWebp(40, 30, { r: 10, g: 20, b: 30 }));
    const embedded = embedProvenance(webp, provenance);
    const read = readProvenance(embedded);
    assert.equal(read.record, record);
    assert.equal(read.xmp?.description, provenance.xmp.description);
    const ascii = Buffer.from(embedded).toString('latin1');
    assert.equal(ascii.slice(12, 16), 'VP8X');
    assert.ok(embedded[20]! & 0x04, 'XMP flag');
    assert.equal(1 + (embedded[24]! | (embedded[25]! << 8) | (embedded[26]! << 16)), 40, 'canvas width');
    assert.equal(new DataView(embedded.buffer).getUint32(4, true), embedded.length - 8, 'RIFF size');
  });

  it('adds the text chunks before the first IDAT with valid CRCs, the image data byte for byte as it was', () => {
    const png = encodePng(renderScene(scene, WHITE));
    const embedded = embedProvenance(png, provenance);
    const chunks = (bytes: Uint8Array) => {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const out: Array<{ name: string; body: string; crcOk: boolean }> = [];
      for (let at = 8; at < bytes.length; ) {
        const length = view.getUint32(at);
        const name = Buffer.from(bytes.subarray(at + 4, at + 8)).toString('latin1');
        const crcOk = view.getUint32(at + 8 + length) === zlib.crc32(bytes.subarray(at + 4, at + 8 + length));
        out.push({ name, body: Buffer.from(bytes.subarray(at + 8, at + 8 + length)).toString('hex'), crcOk });
        at += 12 + length;
      }
      return out;
    };
    const before = chunks(png);
    const after = chunks(embedded);
    assert.ok(after.every((c) => c.crcOk), 'every CRC valid');
    assert.deepEqual(after.filter((c) => c.name !== 'iTXt'), before, 'every other chunk unchanged');
    const firstData = after.findIndex((c) => c.name === 'IDAT');
    assert.deepEqual(after.slice(firstData - 2, firstData).map((c) => c.name), ['iTXt', 'iTXt']);
    assert.equal(PNG.sync.read(Buffer.from(embedded), { checkCRC: true } as never).width, 128);
  });

  it('ignores a text chunk whose CRC is damaged, and leaves a truncated PNG as it came', () => {
    const embedded = embedProvenance(encodePng(createRaster(4, 4)), provenance);
    const damaged = embedded.slice();
    const at = Buffer.from(damaged).indexOf('iTXtpictor', 0, 'latin1');
    damaged[at + 6] ^= 0xff;
    assert.equal(readProvenance(damaged).record, undefined);
    const truncated = embedded.subarray(0, embedded.length - 20);
    assert.throws(() => embedProvenance(truncated, provenance));
  });

  it('reads nothing from an image without provenance', () => {
    assert.deepEqual(readProvenance(encodePng(createRaster(4, 4))), {});
  });
});

describe('decoding', () => {
  const fixture = (name: string) => new Uint8Array(fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'codecs', name)));
  /** The fixtures' source: 64×48 in four quadrants (see test/fixtures/codecs/README.md). */
  const QUADRANTS: Array<[number, number, [number, number, number]]> = [
    [8, 8, [230, 30, 30]],
    [56, 8, [30, 200, 60]],
    [8, 40, [40, 60, 220]],
    [56, 40, [250, 250, 250]],
  ];
  const near = (raster: Raster, x: number, y: number, rgb: [number, number, number], tolerance: number) => {
    const [r, g, b] = pixel(raster, x, y);
    assert.ok(Math.abs(r - rgb[0]) <= tolerance && Math.abs(g - rgb[1]) <= tolerance && Math.abs(b - rgb[2]) <= tolerance, `(${x}, ${y}) is ${[r, g, b]}, expected ≈ ${rgb}`);
  };

  it('decodes a lossless WebP exactly, alpha included', async () => {
    const raster = await decodeImage(fixture('quadrants.webp'), 'quadrants.webp');
    assert.deepEqual([raster.width, raster.height], [64, 48]);
    for (const [x, y, rgb] of QUADRANTS) near(raster, x, y, rgb, 0);
    assert.equal(raster.data[(8 * 64 + 8) * 4 + 3], 255, 'opaque quadrant');
    assert.equal(raster.data[(40 * 64 + 56) * 4 + 3], 128, 'half-transparent quadrant');
  });

  it('decodes a lossy WebP, and the solid WebP the fake server sends', async () => {
    const lossy = await decodeImage(fixture('quadrants-lossy.webp'));
    assert.deepEqual([lossy.width, lossy.height], [64, 48]);
    for (const [x, y, rgb] of QUADRANTS) near(lossy, x, y, rgb, 12);
    const solid = await decodeImage(new Uint8Array(encodeSolidWebp(40, 30, { r: 10, g: 20, b: 30 })));
    assert.deepEqual([solid.width, solid.height, ...pixel(solid, 20, 15)], [40, 30, 10, 20, 30, 255]);
  });

  it('decodes a HEIC (HEVC in HEIF) to its primary image', async () => {
    const raster = await decodeImage(fixture('quadrants.heic'), 'quadrants.heic');
    assert.deepEqual([raster.width, raster.height], [64, 48]);
    // Lossy, and chroma is subsampled: colours within a few levels away from the quadrant edges.
    for (const [x, y, rgb] of QUADRANTS) near(raster, x, y, rgb, 12);
    assert.equal(raster.data[3], 255);
  });

  it('refuses bytes that are no image, and a damaged WebP or HEIC, with badInput', async () => {
    await assert.rejects(decodeImage(new TextEncoder().encode('hello')), { code: 'badInput' });
    const webp = fixture('quadrants-lossy.webp');
    await assert.rejects(decodeImage(webp.subarray(0, 40), 'cut.webp'), { code: 'badInput', message: /cut\.webp is damaged/ });
    const heic = fixture('quadrants.heic');
    await assert.rejects(decodeImage(heic.subarray(0, heic.length - 200), 'cut.heic'), { code: 'badInput', message: /cut\.heic is damaged/ });
  });
});
