import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CATALOG, DEFAULT_MODEL, LITE_MODEL, PRO_MODEL } from '../../src/core/catalog';
import { README_TABLE_END, README_TABLE_START, defaultModelSetting, modelsTableMarkdown } from '../../src/core/catalog-docs';
import { PictorError } from '../../src/core/errors';
import { assertModelAvailable, currentModels, mergeModelLists, modelInfo, modelNotFound, parseThinkingLevel, retirement } from '../../src/core/models';
import { costOfUsage } from '../../src/core/estimate';
import { pricePerImageUsd } from '../../src/core/prices';
import { buildRequest } from '../../src/core/request';
import { parseGenerateArgs, validateSpec, withServiceSettings, type GenerationSpec } from '../../src/core/spec';

const root = path.resolve(__dirname, '..', '..', '..');
const base: GenerationSpec = { prompt: 'a red fox', preset: 'none', model: DEFAULT_MODEL, count: 1, inputs: [] };

function badInput(fn: () => unknown, message: RegExp): PictorError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof PictorError, String(error));
    assert.equal(error.code, 'badInput');
    assert.match(error.message, message);
    return error;
  }
  assert.fail('expected a badInput error');
}

describe('model catalog', () => {
  it('has the current defaults: Nano Banana 2.1 fast, Pro, Lite the cheapest', () => {
    assert.equal(DEFAULT_MODEL, 'gemini-nano-banana-2.1');
    assert.equal(PRO_MODEL, 'gemini-3-pro-image');
    assert.equal(LITE_MODEL, 'gemini-3.1-flash-lite-image');
    const prices = currentModels()
      .filter((m) => m.status === 'ga')
      .map((m) => ({ id: m.id, usd: pricePerImageUsd(m.id, '1K', 'standard') ?? Infinity }));
    const lite = prices.find((p) => p.id === LITE_MODEL)!.usd;
    assert.ok(prices.every((p) => p.usd >= lite), 'no GA model makes a 1K image for less than Lite');
    assert.deepEqual(currentModels().map((m) => m.id), [DEFAULT_MODEL, PRO_MODEL, LITE_MODEL, 'gemini-2.5-flash-image']);
  });

  it('gives every entry a source and date, and every retired or legacy entry a shutdown date and a live replacement', () => {
    const ids = new Set<string>();
    for (const m of CATALOG) {
      assert.ok(!ids.has(m.id), `duplicate ${m.id}`);
      ids.add(m.id);
      assert.ok(m.statusSource.source && /^\d{4}-\d\d-\d\d$/.test(m.statusSource.asOf), m.id);
      if (m.prices) assert.ok(m.prices.source && /^\d{4}-\d\d-\d\d$/.test(m.prices.asOf), m.id);
      assert.ok(m.sizes.length > 0 && m.aspectRatios.length >= 10, m.id);
      assert.ok(m.sizes.every((s) => m.imageTokens[s] !== undefined), `${m.id}: tokens for every size`);
      assert.ok(m.references.recommended <= m.references.max, m.id);
      if (m.status === 'retired' || m.status === 'legacy') {
        assert.match(m.shutdown ?? '', /^\d{4}-\d\d-\d\d$/, m.id);
        assert.ok(m.replacement && modelInfo(m.replacement).known, m.id);
      }
      if (m.status !== 'retired') assert.ok(m.prices, `${m.id} has prices`);
    }
  });

  it('follows replacements to a live model and says when and what', () => {
    assert.deepEqual(retirement('gemini-3.1-flash-image-preview'), {
      id: 'gemini-3.1-flash-image-preview',
      label: 'Nano Banana 2 (preview)',
      shutdown: '2026-06-25',
      replacement: DEFAULT_MODEL,
      replacementLabel: 'Nano Banana 2.1',
    });
    assert.equal(retirement('gemini-3-pro-image-preview')?.replacement, PRO_MODEL);
    assert.equal(retirement('gemini-3.1-flash-image')?.shutdown, '2026-10-29');
    assert.equal(retirement('gemini-2.5-flash-image'), undefined, 'legacy is still selectable');
    assert.equal(retirement('gemini-9-future-image'), undefined);
    const error = badInput(() => assertModelAvailable('gemini-3-pro-image-preview', { setting: 'pictor.defaultModel' }), /^gemini-3-pro-image-preview was shut down on 2026-06-25; its replacement is gemini-3-pro-image\.$/);
    assert.equal(error.replacement, PRO_MODEL);
    assert.equal(error.setting, 'pictor.defaultModel');
    assert.equal(error.redacted([]).replacement, PRO_MODEL, 'redaction keeps the replacement');
  });

  it('prices an image per model, size and tier from the data (flex and batch half of standard)', () => {
    assert.equal(pricePerImageUsd(DEFAULT_MODEL, '1K', 'standard'), 0.0336);
    assert.equal(pricePerImageUsd(DEFAULT_MODEL, '512', 'standard'), null, 'Nano Banana 2.1 makes no 512');
    assert.equal(pricePerImageUsd(DEFAULT_MODEL, '4K', 'flex'), 0.0378);
    assert.equal(pricePerImageUsd(PRO_MODEL, '4K', 'standard'), 0.24);
    assert.equal(pricePerImageUsd(PRO_MODEL, '2K', 'batch'), 0.0672);
    assert.equal(pricePerImageUsd(LITE_MODEL, '1K', 'standard'), 0.0336);
    assert.equal(pricePerImageUsd(LITE_MODEL, '2K', 'standard'), null, 'Lite makes no 2K');
    assert.equal(pricePerImageUsd(LITE_MODEL, '1K', 'flex'), null, 'no flex tier on Lite');
    assert.equal(pricePerImageUsd(LITE_MODEL, '1K', 'batch'), 0.0168);
    assert.equal(pricePerImageUsd('gemini-2.5-flash-image', '1K', 'flex'), null, 'no flex tier on the legacy model');
    assert.equal(pricePerImageUsd('gemini-9-future-image', '1K', 'standard'), null);
    assert.equal(costOfUsage(DEFAULT_MODEL, { promptTokens: 0, outputTokens: 1120 }, 1, '1K', 'flex'), 0.0168);
  });
});

