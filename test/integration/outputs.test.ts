import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import * as icoEndec from 'ico-endec';
import { GifWriter } from 'omggif';
import { PNG } from 'pngjs';
import * as vscode from 'vscode';
import { encodePng } from '../../src/core/imaging/codecs';
import { readPngTexts } from '../../src/core/imaging/png-text';
import { repoRoot } from '../runners/paths';
import { defaultScene, renderScene } from '../support/scenes';
import { configure, exists, expectReject, fakeGeminiPerSuite, inWorkspace, listNames, readJson, removeIfExists, type CommandResult } from './support';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const IPTC_GENERATED = 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia';

interface IconSetResult {
  files: Array<{ uri: vscode.Uri; size: number }>;
  ico?: vscode.Uri;
  manifest?: vscode.Uri;
}

/** A fresh folder holding a 128² red disk with an anti-aliased edge on white (no sidecar: a user's own image). */
async function logoIn(folder: string, backdrop: [number, number, number] = [255, 255, 255]): Promise<vscode.Uri> {
  await removeIfExists(inWorkspace('outputs', folder));
  const uri = inWorkspace('outputs', folder, 'logo.png');
  const scene = { ...defaultScene(128), shadow: undefined };
  await vscode.workspace.fs.writeFile(uri, encodePng(renderScene(scene, backdrop)));
  return uri;
}

function animatedGif(): Uint8Array {
  const buffer = Buffer.alloc(4096);
  const writer = new GifWriter(buffer, 4, 4, { loop: 0, palette: [0xff0000, 0x0000ff] });
  writer.addFrame(0, 0, 4, 4, new Array(16).fill(0), { delay: 10 });
  writer.addFrame(0, 0, 4, 4, new Array(16).fill(1), { delay: 10 });
  return buffer.subarray(0, writer.end());
}

const read = async (uri: vscode.Uri) => PNG.sync.read(Buffer.from(await vscode.workspace.fs.readFile(uri)));
const alphaAt = (png: PNG, x: number, y: number) => png.data[(y * png.width + x) * 4 + 3];

