import * as assert from 'node:assert/strict';
import { cleanTitle } from '../../src/core/conversation';
import { IMAGE_FILE_GLOB, IMAGE_FILE_PATTERN, baseNameFromFileName, candidateFileNames, editFileNames, extensionForMime, isPlainFileName, normalizeRelativeFolder, sidecarNameFor, slugify, unsafeFolderReason } from '../../src/core/naming';

describe('naming', () => {
  it('slugifies a prompt into lowercase ASCII words', () => {
    assert.equal(slugify('A Coffee-Shop LOGO, with beans!'), 'a-coffee-shop-logo-with-beans');
    assert.equal(slugify('Crème brûlée café'), 'creme-brulee-cafe');
  });

  it('keeps slugs within 48 characters, cut at a word boundary', () => {
    const slug = slugify('an isometric illustration of a tiny data center with glowing servers and cables everywhere');
    assert.ok(slug.length <= 48, slug);
    assert.equal(slug, 'an-isometric-illustration-of-a-tiny-data-center');
    assert.equal(slugify('x'.repeat(100)).length, 48);
  });

  it('falls back for prompts without usable characters and avoids reserved Windows names', () => {
    assert.equal(slugify('日本語のみ'), 'image');
    assert.equal(slugify('???'), 'image');
    assert.equal(slugify('CON'), 'con-image');
    assert.equal(slugify('lpt1'), 'lpt1-image');
  });

  it('sanitizes a user file name: no folders, no extension, no illegal characters', () => {
    assert.equal(baseNameFromFileName('../../etc/passwd'), 'passwd');
    assert.equal(baseNameFromFileName('x\uFF0F\uFF0E\uFF0E\uFF0F\uFF0E\uFF0E\uFF0Fpwned'), 'pwned', 'full-width separators are separators');
    assert.equal(baseNameFromFileName('\uFF0E\uFF0E'), 'image');
    assert.equal(baseNameFromFileName('logo.png'), 'logo');
    assert.equal(baseNameFromFileName('C:\\temp\\hero.JPG'), 'hero');
    assert.equal(baseNameFromFileName('a<b>c:d|e?.webp'), 'a-b-c-d-e-');
    assert.equal(baseNameFromFileName('...'), 'image');
    assert.equal(baseNameFromFileName('nul'), 'nul-image');
  });

  it('yields collision candidates name, name-2, name-3', () => {
    const names = candidateFileNames('logo', 'png');
    assert.deepEqual([names.next().value, names.next().value, names.next().value], ['logo.png', 'logo-2.png', 'logo-3.png']);
  });

  it('maps MIME types to extensions and names sidecars after the image', () => {
    assert.equal(extensionForMime('image/jpeg'), 'jpg');
    assert.equal(extensionForMime('image/webp'), 'webp');
    assert.equal(extensionForMime('image/png'), 'png');
    assert.equal(sidecarNameFor('coffee-logo.png'), 'coffee-logo.png.json');
  });

  it('refuses output folders that leave the workspace', () => {
    assert.equal(normalizeRelativeFolder('assets/generated/'), 'assets/generated');
    assert.equal(normalizeRelativeFolder('./a//b'), 'a/b');
    assert.equal(normalizeRelativeFolder('.'), '');
    assert.equal(normalizeRelativeFolder('../outside'), undefined);
    assert.equal(normalizeRelativeFolder('a/../../b'), undefined);
    assert.equal(normalizeRelativeFolder('/etc'), undefined);
    assert.equal(normalizeRelativeFolder('C:\\Windows'), undefined);
    assert.equal(normalizeRelativeFolder('..\\x'), undefined);
  });
});

