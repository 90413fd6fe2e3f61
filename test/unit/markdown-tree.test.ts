import * as assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { markdownTree, type MdElement, type MdNode } from '../../webview/chat/markdown-tree';

/** Parses in a worker, so input that makes the parser loop fails the test instead of hanging the run. */
function treesWithin(ms: number, inputs: string[]): Promise<MdNode[][]> {
  const code = `const { parentPort, workerData } = require('node:worker_threads');
    const { markdownTree } = require(workerData.module);
    parentPort.postMessage(workerData.inputs.map((text) => markdownTree(text)));`;
  const worker = new Worker(code, { eval: true, workerData: { module: require.resolve('../../webview/chat/markdown-tree'), inputs } });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`the parser did not finish within ${ms} ms`));
    }, ms);
    worker.once('message', (trees: MdNode[][]) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(trees);
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

const elements = (nodes: readonly MdNode[]): MdElement[] =>
  nodes.flatMap((n) => (typeof n === 'string' ? [] : [n, ...elements(n.children)]));
const tags = (nodes: readonly MdNode[]) => elements(nodes).map((e) => e.tag);
const textOf = (nodes: readonly MdNode[]): string => nodes.map((n) => (typeof n === 'string' ? n : textOf(n.children))).join('');

describe('markdown tree (chat answers)', function () {
  this.timeout(15_000);

  it('terminates on input the hand-written parser looped on', async () => {
    const inputs = ['    # install', '# Title\u2028more', '#', '   #', '# \u2028', '\u2028\u2028x', '- \n-', '```', '> ', '1.', '|a|\n|-|'];
    const trees = await treesWithin(10_000, inputs);
    assert.deepEqual(trees[0], [{ tag: 'pre', children: [{ tag: 'code', children: ['# install'] }] }]);
    assert.match(textOf(trees[1]), /Title[\s\S]*more/);
  });

  it('falls back to plain text when the parser gives up', () => {
    const deep = `${'>'.repeat(20_000)} deep`;
    const tree = markdownTree(deep);
    assert.deepEqual(tags(tree), ['p']);
    assert.equal(textOf(tree), deep);
  });

  it('keeps underscores inside words', () => {
    const tree = markdownTree('set my_snake_case_var and a_b_c but _this_ is emphasis');
    assert.deepEqual(tags(tree), ['p', 'em']);
    assert.equal(textOf(tree), 'set my_snake_case_var and a_b_c but this is emphasis');
  });

  it('renders blockquotes, nested lists, code and headings', () => {
    const tree = markdownTree(
      '## Plan\n\n> quoted **bold**\n> next\n\n3. three\n4. four\n   - inner `a<b>&amp;`\n\n```sh\nnpm i\n```\n\n---',
    );
    assert.deepEqual(tags(tree), ['p', 'blockquote', 'p', 'strong', 'br', 'ol', 'li', 'li', 'ul', 'li', 'code', 'pre', 'code', 'hr']);
    const [heading, quote, list] = tree as MdElement[];
    assert.deepEqual(heading, { tag: 'p', attrs: { class: 'md-heading md-h2', role: 'heading', 'aria-level': '4' }, children: ['Plan'] });
    assert.equal(textOf(quote.children), 'quoted boldnext');
    assert.deepEqual(list.attrs, { start: '3' });
    assert.equal(textOf(elements(tree).filter((e) => e.tag === 'code').slice(0, 1)), 'a<b>&amp;', 'code spans stay literal');
  });

  it('shows raw HTML as text, never as elements', () => {
    const tree = markdownTree('<script>alert(1)</script>\n\nhi <img src=x onerror=alert(1)> <b>there</b>');
    assert.deepEqual(tags(tree), ['p', 'p']);
    assert.equal(textOf([tree[0]]), '<script>alert(1)</script>');
    assert.equal(textOf([tree[1]]), 'hi <img src=x onerror=alert(1)> <b>there</b>');
  });

  it('links web URLs only', () => {
    const tree = markdownTree('[bad](javascript:alert(1)) [Bad](JAVASCRIPT:x) <vbscript:y> [data](data:text/html,hi) ![i](javascript:z) [ok](https://example.com/a?b=c)');
    const links = elements(tree).filter((e) => e.tag === 'a');
    assert.deepEqual(links, [{ tag: 'a', attrs: { href: 'https://example.com/a?b=c' }, children: ['ok'] }]);
    assert.match(textOf(tree), /^bad Bad .*data i ok$/);
  });

  it('resolves character references in text and keeps escapes', () => {
    assert.equal(textOf(markdownTree('Q&amp;A &lt;tag&gt; &#169; &#x1F600; &copy; &constructor; \\*not em\\*')), 'Q&A <tag> © 😀 &copy; &constructor; *not em*');
  });

  it('renders tables, task lists and line breaks', () => {
    const tree = markdownTree('| a | b |\n|:-:|--:|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\nline one\nline two');
    assert.deepEqual(tags(tree), ['table', 'thead', 'tr', 'th', 'th', 'tbody', 'tr', 'td', 'td', 'ul', 'li', 'li', 'p', 'br']);
    assert.deepEqual(elements(tree).find((e) => e.tag === 'th')?.attrs, { class: 'md-align-center' });
    assert.equal(textOf(elements(tree).filter((e) => e.tag === 'ul')), '☑ done☐ todo');
  });
});