describe('local outputs (no API call)', function () {
  this.timeout(60_000);
  const suite = fakeGeminiPerSuite();

  it('pictor.removeBackground writes name.transparent.png beside the source with a real alpha channel and a sidecar', async () => {
    const source = await logoIn('remove');
    const original = await vscode.workspace.fs.readFile(source);
    const result = (await vscode.commands.executeCommand('pictor.removeBackground', source, { color: 'auto', tolerance: 10 })) as CommandResult;
    assert.equal(result.images.length, 1);
    assert.equal(result.images[0]!.uri.toString(), inWorkspace('outputs', 'remove', 'logo.transparent.png').toString());
    assert.equal(result.images[0]!.sidecar.toString(), inWorkspace('outputs', 'remove', 'logo.transparent.png.json').toString());
    const png = await read(result.images[0]!.uri);
    assert.deepEqual([png.width, png.height], [128, 128]);
    assert.equal(alphaAt(png, 0, 0), 0, 'corner transparent');
    assert.equal(alphaAt(png, 64, 56), 255, 'subject opaque');
    assert.deepEqual(await vscode.workspace.fs.readFile(source), original, 'the source is never modified');

    const bytes = await vscode.workspace.fs.readFile(result.images[0]!.uri);
    const sidecar = await readJson(result.images[0]!.sidecar);
    assert.deepEqual(sidecar.parent, { path: 'outputs/remove/logo.png', sha256: sha256(original) });
    assert.equal(sidecar.postprocess[0].op, 'colorKey');
    assert.equal(sidecar.postprocess[0].color, '#ffffff');
    assert.equal(sidecar.image.sha256, sha256(bytes), 'hash of the final bytes on disk');
    assert.equal(sidecar.estimatedCostUsd, 0);
    assert.equal(suite.fake.requests.length, 0, 'no request was made');

    const texts = readPngTexts(bytes);
    const record = JSON.parse(texts.pictor!);
    assert.equal(record.image.file, 'outputs/remove/logo.transparent.png');
    assert.equal(record.image.sha256, undefined, 'the embedded record cannot hold its own hash');
    assert.ok(texts['XML:com.adobe.xmp']!.includes('<x:xmpmeta'));

    const again = (await vscode.commands.executeCommand('pictor.removeBackground', source, {})) as CommandResult;
    assert.match(again.images[0]!.uri.path, /\/logo\.transparent-2\.png$/, 'never overwrites');
  });

  it('pictor.resizeImage writes name.WxH.png at exactly the size asked, for each fit', async () => {
    const source = await logoIn('resize');
    for (const [fit, width, height] of [['contain', 64, 32], ['cover', 40, 90], ['fill', 17, 23]] as const) {
      const result = (await vscode.commands.executeCommand('pictor.resizeImage', source, { width, height, fit })) as CommandResult;
      assert.equal(result.images[0]!.uri.toString(), inWorkspace('outputs', 'resize', `logo.${width}x${height}.png`).toString());
      const png = await read(result.images[0]!.uri);
      assert.deepEqual([png.width, png.height], [width, height], fit);
      const sidecar = await readJson(result.images[0]!.sidecar);
      assert.deepEqual(sidecar.postprocess, [{ op: 'resize', width, height, fit }]);
      assert.equal(sidecar.parent.path, 'outputs/resize/logo.png');
    }
    const contained = await read(inWorkspace('outputs', 'resize', 'logo.64x32.png'));
    assert.equal(alphaAt(contained, 2, 16), 0, 'contain leaves transparent margins');
  });

  it('pictor.exportIconSet writes every default size, favicon.ico with 16/32/48 PNG entries and site.webmanifest', async () => {
    const source = await logoIn('icons');
    const result = (await vscode.commands.executeCommand('pictor.exportIconSet', source, {})) as IconSetResult;
    const folder = inWorkspace('outputs', 'icons', 'logo-icons');
    const defaults = [16, 32, 48, 64, 128, 180, 192, 256, 512, 1024];
    assert.deepEqual(result.files.map((f) => f.size), [...defaults, 180]);
    for (const file of result.files) {
      const png = await read(file.uri);
      assert.deepEqual([png.width, png.height], [file.size, file.size], file.uri.path);
      const sidecar = await readJson(vscode.Uri.joinPath(file.uri, '..', `${file.uri.path.split('/').pop()}.json`));
      assert.equal(sidecar.parent.path, 'outputs/icons/logo.png');
      assert.ok(readPngTexts(await vscode.workspace.fs.readFile(file.uri)).pictor, 'provenance embedded');
    }
    assert.equal(result.ico?.toString(), vscode.Uri.joinPath(folder, 'favicon.ico').toString());
    const entries = icoEndec.decode(Buffer.from(await vscode.workspace.fs.readFile(result.ico!)));
    assert.deepEqual(entries.map((e) => [e.width, e.imageType]), [[16, 'png'], [32, 'png'], [48, 'png']]);
    for (const entry of entries) assert.equal(PNG.sync.read(entry.imageData).width, entry.width);
    assert.equal(result.manifest?.toString(), vscode.Uri.joinPath(folder, 'site.webmanifest').toString());
    const manifest = await readJson(result.manifest!);
    assert.deepEqual(manifest.icons.map((i: { sizes: string }) => i.sizes), ['192x192', '256x256', '512x512', '1024x1024']);
    assert.equal(manifest.icons[0].src, 'icon-192x192.png');
    const names = await listNames(folder);
    assert.ok(!names.includes('favicon.ico.json') && !names.includes('site.webmanifest.json'), 'no sidecar for favicon.ico or site.webmanifest');
    assert.ok(names.includes('apple-touch-icon.png'));

    const narrow = (await vscode.commands.executeCommand('pictor.exportIconSet', source, { sizes: [20], ico: false, appleTouch: false, webmanifest: false, outputFolder: 'outputs/icons/custom' })) as IconSetResult;
    assert.deepEqual(await listNames(inWorkspace('outputs', 'icons', 'custom')), ['icon-20x20.png', 'icon-20x20.png.json']);
    assert.equal(narrow.ico, undefined);
    assert.equal(narrow.manifest, undefined);
  });

  it('centres a non-square source on a transparent square instead of stretching it', async () => {
    await removeIfExists(inWorkspace('outputs', 'wide'));
    const uri = inWorkspace('outputs', 'wide', 'banner.png');
    const wide = new PNG({ width: 200, height: 100 });
    wide.data.fill(255);
    await vscode.workspace.fs.writeFile(uri, PNG.sync.write(wide));
    const result = (await vscode.commands.executeCommand('pictor.exportIconSet', uri, { sizes: [64], ico: false, appleTouch: false, webmanifest: false })) as IconSetResult;
    const png = await read(result.files[0]!.uri);
    assert.equal(alphaAt(png, 32, 4), 0, 'transparent above');
    assert.equal(alphaAt(png, 32, 32), 255);
  });

  it('processes WebP and HEIC sources (decoded by their bytes), writing PNGs beside them', async () => {
    await removeIfExists(inWorkspace('outputs', 'formats'));
    const fixture = (name: string) => vscode.workspace.fs.readFile(vscode.Uri.file(path.join(repoRoot, 'test', 'fixtures', 'codecs', name)));
    const webp = inWorkspace('outputs', 'formats', 'quadrants.webp');
    // A HEIC named .jpg: the bytes, not the name, say what it is.
    const heic = inWorkspace('outputs', 'formats', 'photo.jpg');
    await vscode.workspace.fs.writeFile(webp, await fixture('quadrants.webp'));
    await vscode.workspace.fs.writeFile(heic, await fixture('quadrants.heic'));

    const keyed = (await vscode.commands.executeCommand('pictor.removeBackground', webp, { color: '#fafafa', tolerance: 5 })) as CommandResult;
    const transparent = await read(keyed.images[0]!.uri);
    assert.deepEqual([transparent.width, transparent.height], [64, 48]);
    assert.equal(alphaAt(transparent, 56, 40), 0, 'the light quadrant is keyed out');
    assert.equal(alphaAt(transparent, 8, 8), 255, 'the red quadrant stays');
    const keyedSidecar = await readJson(keyed.images[0]!.sidecar);
    assert.equal(keyedSidecar.parent.path, 'outputs/formats/quadrants.webp');

    const resized = (await vscode.commands.executeCommand('pictor.resizeImage', heic, { width: 32, height: 24, fit: 'fill' })) as CommandResult;
    assert.match(resized.images[0]!.uri.path, /\/photo\.32x24\.png$/);
    const small = await read(resized.images[0]!.uri);
    assert.deepEqual([small.width, small.height], [32, 24]);
    const [r, g, b] = small.data.subarray((4 * 32 + 4) * 4, (4 * 32 + 4) * 4 + 3);
    assert.ok(r! > 200 && g! < 60 && b! < 60, `the red quadrant of the HEIC: ${[r, g, b]}`);
    assert.equal((await readJson(resized.images[0]!.sidecar)).parent.sha256, sha256(await fixture('quadrants.heic')));

    const icons = (await vscode.commands.executeCommand('pictor.exportIconSet', heic, { sizes: [16, 32], ico: false, appleTouch: false, webmanifest: false })) as IconSetResult;
    assert.deepEqual(await Promise.all(icons.files.map(async (f) => (await read(f.uri)).width)), [16, 32]);
  });

  describe('bad input is refused with badInput before anything is written', () => {
    const commands: Array<[string, Record<string, unknown>]> = [
      ['pictor.removeBackground', {}],
      ['pictor.resizeImage', { width: 10, height: 10 }],
      ['pictor.exportIconSet', {}],
    ];
    before(async () => {
      await removeIfExists(inWorkspace('outputs', 'bad'));
      await vscode.workspace.fs.writeFile(inWorkspace('outputs', 'bad', 'notes.png'), new TextEncoder().encode('not an image at all'));
      await vscode.workspace.fs.writeFile(inWorkspace('outputs', 'bad', 'spinner.gif'), animatedGif());
      await vscode.workspace.fs.createDirectory(inWorkspace('outputs', 'bad', 'folder.png'));
    });

    for (const [command, options] of commands) {
      it(`${command}: not an image, a folder, outside the workspace, an animated GIF`, async () => {
        const cases: Array<[unknown, RegExp]> = [
          [inWorkspace('outputs', 'bad', 'notes.png'), /not an image|cannot read/i],
          [inWorkspace('outputs', 'bad', 'folder.png'), /folder/i],
          [vscode.Uri.file('/tmp/pictor-outside.png'), /outside the workspace/i],
          ['../outside.png', /outside the workspace/i],
          [inWorkspace('outputs', 'bad', 'spinner.gif'), /animated GIF/i],
        ];
        for (const [target, message] of cases) {
          const error = await expectReject(command, target, options);
          assert.equal(error.code, 'badInput', `${String(target)}: ${error.message}`);
          assert.match(error.message, message);
        }
        assert.deepEqual(await listNames(inWorkspace('outputs', 'bad')), ['folder.png', 'notes.png', 'spinner.gif'], 'nothing written');
      });
    }

    it('refuses invalid options by name', async () => {
      const source = await logoIn('options');
      const checks: Array<[string, Record<string, unknown>, RegExp]> = [
        ['pictor.removeBackground', { tolerance: 150 }, /tolerance/],
        ['pictor.removeBackground', { color: 'green' }, /color/],
        ['pictor.removeBackground', { colour: '#00ff00' }, /colour/],
        ['pictor.resizeImage', { width: 0, height: 10 }, /width/],
        ['pictor.resizeImage', { width: 10, height: 10, fit: 'stretch' }, /fit/],
        ['pictor.exportIconSet', { sizes: [16, 5000] }, /sizes/],
        ['pictor.exportIconSet', { outputFolder: '../elsewhere' }, /outside the workspace/],
      ];
      for (const [command, options, message] of checks) {
        const error = await expectReject(command, source, options);
        assert.equal(error.code, 'badInput', `${command} ${JSON.stringify(options)}`);
        assert.match(error.message, message);
      }
      assert.deepEqual(await listNames(inWorkspace('outputs', 'options')), ['logo.png']);
    });
  });
});

