import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PictorError } from '../../src/core/errors';
import {
  PRESETS,
  PRESET_GROUPS,
  applyPreset,
  canonicalPresetId,
  describePreset,
  findPreset,
  optionLabel,
  optionValue,
  renderPreset,
  resolvePresetFields,
  type PresetDefinition,
} from '../../src/core/presets';
import { parseGenerateArgs } from '../../src/core/spec';
import { parseWorkspacePresets, upsertWorkspacePreset, workspacePresetsJsonSchema } from '../../src/core/workspace-presets';

const root = path.resolve(__dirname, '../../..');

function badInput(fn: () => unknown, pattern: RegExp) {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof PictorError, String(error));
    assert.equal(error.code, 'badInput');
    assert.match(error.message, pattern);
    return true;
  });
}

const preset = (id: string): PresetDefinition => {
  const found = findPreset(id);
  assert.ok(found, id);
  return found;
};

describe('built-in presets', () => {
  it('has the documented ids, each in a known group, with the public shape', () => {
    const ids = PRESETS.map((p) => p.id);
    for (const id of ['app-icon', 'favicon', 'toolbar-icon', 'logo', 'diagram', 'ui-mockup', 'illustration', 'sticker', 'product-shot', 'pattern', 'storyboard', 'blank']) {
      assert.ok(ids.includes(id), id);
    }
    assert.equal(new Set(ids).size, ids.length, 'ids are unique');
    for (const p of PRESETS) {
      assert.ok((PRESET_GROUPS as readonly string[]).includes(p.group), `${p.id} group ${p.group}`);
      assert.deepEqual(Object.keys(describePreset(p)).sort(), ['defaults', 'description', 'fields', 'group', 'id', 'label', 'source']);
      assert.equal(p.source, 'builtin');
    }
    assert.ok(new Set(PRESETS.map((p) => p.group)).size >= 6);
  });

  it('keeps the kinds pictor.generate took before as aliases', () => {
    assert.equal(canonicalPresetId('none'), 'blank');
    assert.equal(canonicalPresetId('icon'), 'app-icon');
    assert.equal(canonicalPresetId('mockup'), 'ui-mockup');
    assert.equal(canonicalPresetId('UI mockup'), 'ui-mockup');
    for (const kind of ['none', 'icon', 'diagram', 'mockup', 'logo', 'illustration', 'photo', 'ui-mockup']) {
      assert.ok(findPreset(kind), kind);
      assert.ok(findPreset(parseGenerateArgs({ prompt: 'x', preset: kind }).preset!), kind);
    }
  });

  it('renders every template with its defaults: no placeholders or segments left, the prompt in it once', () => {
    for (const p of PRESETS) {
      const text = renderPreset(p, 'a rocket.', resolvePresetFields(p, {}));
      assert.ok(text.includes('a rocket'), p.id);
      assert.ok(!/\{\{|\}\}|\[\[|\]\]/.test(text), `${p.id}: ${text}`);
      assert.ok(!text.includes('a rocket..'), `${p.id} doubles the period`);
      assert.ok(!/ {2}| [.,]/.test(text), `${p.id} leaves gaps: ${text}`);
    }
    assert.equal(applyPreset('blank', '  exactly this.  '), 'exactly this.');
    assert.equal(applyPreset('none', 'exactly this.'), 'exactly this.');
  });

  it('puts a chosen option, a colour and quoted text into the prompt; drops segments of empty fields', () => {
    const logo = preset('logo');
    const withName = renderPreset(logo, 'a coffee shop', resolvePresetFields(logo, { name: 'The Daily Grind', style: 'emblem', color: '#6B4F2A' }));
    assert.match(withName, /"The Daily Grind"/);
    assert.match(withName, /emblem logo/);
    assert.match(withName, /#6b4f2a/);
    const without = renderPreset(logo, 'a coffee shop', resolvePresetFields(logo, {}));
    assert.ok(!without.includes('"'), without);
    assert.ok(!without.includes('built around'), without);

    const diagram = preset('diagram');
    const er = renderPreset(diagram, 'a shop', resolvePresetFields(diagram, { kind: 'er' }));
    const option = diagram.fields[0]!.options!.find((o) => optionValue(o) === 'er')!;
    assert.ok(er.includes(optionLabel(option)), er);
    const mermaid = renderPreset(diagram, 'a login', resolvePresetFields(diagram, { kind: 'sequence', source: 'sequenceDiagram\n  A->>B: hi' }));
    assert.ok(mermaid.includes('A->>B: hi'), mermaid);
    assert.match(mermaid, /technical diagram \(sequence diagram\): a login\./);
    // Insert Generated Image sends a selected Mermaid block as the prompt, with no kind chosen.
    assert.match(applyPreset('diagram', 'Render this Mermaid diagram as a polished image:\n\ngraph TD; A-->B'), /^A clear, professional technical diagram: Render this Mermaid diagram/);
  });

  it('accepts an option by value or label and records the value', () => {
    const diagram = preset('diagram');
    assert.equal(resolvePresetFields(diagram, { kind: 'Mind map' }).kind, 'mindmap');
    assert.equal(resolvePresetFields(diagram, { kind: 'MINDMAP' }).kind, 'mindmap');
    assert.equal(resolvePresetFields(preset('storyboard'), { panels: 6 }).panels, '6');
  });

  it('refuses an unknown field, a missing required field and bad values, naming them', () => {
    badInput(() => resolvePresetFields(preset('app-icon'), { colour: '#fff' }), /Unknown field "colour".*app-icon.*color/);
    badInput(() => resolvePresetFields(preset('blank'), { style: 'x' }), /"style".*no fields/);
    const required: PresetDefinition = { ...preset('blank'), id: 'req', fields: [{ id: 'brand', label: 'Brand', type: 'text', required: true }], template: '{{prompt}} for {{brand}}' };
    badInput(() => resolvePresetFields(required, {}), /needs the field "brand"/);
    badInput(() => resolvePresetFields(required, { brand: '  ' }), /needs the field "brand"/);
    badInput(() => resolvePresetFields(preset('diagram'), { kind: 'pie chart' }), /"kind".*one of/);
    badInput(() => resolvePresetFields(preset('app-icon'), { color: 'blue' }), /colour such as/);
    const numeric: PresetDefinition = { ...required, fields: [{ id: 'n', label: 'N', type: 'number' }, { id: 'b', label: 'Rounded corners', type: 'boolean' }], template: '{{prompt}} {{n}}[[ with {{b}}]]' };
    badInput(() => resolvePresetFields(numeric, { n: 'many' }), /"n".*a number/);
    badInput(() => resolvePresetFields(numeric, { b: 'yes' }), /"b".*true or false/);
    assert.equal(renderPreset(numeric, 'x', resolvePresetFields(numeric, { n: '3', b: true })), 'x 3 with Rounded corners');
    assert.equal(renderPreset(numeric, 'x', resolvePresetFields(numeric, { n: 3, b: false })), 'x 3');
  });

  it('accepts presetFields in pictor.generate arguments and any preset id shape', () => {
    const args = parseGenerateArgs({ prompt: 'x', preset: 'release-banner', presetFields: { style: 'flat', n: 2, b: true } });
    assert.equal(args.preset, 'release-banner');
    assert.deepEqual(args.presetFields, { style: 'flat', n: 2, b: true });
    badInput(() => parseGenerateArgs({ prompt: 'x', presetFields: { a: { nested: 1 } } }), /presetFields/);
    badInput(() => parseGenerateArgs({ prompt: 'x', preset: '../evil' }), /preset/);
  });
});

describe('workspace presets file', () => {
  const good = {
    id: 'release-banner',
    label: 'Release banner',
    group: 'Brand',
    template: 'A wide release banner for {{prompt}}, version "{{version}}", in {{tone}} tones.',
    fields: [
      { id: 'version', label: 'Version', type: 'text', required: true },
      { id: 'tone', label: 'Tone', type: 'select', options: ['warm', { value: 'cool', label: 'Cool blue' }], default: 'warm' },
    ],
    defaults: { aspectRatio: '21:9' },
  };

  it('loads valid presets as workspace presets usable like built-ins', () => {
    const { presets, problems } = parseWorkspacePresets(JSON.stringify({ presets: [good] }));
    assert.deepEqual(problems, []);
    assert.equal(presets.length, 1);
    const p = presets[0]!;
    assert.equal(p.source, 'workspace');
    assert.equal(p.group, 'Brand');
    assert.deepEqual(p.defaults, { aspectRatio: '21:9' });
    const text = renderPreset(p, 'Pictor 2', resolvePresetFields(p, { version: '2.0', tone: 'cool' }));
    assert.equal(text, 'A wide release banner for Pictor 2, version "2.0", in cool blue tones.');
    badInput(() => resolvePresetFields(p, {}), /needs the field "version"/);
  });

  it('keeps the valid presets of a file with invalid ones, and says what is wrong with each', () => {
    const file = {
      presets: [
        good,
        { id: 'Bad Id', label: 'x', template: '{{prompt}}' },
        { id: 'no-template', label: 'x' },
        { id: 'logo', label: 'Mine', template: '{{prompt}}' },
        { id: 'typo', label: 'Typo', template: '{{prompt}} {{colour}}', fields: [{ id: 'color', label: 'Colour', type: 'color' }] },
        { id: 'release-banner', label: 'Again', template: '{{prompt}}' },
        { id: 'pick', label: 'Pick', template: '{{prompt}} {{s}}', fields: [{ id: 's', label: 'S', type: 'select' }] },
      ],
    };
    const { presets, problems } = parseWorkspacePresets(JSON.stringify(file));
    assert.deepEqual(presets.map((p) => p.id), ['release-banner']);
    assert.equal(problems.length, 6);
    assert.match(problems[0]!, /preset 2.*id/);
    assert.match(problems[1]!, /template/);
    assert.match(problems[2]!, /built-in/);
    assert.match(problems[3]!, /\{\{colour\}\}/);
    assert.match(problems[4]!, /used twice/);
    assert.match(problems[5]!, /needs options/);
    assert.match(parseWorkspacePresets('{ nope').problems[0]!, /not valid JSON/);
    assert.match(parseWorkspacePresets('{}').problems[0]!, /"presets" array/);
  });

  it('saves a preset without overwriting another unless told to, keeping the other entries', () => {
    const entry = { id: 'hero', label: 'Hero', template: 'A hero image of {{prompt}}.' };
    const first = upsertWorkspacePreset(undefined, entry, false);
    assert.equal(first.status, 'written');
    const text = first.status === 'written' ? first.text : '';
    const withOther = JSON.stringify({ presets: [{ id: 'keep-me', whatever: true }, ...JSON.parse(text).presets], extra: 1 });
    const again = upsertWorkspacePreset(withOther, { ...entry, label: 'Hero 2' }, false);
    assert.equal(again.status, 'exists');
    const replaced = upsertWorkspacePreset(withOther, { ...entry, label: 'Hero 2' }, true);
    assert.equal(replaced.status, 'written');
    const data = JSON.parse(replaced.status === 'written' ? replaced.text : '{}');
    assert.deepEqual(data.presets.map((p: { id: string }) => p.id), ['keep-me', 'hero']);
    assert.equal(data.presets[1].label, 'Hero 2');
    assert.equal(data.extra, 1);
    assert.throws(() => upsertWorkspacePreset('[1]', entry, false), /presets/);
  });

  it('ships a JSON Schema identical to the one generated from the code', () => {
    const shipped = JSON.parse(readFileSync(path.join(root, 'schemas/presets.schema.json'), 'utf8'));
    assert.deepEqual(shipped, workspacePresetsJsonSchema(), 'run `node scripts/gen-schema.mjs`');
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    assert.ok(manifest.contributes.jsonValidation.some((v: { url: string; fileMatch: string[] }) => v.url === './schemas/presets.schema.json' && v.fileMatch.some((m) => m.endsWith('.pictor/presets.json'))));
  });
});
