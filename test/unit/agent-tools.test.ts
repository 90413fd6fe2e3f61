import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assetListText, describeRun, escapeMarkdown, formatEstimateUsd, iconSetText, savedImagesText, toolErrorMessage } from '../../src/core/agent-text';
import {
  AGENT_TOOLS,
  GENERATE_TOOL_FIELDS,
  TOOL_REFERENCE_NAMES,
  editToolInput,
  exportIconSetToolInput,
  generateToolInput,
  parseToolInput,
  removeBackgroundToolInput,
  splitImage,
} from '../../src/core/agent-tools';
import { PictorError } from '../../src/core/errors';
import { estimateCost } from '../../src/core/estimate';
import { galleryQuerySchema } from '../../src/core/gallery';
import { ASPECT_RATIOS, DEFAULT_MODEL, IMAGE_SIZES, modelInfo } from '../../src/core/models';
import { repoRoot } from '../runners/paths';

interface ToolContribution {
  name: string;
  toolReferenceName: string;
  canBeReferencedInPrompt: boolean;
  when: string;
  modelDescription: string;
  inputSchema: { type: string; required?: string[]; additionalProperties: boolean; properties: Record<string, { enum?: string[] }> };
}

const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const contributed: ToolContribution[] = pkg.contributes.languageModelTools;
const tool = (name: string) => contributed.find((t) => t.name === name)!;

describe('agent tools: package.json contributions', () => {
  it('contributes every tool, referenceable by its public #name, whenever a folder is open', () => {
    assert.deepEqual(contributed.map((t) => t.name).sort(), Object.values(AGENT_TOOLS).sort());
    for (const [key, name] of Object.entries(AGENT_TOOLS)) {
      const t = tool(name);
      assert.equal(t.toolReferenceName, TOOL_REFERENCE_NAMES[key as keyof typeof AGENT_TOOLS]);
      assert.equal(t.canBeReferencedInPrompt, true);
      assert.equal(t.when, 'workspaceFolderCount > 0');
      assert.ok(t.modelDescription.length > 80, `${name} tells the model when to use it`);
      assert.equal(t.inputSchema.additionalProperties, false);
    }
    assert.equal(TOOL_REFERENCE_NAMES.generate, 'pictorImage');
    assert.equal(TOOL_REFERENCE_NAMES.edit, 'pictorEditImage');
    assert.equal(TOOL_REFERENCE_NAMES.findAssets, 'pictorAssets');
  });

  it('the generate schema mirrors pictor.generate: the same fields, prompt required, enums from the catalog', () => {
    const schema = tool(AGENT_TOOLS.generate).inputSchema;
    assert.deepEqual(Object.keys(schema.properties).sort(), [...GENERATE_TOOL_FIELDS].sort());
    assert.deepEqual(schema.required, ['prompt']);
    assert.deepEqual(schema.properties.aspectRatio!.enum, [...ASPECT_RATIOS]);
    assert.deepEqual(schema.properties.imageSize!.enum, [...IMAGE_SIZES]);
    assert.deepEqual(Object.keys(schema.properties).sort(), Object.keys(generateToolInput.shape).sort());
  });

  it('each JSON Schema names exactly the fields its validator accepts', () => {
    const pairs = [
      [AGENT_TOOLS.edit, editToolInput.shape],
      [AGENT_TOOLS.removeBackground, removeBackgroundToolInput.shape],
      [AGENT_TOOLS.exportIconSet, exportIconSetToolInput.shape],
      [AGENT_TOOLS.findAssets, galleryQuerySchema.shape],
    ] as const;
    for (const [name, shape] of pairs) assert.deepEqual(Object.keys(tool(name).inputSchema.properties).sort(), Object.keys(shape).sort(), name);
    assert.deepEqual(tool(AGENT_TOOLS.edit).inputSchema.required, ['image', 'prompt']);
  });

  it('contributes the @pictor participant with its five commands and the MCP server provider', () => {
    const [participant] = pkg.contributes.chatParticipants;
    assert.equal(participant.name, 'pictor');
    assert.deepEqual(participant.commands.map((c: { name: string }) => c.name), ['generate', 'edit', 'icon', 'diagram', 'assets']);
    assert.deepEqual(pkg.contributes.mcpServerDefinitionProviders, [{ id: 'pictor.mcp', label: 'Pictor' }]);
  });
});

describe('agent tools: input validation', () => {
  it('accepts pictor.generate arguments and refuses what the command would, as badInput', () => {
    assert.deepEqual(parseToolInput(generateToolInput, { prompt: 'a fox', count: 2, aspectRatio: '16:9' }, 'pictor_generate_image'), { prompt: 'a fox', count: 2, aspectRatio: '16:9' });
    const refuse = (input: unknown, pattern: RegExp) =>
      assert.throws(() => parseToolInput(generateToolInput, input, 'pictor_generate_image'), (e: PictorError) => e.code === 'badInput' && pattern.test(e.message));
    refuse({ prompt: 'a fox', count: 9 }, /count: must be at most 4/);
    refuse({ count: 1 }, /prompt/);
    refuse({ prompt: 'a fox', confirmCost: false }, /unknown field\(s\) confirmCost/);
    refuse('a fox', /expected object/);
  });

  it('splits the image from a processing command’s options', () => {
    const parsed = parseToolInput(removeBackgroundToolInput, { image: 'a.png', color: '#ffffff' }, 'pictor_remove_background');
    assert.deepEqual(splitImage(parsed), { image: 'a.png', options: { color: '#ffffff' } });
    assert.throws(() => parseToolInput(exportIconSetToolInput, { image: 'a.png', sizes: [] }, 'pictor_export_icon_set'), /badInput|sizes/);
  });
});