describe('provenance inside generated files', function () {
  this.timeout(60_000);
  const suite = fakeGeminiPerSuite();
  afterEach(() => configure({ embedProvenance: undefined }));

  it('a generated PNG carries the record and the IPTC marker; Show Prompt and Regenerate work without the sidecar', async () => {
    await removeIfExists(inWorkspace('outputs', 'embedded'));
    const result = (await vscode.commands.executeCommand('pictor.generate', { prompt: 'a paper crane', outputFolder: 'outputs/embedded' })) as CommandResult;
    const uri = result.images[0]!.uri;
    const bytes = await vscode.workspace.fs.readFile(uri);
    const onDisk = await readJson(result.images[0]!.sidecar);
    assert.equal(onDisk.image.sha256, sha256(bytes));
    const texts = readPngTexts(bytes);
    assert.equal(JSON.parse(texts.pictor!).prompt, 'a paper crane');
    assert.ok(texts['XML:com.adobe.xmp']!.includes(`Iptc4xmpExt:DigitalSourceType="${IPTC_GENERATED}"`));
    assert.ok(texts['XML:com.adobe.xmp']!.includes('a paper crane</rdf:li>'));

    const fromFile = (await vscode.commands.executeCommand('pictor.showPrompt', uri, {})) as { prompt: string };
    assert.deepEqual(fromFile, onDisk, 'scripted Show Prompt resolves with the sidecar object');

    await vscode.workspace.fs.delete(result.images[0]!.sidecar);
    const embedded = (await vscode.commands.executeCommand('pictor.showPrompt', uri, {})) as typeof onDisk;
    assert.deepEqual(embedded, onDisk, 'the embedded copy, completed with the hash of the file, equals the lost sidecar');

    const regenerated = (await vscode.commands.executeCommand('pictor.regenerateFromSidecar', uri, {})) as CommandResult;
    assert.equal(regenerated.images.length, 1);
    const request = suite.fake.requests.filter((r) => r.action === 'generateContent').pop();
    assert.equal(request?.body.contents[0].parts[0].text, onDisk.effectivePrompt);
  });

  it('Show Prompt without sidecar or embedded record is badInput', async () => {
    const source = await logoIn('plain');
    const error = await expectReject('pictor.showPrompt', source, {});
    assert.equal(error.code, 'badInput');
  });

  it('pictor.embedProvenance = false writes the pixels only', async () => {
    await configure({ embedProvenance: false });
    await removeIfExists(inWorkspace('outputs', 'plain-gen'));
    const result = (await vscode.commands.executeCommand('pictor.generate', { prompt: 'a paper boat', outputFolder: 'outputs/plain-gen' })) as CommandResult;
    assert.deepEqual(readPngTexts(await vscode.workspace.fs.readFile(result.images[0]!.uri)), {});
    assert.ok(await exists(result.images[0]!.sidecar));
  });
});

