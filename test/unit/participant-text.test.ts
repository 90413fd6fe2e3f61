import * as assert from 'node:assert/strict';
import { PictorError } from '../../src/core/errors';
import { mcpLaunch, resolvedMcpEnv } from '../../src/core/mcp-launch';
import { asPictorError } from '../../src/tools/failure';
import {
  PARTICIPANT_COMMANDS,
  assetListMarkdown,
  costQuestionMarkdown,
  diagramSourceIn,
  failureMarkdown,
  participantHelp,
  promptWithoutReferences,
  savedImageMarkdown,
} from '../../src/core/participant-text';

describe('@pictor participant texts', () => {
  it('drops the attached #file references from the prompt', () => {
    const prompt = '#file:logo.png make it blue #file:style.png  please';
    assert.equal(promptWithoutReferences(prompt, [[0, 14], [28, 43]]), 'make it blue please');
    assert.equal(promptWithoutReferences('a fox', [undefined]), 'a fox');
  });

  it('helps with every command, and with one', () => {
    const all = participantHelp();
    for (const command of PARTICIPANT_COMMANDS) assert.ok(all.includes(`/${command}`), command);
    assert.match(participantHelp('edit'), /#file/);
  });

  it('shows a saved image with its file URI, path, size and sidecar, prompt text kept inert', () => {
    const md = savedImageMarkdown(
      { path: 'assets/my fox.png', uri: 'file:///ws/assets/my%20fox.png', sidecar: 'assets/my fox.png.json', width: 1024, height: 768 },
      'A [fox](http://x)',
    );
    assert.ok(md.startsWith('![A \\[fox\\]\\(http://x\\)](file:///ws/assets/my%20fox.png)'), md);
    assert.ok(md.includes('`assets/my fox.png` · 1024 × 768 · sidecar `assets/my fox.png.json`'));
  });

  it('asks before a run above the threshold, with both amounts', () => {
    assert.match(costQuestionMarkdown(0.6, 0.5), /about \*\*\$0\.600\*\*.*\(\$0\.500, `pictor\.confirmAboveUsd`\)\. Nothing was sent\./);
  });

  it('explains a failure with its next step and the matching buttons', () => {
    const missing = failureMarkdown({ code: 'missingKey', message: 'Pictor needs a Gemini API key.' });
    assert.match(missing.markdown, /^\*\*Pictor could not do that\*\* \(`missingKey`\): Pictor needs a Gemini API key\\\.\n\nSet your Gemini API key/);
    assert.deepEqual(missing.steps.map((s) => s.command), ['pictor.setApiKey', 'pictor.showLog']);
    const budget = failureMarkdown({ code: 'budget', message: 'Over budget.', setting: 'pictor.budget.monthlyUsd' });
    assert.deepEqual(budget.steps[0], { title: 'Open Settings', command: 'workbench.action.openSettings', arguments: ['pictor.budget.monthlyUsd'] });
    assert.match(budget.markdown, /Raise the monthly budget/);
  });

  it('lists assets as links, and says when none match', () => {
    const md = assetListMarkdown({ total: 2, items: [{ path: 'a/fox (1).png', uri: 'file:///ws/a/fox%20(1).png', prompt: 'A fox', width: 10, height: 20 }] }, 'fox');
    assert.equal(md, '2 images match; the newest 1:\n\n- [a/fox \\(1\\)\\.png](file:///ws/a/fox%20%281%29.png) (10 × 20) — A fox');
    assert.match(assetListMarkdown({ total: 0, items: [] }, 'zebra'), /^No Pictor images match “zebra”/);
  });

  it('finds the diagram block in a Markdown page, or takes a source file whole', () => {
    const page = '# Flow\n\nSome text.\n\n```mermaid\ngraph TD\nA-->B\n```\n\nMore.';
    assert.equal(diagramSourceIn(page), '```mermaid\ngraph TD\nA-->B\n```');
    assert.equal(diagramSourceIn('@startuml\nA -> B\n@enduml'), '@startuml\nA -> B\n@enduml');
  });
});

describe('MCP server launch in VS Code', () => {
  it('runs dist/mcp.js with the editor’s Node.js, rooted at the folder, with no key until resolved', () => {
    const launch = mcpLaunch({ execPath: '/opt/node', script: '/ext/dist/mcp.js', root: '/ws' });
    assert.equal(launch.command, '/opt/node');
    assert.deepEqual(launch.args, ['/ext/dist/mcp.js', '--root', '/ws']);
    assert.deepEqual(launch.env, { ELECTRON_RUN_AS_NODE: '1', GEMINI_API_KEY: null, GOOGLE_API_KEY: null, GOOGLE_GEMINI_BASE_URL: null, PICTOR_BUDGET_MONTHLY_USD: null });
  });

  it('puts the key, the base URL, the budget and the ledger folder into the environment when resolved', () => {
    const base = mcpLaunch({ execPath: 'n', script: 's', root: 'r' }).env;
    assert.deepEqual(resolvedMcpEnv(base, { apiKey: 'k', baseUrl: 'http://127.0.0.1:9', monthlyBudgetUsd: 5, ledgerDir: '/gs' }), {
      ELECTRON_RUN_AS_NODE: '1',
      GEMINI_API_KEY: 'k',
      GOOGLE_API_KEY: null,
      GOOGLE_GEMINI_BASE_URL: 'http://127.0.0.1:9',
      PICTOR_BUDGET_MONTHLY_USD: '5',
      PICTOR_LEDGER_DIR: '/gs',
    });
    assert.equal(resolvedMcpEnv(base, {}).GEMINI_API_KEY, null);
  });
});

describe('agent surfaces: failures from commands', () => {
  it('keeps the code of a Pictor error that is not an instance of this copy of the class', () => {
    const foreign = Object.assign(new Error('Over budget.'), { code: 'budget', setting: 'pictor.budget.monthlyUsd' });
    const failure = asPictorError(foreign);
    assert.ok(failure instanceof PictorError);
    assert.deepEqual([failure.code, failure.message, failure.setting], ['budget', 'Over budget.', 'pictor.budget.monthlyUsd']);
    assert.equal(asPictorError(Object.assign(new Error('x'), { code: 'ENOENT' })).code, 'server');
    const own = new PictorError('badInput', 'no');
    assert.equal(asPictorError(own), own);
  });
});