describe('live model list and 404s', () => {
  it('merges the catalog with the service\'s image models: both, catalog only, service only; no text or retired models', () => {
    const rows = mergeModelLists([
      { id: DEFAULT_MODEL, displayName: 'x', methods: ['generateContent'] },
      { id: 'gemini-3.5-flash', methods: ['generateContent'] },
      { id: 'imagen-4.0-generate-001', methods: ['predict'] },
      { id: 'gemini-3-pro-image-preview', methods: ['generateContent'] },
      { id: 'gemini-5-pro-image', displayName: 'Nano Banana Ultra', methods: ['generateContent', 'countTokens'] },
      { id: 'gemini-embedding-image-001', methods: ['embedContent'] },
    ]);
    assert.deepEqual(rows, [
      { id: DEFAULT_MODEL, label: 'Nano Banana 2.1', status: 'ga', source: 'both' },
      { id: PRO_MODEL, label: 'Nano Banana Pro', status: 'ga', source: 'catalog' },
      { id: LITE_MODEL, label: 'Nano Banana 2 Lite', status: 'ga', source: 'catalog' },
      { id: 'gemini-2.5-flash-image', label: 'Nano Banana (Gemini 2.5 Flash Image)', status: 'legacy', source: 'catalog' },
      { id: 'gemini-5-pro-image', label: 'Nano Banana Ultra', status: 'ga', source: 'service' },
    ]);
    assert.equal(mergeModelLists(undefined).length, currentModels().length, 'offline: the catalog alone');
  });

  it('explains a 404: retired with its replacement, legacy as closed to new projects, else not available; names current models', () => {
    const retired = modelNotFound('gemini-3.1-flash-image');
    assert.equal(retired.message, 'gemini-3.1-flash-image was shut down on 2026-10-29; its replacement is gemini-nano-banana-2.1.');
    assert.equal(retired.replacement, DEFAULT_MODEL);
    const legacy = modelNotFound('gemini-2.5-flash-image');
    assert.match(legacy.message, /^gemini-2\.5-flash-image is not available to this key's project \(.*legacy.*closed it to new projects.*\)\. Current models: gemini-nano-banana-2\.1, gemini-3-pro-image, gemini-3\.1-flash-lite-image\.$/);
    assert.equal(legacy.code, 'badInput');
    assert.equal(legacy.status, 404);
    assert.equal(legacy.replacement, LITE_MODEL, 'Lite: the same 1K-only profile, recommended by the deprecations page (as reported)');
    const unknown = modelNotFound('gemini-9-image');
    assert.match(unknown.message, /^gemini-9-image is not available to this key's project\. Current models: /);
    assert.equal(unknown.replacement, undefined);
  });
});

describe('validation per model', () => {
  it('takes the new ratios and each size only where the model makes it', () => {
    assert.deepEqual(validateSpec({ ...base, aspectRatio: '8:1', imageSize: '4K' }), []);
    assert.deepEqual(validateSpec({ ...base, model: LITE_MODEL, aspectRatio: '1:4', imageSize: '1K' }), []);
    badInput(() => validateSpec({ ...base, model: PRO_MODEL, aspectRatio: '1:8' }), /does not take aspect ratio 1:8; Nano Banana 2\.1 \(gemini-nano-banana-2\.1\) does/);
    badInput(() => validateSpec({ ...base, model: LITE_MODEL, imageSize: '2K' }), /makes 1K images; image size 2K needs Nano Banana 2\.1/);
    // No current model makes 512 (Nano Banana 2 did; 2.1 refuses it): only ids Pictor does not know may ask for it.
    badInput(() => validateSpec({ ...base, imageSize: '512' }), /Nano Banana 2\.1 \(gemini-nano-banana-2\.1\) makes 1K, 2K, 4K images; image size 512 is not offered by any current model/);
    badInput(() => validateSpec({ ...base, model: PRO_MODEL, imageSize: '512' }), /512/);
  });

  it('takes thinking levels in any case, only where the model lets you choose', () => {
    assert.equal(parseThinkingLevel('HIGH'), 'high');
    assert.equal(parseThinkingLevel(' Minimal '), 'minimal');
    assert.equal(parseThinkingLevel('max'), undefined);
    assert.equal(parseGenerateArgs({ prompt: 'x', thinkingLevel: 'High' }).thinkingLevel, 'high');
    badInput(() => parseGenerateArgs({ prompt: 'x', thinkingLevel: 'max' }), /thinkingLevel must be one of minimal, low, medium, high/);
    for (const level of ['minimal', 'medium', 'high'] as const) assert.deepEqual(validateSpec({ ...base, thinkingLevel: level }), [], level);
    badInput(() => validateSpec({ ...base, thinkingLevel: 'low' }), /takes thinking level minimal, medium or high, not low/);
    badInput(() => validateSpec({ ...base, model: LITE_MODEL, thinkingLevel: 'medium' }), /takes thinking level minimal or high, not medium/);
    badInput(() => validateSpec({ ...base, model: PRO_MODEL, thinkingLevel: 'high' }), /does not let you set a thinking level/);
  });

  it('refuses the flex tier where there is none and a retired model before anything else', () => {
    assert.deepEqual(validateSpec({ ...base, serviceTier: 'flex' }), []);
    assert.deepEqual(validateSpec({ ...base, model: PRO_MODEL, serviceTier: 'flex' }), []);
    badInput(() => validateSpec({ ...base, model: 'gemini-2.5-flash-image', serviceTier: 'flex' }), /no flex tier/);
    badInput(() => validateSpec({ ...base, model: LITE_MODEL, serviceTier: 'flex' }), /Nano Banana 2 Lite \(gemini-3\.1-flash-lite-image\) has no flex tier/);
    const error = badInput(() => validateSpec({ ...base, model: 'gemini-3.1-flash-image', aspectRatio: '1:1' }), /shut down on 2026-10-29; its replacement is gemini-nano-banana-2\.1/);
    assert.equal(error.replacement, DEFAULT_MODEL);
  });

  it('is permissive for an id it does not know: all 14 ratios, every size, every level', () => {
    const unknown = { ...base, model: 'gemini-4-flash-image' };
    for (const aspectRatio of ['1:8', '21:9'] as const) {
      for (const imageSize of ['512', '4K'] as const) assert.deepEqual(validateSpec({ ...unknown, aspectRatio, imageSize, thinkingLevel: 'medium', serviceTier: 'flex' }), []);
    }
    assert.equal(modelInfo('gemini-4-flash-image').known, false);
  });

  it('fills the user\'s service settings in without overriding the caller, and store from privacy only', () => {
    const settings = { thinkingLevel: 'high' as const, serviceTier: 'flex' as const, allowRequestStorage: false };
    assert.deepEqual(buildRequest(withServiceSettings(base, settings)).config, {
      responseModalities: ['TEXT', 'IMAGE'],
      thinkingConfig: { thinkingLevel: 'HIGH' },
      serviceTier: 'flex',
      store: false,
    });
    const pro = withServiceSettings({ ...base, model: PRO_MODEL }, settings);
    assert.equal(pro.thinkingLevel, undefined, 'a level Pro cannot take is not applied from a setting');
    const legacy = withServiceSettings({ ...base, model: 'gemini-2.5-flash-image' }, settings);
    assert.equal(legacy.serviceTier, 'standard', 'no flex tier: the setting falls back to standard');
    assert.equal(withServiceSettings({ ...base, thinkingLevel: 'minimal', serviceTier: 'standard' }, settings).thinkingLevel, 'minimal');
    assert.equal(withServiceSettings(base, { ...settings, allowRequestStorage: true }).store, true);
    assert.equal(buildRequest(base).config.store, false, 'a spec without a say sends store: false');
  });
});

describe('the catalog is the only source of model ids', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? files(full) : /\.tsx?$/.test(name) ? [full] : [];
    });

  it('finds no model id outside src/core/catalog.ts', () => {
    const catalog = path.join(root, 'src', 'core', 'catalog.ts');
    const ids = CATALOG.map((m) => m.id);
    const offenders: string[] = [];
    for (const file of [...files(path.join(root, 'src')), ...files(path.join(root, 'webview'))]) {
      if (file === catalog) continue;
      const text = readFileSync(file, 'utf8');
      const found = (text.match(/gemini-[a-z0-9][a-z0-9.-]*/gi) ?? []).filter((word) => ids.includes(word) || /^gemini-\d/.test(word));
      if (found.length) offenders.push(`${path.relative(root, file)}: ${[...new Set(found)].join(', ')}`);
    }
    assert.deepEqual(offenders, []);
  });

  it('finds no catalogued model id in the fake server outside the catalog it reads', () => {
    // The fake reads src/core/catalog.ts; only its own stand-ins for models the catalog lacks (a newer model
    // and a text model, in its catalog.ts) may be spelled out there.
    const ids = CATALOG.map((m) => m.id);
    const offenders: string[] = [];
    for (const file of files(path.join(root, 'test', 'fake-gemini'))) {
      const found = (readFileSync(file, 'utf8').match(/gemini-[a-z0-9][a-z0-9.-]*/gi) ?? []).filter((word) => ids.includes(word));
      if (found.length) offenders.push(`${path.relative(root, file)}: ${[...new Set(found)].join(', ')}`);
    }
    assert.deepEqual(offenders, []);
  });

  it('keeps the README models table and the defaultModel setting in sync (npm run gen:models)', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const start = readme.indexOf(README_TABLE_START);
    const end = readme.indexOf(README_TABLE_END) + README_TABLE_END.length;
    assert.ok(start >= 0 && end > start, 'README has the models table markers');
    assert.equal(readme.slice(start, end), modelsTableMarkdown(), 'README models table drifted: run npm run gen:models');
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    assert.deepEqual(pkg.contributes.configuration.properties['pictor.defaultModel'], defaultModelSetting(), 'package.json drifted: run npm run gen:models');
  });
});