describe('pictor.generate with background: transparent and an exact size', function () {
  this.timeout(90_000);
  const suite = fakeGeminiPerSuite();
  afterEach(() => configure({ 'transparency.keepSources': undefined }));

  it('generates on white, edits the background to black, difference-mattes them: the transparent PNG is the only result', async () => {
    await removeIfExists(inWorkspace('outputs', 'transparent'));
    const result = (await vscode.commands.executeCommand('pictor.generate', { prompt: 'a round orange logo', background: 'transparent', outputFolder: 'outputs/transparent' })) as CommandResult;
    assert.equal(result.images.length, 1);
    assert.equal(result.images[0]!.uri.toString(), inWorkspace('outputs', 'transparent', 'a-round-orange-logo.png').toString());
    assert.deepEqual(await listNames(inWorkspace('outputs', 'transparent')), [
      'a-round-orange-logo.black.png',
      'a-round-orange-logo.black.png.json',
      'a-round-orange-logo.png',
      'a-round-orange-logo.png.json',
      'a-round-orange-logo.white.png',
      'a-round-orange-logo.white.png.json',
    ]);

    const png = await read(result.images[0]!.uri);
    assert.equal(alphaAt(png, 0, 0), 0, 'corner transparent');
    assert.equal(alphaAt(png, Math.round(png.width / 2), Math.round(png.height * 0.45)), 255, 'subject opaque');
    const shadow = alphaAt(png, Math.round(png.width / 2) + Math.round(Math.min(png.width, png.height) * 0.3), Math.round(png.height * 0.82))! / 255;
    assert.ok(Math.abs(shadow - 0.5) <= 0.03, `shadow alpha ${shadow}`);

    const requests = suite.fake.requests.filter((r) => r.action === 'generateContent');
    assert.equal(requests.length, 2, 'two requests: white, then the black edit');
    assert.match(requests[0]!.body.contents[0].parts[0].text, /pure white background/);
    const editParts = requests[1]!.body.contents[0].parts;
    assert.match(editParts.find((p: { text?: string }) => p.text).text, /background to pure solid black/);
    const whiteBytes = await vscode.workspace.fs.readFile(inWorkspace('outputs', 'transparent', 'a-round-orange-logo.white.png'));
    const sent = editParts.find((p: { inlineData?: unknown }) => p.inlineData).inlineData.data;
    assert.ok(Buffer.from(sent, 'base64').equals(Buffer.from(whiteBytes)), 'the edit is of the saved white image');

    const sidecar = await readJson(result.images[0]!.sidecar);
    const white = await readJson(inWorkspace('outputs', 'transparent', 'a-round-orange-logo.white.png.json'));
    const black = await readJson(inWorkspace('outputs', 'transparent', 'a-round-orange-logo.black.png.json'));
    assert.deepEqual(sidecar.inputs.map((i: { path: string }) => i.path), ['outputs/transparent/a-round-orange-logo.white.png', 'outputs/transparent/a-round-orange-logo.black.png']);
    assert.equal(sidecar.postprocess[0].op, 'differenceMatte');
    assert.equal(sidecar.prompt, 'a round orange logo');
    assert.ok(Math.abs(sidecar.estimatedCostUsd - (white.estimatedCostUsd + black.estimatedCostUsd)) < 1e-6, 'both calls are counted');
    assert.equal(black.parent.path, 'outputs/transparent/a-round-orange-logo.white.png');

    // Regenerate makes a new transparent image the same way, not an edit of the old white and black ones.
    const again = (await vscode.commands.executeCommand('pictor.regenerateFromSidecar', result.images[0]!.uri, {})) as CommandResult;
    assert.equal(again.images.length, 1);
    const more = suite.fake.requests.filter((r) => r.action === 'generateContent').slice(2);
    assert.equal(more.length, 2);
    assert.ok(!more[0]!.body.contents[0].parts.some((p: { inlineData?: unknown }) => p.inlineData), 'the white request sends no image');
    const redone = await readJson(again.images[0]!.sidecar);
    assert.equal(redone.postprocess[0].op, 'differenceMatte');
    assert.equal(alphaAt(await read(again.images[0]!.uri), 0, 0), 0);
  });

  it('falls back to a colour key on the white image when the black version moved the subject, and says so in the sidecar', async () => {
    await removeIfExists(inWorkspace('outputs', 'moved'));
    suite.fake.enqueue({ kind: 'image' });
    suite.fake.enqueue({ kind: 'image', images: [{ subjectOffset: 200 }] });
    const result = (await vscode.commands.executeCommand('pictor.generate', { prompt: 'a round logo', background: 'transparent', outputFolder: 'outputs/moved' })) as CommandResult;
    const sidecar = await readJson(result.images[0]!.sidecar);
    assert.equal(sidecar.postprocess[0].op, 'colorKey');
    assert.equal(sidecar.postprocess[0].reason, 'misaligned');
    const png = await read(result.images[0]!.uri);
    assert.equal(alphaAt(png, 0, 0), 0);
  });

  it('discards the white and black versions when pictor.transparency.keepSources is off', async () => {
    await configure({ 'transparency.keepSources': false });
    await removeIfExists(inWorkspace('outputs', 'discard'));
    const result = (await vscode.commands.executeCommand('pictor.generate', { prompt: 'a sticker', background: 'transparent', outputFolder: 'outputs/discard' })) as CommandResult;
    assert.deepEqual(await listNames(inWorkspace('outputs', 'discard')), ['a-sticker.png', 'a-sticker.png.json']);
    const sidecar = await readJson(result.images[0]!.sidecar);
    assert.equal(sidecar.inputs.length, 2, 'the inputs are still recorded, with their hashes');
  });

  it('size: requests the nearest aspect ratio, then scales and crops to exactly that size', async () => {
    await removeIfExists(inWorkspace('outputs', 'sized'));
    const result = (await vscode.commands.executeCommand('pictor.generate', { prompt: 'a banner', size: { width: 1200, height: 630 }, outputFolder: 'outputs/sized' })) as CommandResult;
    assert.equal(result.images.length, 1);
    const png = await read(result.images[0]!.uri);
    assert.deepEqual([png.width, png.height], [1200, 630]);
    const request = suite.fake.requests.find((r) => r.action === 'generateContent');
    assert.equal(request?.body.generationConfig.imageConfig.aspectRatio, '16:9');
    const sidecar = await readJson(result.images[0]!.sidecar);
    assert.deepEqual(sidecar.postprocess, [{ op: 'resize', width: 1200, height: 630, fit: 'cover', during: 'generation' }]);
    assert.deepEqual(await listNames(inWorkspace('outputs', 'sized')), ['a-banner.png', 'a-banner.png.json']);
    const bytes = await vscode.workspace.fs.readFile(result.images[0]!.uri);
    assert.equal(sidecar.image.sha256, sha256(bytes));
  });

  it('refuses a bad size or background before any request', async () => {
    for (const args of [{ size: { width: 0, height: 10 } }, { size: { width: 10 } }, { background: 'clear' }]) {
      const error = await expectReject('pictor.generate', { prompt: 'x', ...args });
      assert.equal(error.code, 'badInput', JSON.stringify(args));
    }
    assert.equal(suite.fake.requests.length, 0);
  });
});
