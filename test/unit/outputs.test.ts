import * as assert from 'node:assert/strict';
import { buildDerivedSidecar, embeddedRecordOf, isGeneratedRecord } from '../../src/core/derived-sidecar';
import { DEFAULT_ICON_SIZES, iconSetOptions, parseOptions, removeBackgroundOptions, resizeOptions, webManifest } from '../../src/core/output-options';
import { generationPostprocessOf, nearestAspectRatio } from '../../src/core/postprocess-plan';
import { sidecarSchema, type Sidecar } from '../../src/core/sidecar';

const facts = { file: 'a/logo.transparent.png', mimeType: 'image/png', sha256: 'b'.repeat(64), bytes: 10, width: 4, height: 4 };
const context = { source: { path: 'a/logo.png', sha256: 'a'.repeat(64) }, steps: [{ op: 'colorKey' as const, color: '#ffffff' }], generator: { name: 'pictor', version: '0.1.0' }, createdAt: new Date('2026-11-30T00:00:00Z') };

describe('derived sidecars', () => {
  it('name the source as parent, cost nothing and record the step; valid against the schema', () => {
    const sidecar = buildDerivedSidecar(context, facts);
    assert.deepEqual(sidecar.parent, context.source);
    assert.deepEqual(sidecar.lineage, [context.source]);
    assert.deepEqual(sidecar.postprocess, [{ op: 'colorKey', color: '#ffffff' }]);
    assert.equal(sidecar.estimatedCostUsd, 0);
    assert.equal(sidecar.model, '');
    assert.equal(isGeneratedRecord(sidecar), false, 'a user image is not marked as generated');
    sidecarSchema.parse(sidecar);
  });

  it('keep the source record’s prompt, model and steps, and extend its lineage', () => {
    const source = buildDerivedSidecar({ ...context, steps: [{ op: 'resize', width: 8, height: 8, fit: 'fill' }] }, facts);
    const generated: Sidecar = { ...source, prompt: 'a logo', model: 'gemini-2.5-flash-image', parent: { path: 'a/first.png', sha256: 'c'.repeat(64) }, lineage: [{ path: 'a/first.png', sha256: 'c'.repeat(64) }] };
    const next = buildDerivedSidecar({ ...context, sourceSidecar: generated }, facts);
    assert.equal(next.prompt, 'a logo');
    assert.equal(isGeneratedRecord(next), true);
    assert.deepEqual(next.lineage?.map((l) => l.path), ['a/first.png', 'a/logo.png']);
    assert.deepEqual(next.postprocess?.map((s) => s.op), ['resize', 'colorKey']);
  });

  it('embed everything but the image hash and size', () => {
    const record = embeddedRecordOf(buildDerivedSidecar(context, facts)) as { image: Record<string, unknown> };
    assert.equal(record.image.sha256, undefined);
    assert.equal(record.image.bytes, undefined);
    assert.equal(record.image.file, facts.file);
  });
});

describe('output command options', () => {
  it('accept the documented shapes and refuse others with badInput naming the field', () => {
    assert.deepEqual(parseOptions(removeBackgroundOptions, { color: '#00FF00', tolerance: 0 }, 'x'), { color: '#00FF00', tolerance: 0 });
    assert.deepEqual(parseOptions(resizeOptions, { width: 1, height: 8192, fit: 'cover' }, 'x'), { width: 1, height: 8192, fit: 'cover' });
    assert.deepEqual(parseOptions(iconSetOptions, undefined, 'x'), {});
    assert.throws(() => parseOptions(removeBackgroundOptions, { tolerance: 101 }, 'x'), { code: 'badInput', message: /tolerance must be at most 100/ });
    assert.throws(() => parseOptions(resizeOptions, { width: 2.5, height: 3 }, 'x'), { code: 'badInput', message: /width/ });
    assert.throws(() => parseOptions(iconSetOptions, { size: [16] }, 'x'), { code: 'badInput', message: /unknown field\(s\) size/ });
  });

  it('default icon sizes are the documented ten', () => {
    assert.deepEqual([...DEFAULT_ICON_SIZES], [16, 32, 48, 64, 128, 180, 192, 256, 512, 1024]);
  });

  it('web manifest lists icons of 192 px and more, or all when none is that large', () => {
    const icons = [16, 192, 512].map((size) => ({ file: `icon-${size}x${size}.png`, size }));
    assert.deepEqual(JSON.parse(webManifest(icons)).icons, [
      { src: 'icon-192x192.png', sizes: '192x192', type: 'image/png' },
      { src: 'icon-512x512.png', sizes: '512x512', type: 'image/png' },
    ]);
    assert.equal(JSON.parse(webManifest(icons.slice(0, 1))).icons.length, 1);
  });
});

describe('generation post-processing plan', () => {
  it('picks the nearest supported aspect ratio', () => {
    assert.equal(nearestAspectRatio(1200, 630), '16:9');
    assert.equal(nearestAspectRatio(512, 512), '1:1');
    assert.equal(nearestAspectRatio(1080, 1920), '9:16');
    assert.equal(nearestAspectRatio(3000, 1000), '21:9');
    assert.equal(nearestAspectRatio(100, 800), '1:8');
    assert.equal(nearestAspectRatio(100, 800, ['1:1', '9:16', '16:9']), '9:16', "among a model's own ratios");
  });

  it('replays transparency and size only for steps taken during generation, without the intermediates', () => {
    const plan = generationPostprocessOf({
      postprocess: [
        { op: 'differenceMatte', white: 'a/x.white.png', black: 'a/x.black.png', during: 'generation' },
        { op: 'resize', width: 64, height: 32, fit: 'cover', during: 'generation' },
      ],
    });
    assert.deepEqual(plan, { background: 'transparent', size: { width: 64, height: 32 }, intermediates: ['a/x.white.png', 'a/x.black.png'] });
    assert.deepEqual(generationPostprocessOf({ postprocess: [{ op: 'resize', width: 5, height: 5 }] }), { intermediates: [] });
  });
});
