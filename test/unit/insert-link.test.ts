import * as assert from 'node:assert/strict';
import { altTextFrom, formatImageLink, linkStyleFor, promptFromSelection, relativeLinkPath } from '../../src/core/insert-link';
import { editFileNames } from '../../src/core/naming';

describe('links at the cursor', () => {
  it('computes relative paths between workspace folders', () => {
    assert.equal(relativeLinkPath('docs/guide', 'docs/img/a.png'), '../img/a.png');
    assert.equal(relativeLinkPath('docs', 'docs/img/a.png'), './img/a.png');
    assert.equal(relativeLinkPath('', 'assets/a.png'), './assets/a.png');
    assert.equal(relativeLinkPath('a/b/c', 'x.png'), '../../../x.png');
  });

  it('formats Markdown and HTML links safely', () => {
    assert.equal(formatImageLink('markdown', './a b.png', 'x [y]'), '![x \\[y\\]](<./a b.png>)');
    assert.equal(formatImageLink('html', './a.png', 'say "hi" <b>'), '<img src="./a.png" alt="say &quot;hi&quot; &lt;b>" />');
    assert.equal(formatImageLink('markdown', '../gen x/a#b?c%d.png', 'x'), '![x](<../gen x/a%23b%3Fc%25d.png>)');
    assert.equal(formatImageLink('html', '../gen x/a#b.png', 'a {b}'), '<img src="../gen%20x/a%23b.png" alt="a &#123;b&#125;" />');
    assert.equal(linkStyleFor('markdown'), 'markdown');
    assert.equal(linkStyleFor('typescriptreact'), 'html');
  });

  it('takes alt text from the first sentence of the prompt', () => {
    assert.equal(altTextFrom('A fox. In the snow.'), 'A fox.');
    assert.equal(altTextFrom('  multi\nline   prompt '), 'multi line prompt');
    assert.equal(altTextFrom('x'.repeat(200)).length, 120);
    assert.equal(altTextFrom(''), 'Generated image');
  });

  it('turns Mermaid and PlantUML selections into diagram prompts', () => {
    const mermaid = promptFromSelection('```mermaid\ngraph TD; A-->B\n```');
    assert.equal(mermaid.diagram, true);
    assert.match(mermaid.prompt, /Mermaid diagram[\s\S]*graph TD; A-->B$/);
    assert.equal(promptFromSelection('@startuml\nAlice -> Bob\n@enduml').diagram, true);
    assert.deepEqual(promptFromSelection(' a paragraph about cats '), { prompt: 'a paragraph about cats', diagram: false });
  });

  it('names edits beside their source', () => {
    const names = editFileNames('photo.png', 'png');
    assert.deepEqual([names.next().value, names.next().value], ['photo.edit-1.png', 'photo.edit-2.png']);
    assert.equal(editFileNames('photo.edit-3.jpg', 'png').next().value, 'photo.edit-1.png');
  });
});