describe('file names that can always be saved', () => {
  const bytes = (text: string) => new TextEncoder().encode(text).byteLength;
  const graphemes = (text: string) => [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].map((s) => s.segment);

  it('cuts a long fileName at a whole grapheme so even name-9999.webp.json fits in 255 bytes', () => {
    const base = baseNameFromFileName('漢'.repeat(200));
    assert.match(base, /^漢+$/);
    assert.ok(bytes(`${base}.png.json`) <= 255, `${bytes(`${base}.png.json`)} bytes`);
    assert.ok(bytes(`${base}-9999.webp.json`) <= 255);
    const family = '👨‍👩‍👧';
    const emoji = baseNameFromFileName(family.repeat(40));
    assert.ok(graphemes(emoji).every((g) => g === family), 'no emoji cut in half');
    assert.ok(bytes(`${emoji}.png.json`) <= 255);
  });

  it('keeps every candidate and edit name within 255 bytes with its sidecar, whatever the stem', () => {
    const long = 'é'.repeat(300);
    const names = candidateFileNames(long, 'webp');
    for (const name of [names.next().value!, names.next().value!]) assert.ok(bytes(sidecarNameFor(name)) <= 255, name);
    const edits = editFileNames(`${'ß'.repeat(126)}.png`, 'png');
    const first = edits.next().value!;
    assert.match(first, /^ß+\.edit-1\.png$/);
    assert.ok(bytes(sidecarNameFor(first)) <= 255);
    assert.ok(isPlainFileName(first));
  });

  it('never puts a Windows device name before the first dot', () => {
    assert.equal(baseNameFromFileName('con.old'), 'con-image.old');
    assert.equal(baseNameFromFileName('CON.tar.gz'), 'CON-image.tar.gz');
    assert.equal(baseNameFromFileName('aux .txt'), 'aux-image.txt');
    assert.equal(baseNameFromFileName('lpt9. .x'), 'lpt9-image. .x');
    assert.equal(baseNameFromFileName('COM¹'), 'COM1-image', 'NFKC makes the superscript a digit');
    assert.equal(isPlainFileName('COM¹.png'), false);
    assert.equal(baseNameFromFileName('console'), 'console');
    for (const name of ['con.old.png', 'nul.png', 'prn .png', 'com1.edit-1.png']) assert.equal(isPlainFileName(name), false, name);
    assert.equal(editFileNames('aux.png', 'png').next().value, 'aux-image.edit-1.png');
    assert.equal(candidateFileNames('nul', 'png').next().value, 'nul-image.png');
  });

  it('strips bidirectional controls like other control characters', () => {
    for (const control of ['\u202e', '\u202a', '\u202b', '\u202c', '\u202d', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c']) {
      const base = baseNameFromFileName(`invoice${control}gnp.exe`);
      assert.equal(base, 'invoice-gnp.exe', JSON.stringify(control));
      assert.equal(isPlainFileName(`a${control}b.png`), false);
    }
    assert.equal(baseNameFromFileName('tab\there'), 'tab-here');
    for (const invisible of ['\u2028', '\u2029', '\ufeff']) {
      assert.equal(baseNameFromFileName(`line${invisible}break`), 'line-break', JSON.stringify(invisible));
      assert.match(unsafeFolderReason(`out/line${invisible}break`)!, /control or bidirectional character/, JSON.stringify(invisible));
    }
    assert.equal(editFileNames('x\u202egnp.png', 'png').next().value, 'x-gnp.edit-1.png');
    assert.equal(cleanTitle('Logo \u202eredisign\u202c ideas'), 'Logo redisign ideas');
  });
});

describe('output folders that can always be made', () => {
  it('accepts ordinary folders, nested ones and the root', () => {
    for (const folder of ['', 'assets/generated', 'docs/图片', 'a.b/c-d e']) assert.equal(unsafeFolderReason(folder), undefined, folder);
  });

  it('names the part that no file system, or Windows, would make', () => {
    assert.match(unsafeFolderReason(`out/${'a'.repeat(256)}`)!, /longer than 255 bytes/);
    assert.match(unsafeFolderReason('漢'.repeat(86))!, /longer than 255 bytes/, '258 bytes in 86 characters');
    for (const folder of ['out/con', 'NUL.d/x', 'assets/lpt1', 'aux .x']) assert.match(unsafeFolderReason(folder)!, /Windows device name/, folder);
    for (const folder of ['out/x.', 'out/x ', 'trailing./y']) assert.match(unsafeFolderReason(folder)!, /ends in a dot or space/, folder);
    for (const folder of ['a\u0000b', 'a\nb', 'in\u202Eout', 'a:b', 'what?']) assert.match(unsafeFolderReason(folder)!, /control or bidirectional character/, JSON.stringify(folder));
  });
});

describe('image file extensions', () => {
  it('are one list for paths, globs and sidecars, HEIC and HEIF included', () => {
    for (const name of ['a.png', 'b.JPG', 'c.jpeg', 'd.webp', 'e.gif', 'f.HEIC', 'g.heif']) assert.ok(IMAGE_FILE_PATTERN.test(name), name);
    assert.equal(IMAGE_FILE_PATTERN.test('notes.txt'), false);
    assert.match(IMAGE_FILE_GLOB, /\{png,jpg,jpeg,webp,gif,heic,heif,PNG,/);
  });
});