describe('agent tools: texts', () => {
  it('formats an estimate like $0.034', () => {
    assert.equal(formatEstimateUsd(0.0336), '$0.034');
    assert.equal(formatEstimateUsd(0.134), '$0.134');
    assert.equal(formatEstimateUsd(1.2), '$1.20');
    assert.equal(formatEstimateUsd(0.0001), '<$0.001');
    assert.equal(formatEstimateUsd(0), '$0.000');
    assert.equal(formatEstimateUsd(null), 'unknown');
  });

  it('describes a paid run with the model, the prompt and the estimate from the one estimator', () => {
    const estimate = estimateCost({ model: DEFAULT_MODEL, imageSize: '1K', count: 1, prompt: 'a red fox' });
    const { invocationMessage, confirmation } = describeRun({ action: 'generate', modelLabel: modelInfo(DEFAULT_MODEL).label, modelId: DEFAULT_MODEL, prompt: 'a red fox', estimate });
    const cost = formatEstimateUsd(estimate.usd);
    assert.match(cost, /^\$0\.0\d\d$/);
    assert.equal(confirmation.title, `Generate 1 image with ${modelInfo(DEFAULT_MODEL).label} for about ${cost}?`);
    assert.ok(confirmation.message.includes(`**Model:** ${escapeMarkdown(`${modelInfo(DEFAULT_MODEL).label} (${DEFAULT_MODEL})`)}`), confirmation.message);
    assert.ok(confirmation.message.includes('**Prompt:** a red fox'));
    assert.ok(confirmation.message.includes(`**Estimated cost:** ${cost} (1 image, 1 call`));
    assert.equal(invocationMessage, `Generating with ${modelInfo(DEFAULT_MODEL).label} (≈ ${cost})`);
  });

  it('says what is left of the budget, names the edited image, and keeps prompt text inert', () => {
    const { confirmation } = describeRun(
      { action: 'edit', modelLabel: 'Nano Banana Pro', modelId: 'gemini-3-pro-image', prompt: '[click](http://x) <b>bold</b>\n# heading', estimate: { usd: 0.2, images: 2, calls: 2 }, image: 'assets/a.png' },
      1.5,
    );
    assert.equal(confirmation.title, 'Edit assets/a.png with Nano Banana Pro for about $0.200?');
    assert.ok(confirmation.message.includes("**Left of this month's budget:** $1.50"));
    assert.ok(confirmation.message.includes('\\[click\\]\\(http://x\\) \\<b\\>bold\\</b\\> \\# heading'), confirmation.message);
  });

  it('cuts a long prompt in the confirmation', () => {
    const { confirmation } = describeRun({ action: 'generate', modelLabel: 'M', modelId: 'm', prompt: 'word '.repeat(200), estimate: { usd: null, images: 1, calls: 1 } });
    assert.ok(confirmation.message.length < 800);
    assert.ok(confirmation.message.includes('…'));
    assert.ok(confirmation.title.endsWith('for about unknown?'));
  });

  it('returns each saved image with its path, size, sidecar and a Markdown link', () => {
    const text = savedImagesText(
      [
        { path: 'assets/generated/fox.png', sidecar: 'assets/generated/fox.png.json', width: 1024, height: 1024 },
        { path: 'assets/my icons/fox-2.png', sidecar: 'assets/my icons/fox-2.png.json', width: 1024, height: 768 },
      ],
      { prompt: 'A red fox. Flat style.', note: 'Here you go' },
    );
    assert.ok(text.startsWith('Saved 2 images in the workspace:'));
    assert.ok(text.includes('Image: assets/generated/fox.png (1024 × 1024)'));
    assert.ok(text.includes('Sidecar: assets/generated/fox.png.json'));
    assert.ok(text.includes('Markdown: ![A red fox.](assets/generated/fox.png)'));
    assert.ok(text.includes('Markdown: ![A red fox.](<assets/my icons/fox-2.png>)'), 'a path with a space stays one link');
    assert.ok(text.includes('Image: assets/my icons/fox-2.png (1024 × 768)'));
    assert.ok(text.includes('The model also said: Here you go'));
  });

  it('lists assets with their paths, pages and says when nothing matches', () => {
    const item = { path: 'a/fox.png', sidecar: 'a/fox.png.json', prompt: 'A fox\nin snow', model: 'm', width: 512, height: 512, createdAt: '2026-11-30T10:00:00Z' };
    assert.equal(assetListText({ total: 1, offset: 0, items: [item] }), '1 image match:\n- a/fox.png (512 × 512) — "A fox in snow" (m, 2026-11-30)');
    assert.match(assetListText({ total: 5, offset: 2, items: [item] }), /^5 images match; showing 3–3 \(pass offset to see more\):/);
    assert.match(assetListText({ total: 0, offset: 0, items: [] }), /^No Pictor images match/);
    assert.match(assetListText({ total: 1, offset: 0, items: [{ ...item, path: null }] }), /image missing; sidecar a\/fox\.png\.json/);
  });

  it('lists an icon set and starts an error with its code', () => {
    assert.equal(
      iconSetText({ files: [{ path: 'i/icon-16x16.png', size: 16 }], ico: 'i/favicon.ico', manifest: 'i/site.webmanifest' }),
      'Exported 1 PNG icon:\n- i/icon-16x16.png (16 × 16)\nFavicon: i/favicon.ico\nWeb manifest: i/site.webmanifest',
    );
    assert.equal(toolErrorMessage(new PictorError('badInput', 'count must be at most 4.')), 'badInput: count must be at most 4.');
  });
});
