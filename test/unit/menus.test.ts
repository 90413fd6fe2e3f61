import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { IMAGE_FILE_EXTENSIONS } from '../../src/core/naming';

interface MenuItem {
  command: string;
  when?: string;
}

const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  contributes: { menus: Record<string, MenuItem[]> };
};

/** The `resourceExtname =~ /…/i` test of a `when` clause, as a RegExp. */
function extensionTest(when: string): RegExp {
  const match = /resourceExtname =~ \/(.+?)\/i/.exec(when);
  assert.ok(match, `no resourceExtname test in ${when}`);
  return new RegExp(match[1]!, 'i');
}

describe('explorer menus', () => {
  it('offer Edit Image and Compose Images on every image format Pictor sends (an iPhone .HEIC included)', () => {
    for (const command of ['pictor.editImage', 'pictor.composeImages']) {
      const item = manifest.contributes.menus['explorer/context']!.find((entry) => entry.command === command);
      assert.ok(item?.when, command);
      for (const extension of IMAGE_FILE_EXTENSIONS) {
        assert.ok(extensionTest(item.when).test(`.${extension.toUpperCase()}`), `${command} on .${extension.toUpperCase()}`);
      }
    }
  });
});
