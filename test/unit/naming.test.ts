import * as assert from 'node:assert/strict';
import { baseNameFromFileName, candidateFileNames, extensionForMime, normalizeRelativeFolder, sidecarNameFor, slugify } from '../../src/core/naming';

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
