import * as assert from 'node:assert/strict';
import { PictorError } from '../../src/core/errors';
import { silentLogger } from '../../src/core/log';
import type { GenerationSpec } from '../../src/core/spec';
import type { GeminiClient } from '../../src/gemini/client';
import { runGeneration, type SavedImage } from '../../src/pipeline';
import { ImageWriter } from '../../src/writer/image-writer';
import { png } from '../support/image-fixtures';
import { MemoryPort } from '../support/memory-port';

const spec: GenerationSpec = { prompt: 'a fox', preset: 'none', model: 'gemini-2.5-flash-image', count: 2, inputs: [] };
const answer = (width: number) => ({
  candidates: [{ content: { role: 'model', parts: [{ inlineData: { mimeType: 'image/png', data: Buffer.from(png(width, 4)).toString('base64') } }] }, finishReason: 'STOP' }],
  usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 1290, totalTokenCount: 1295 },
});

/** A client whose requests are answered (or fail) when the test says so, in any order. */
function scriptedClient(): { client: GeminiClient; calls: Array<{ resolve(value: unknown): void; signal: AbortSignal }> } {
  const calls: Array<{ resolve(value: unknown): void; signal: AbortSignal }> = [];
  const client = {
    generateContent: (_request: unknown, options: { signal: AbortSignal }) =>
      new Promise((resolve, reject) => {
        calls.push({ resolve, signal: options.signal });
        options.signal.addEventListener('abort', () => reject(new PictorError('cancelled', 'Cancelled.')), { once: true });
      }),
  } as unknown as GeminiClient;
  return { client, calls };
}

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(condition(), 'condition never held');
};

describe('the pipeline hands over each image as soon as it is saved', () => {
  it('saves and reports the first answer while the second request is still running', async () => {
    const port = new MemoryPort();
    const { client, calls } = scriptedClient();
    const seen: SavedImage<string>[] = [];
    const run = runGeneration(
      spec,
      { dir: '/ws/out', baseName: 'fox' },
      { client, log: silentLogger, generator: { name: 'pictor', version: 'test' }, maxConcurrent: 2, writer: new ImageWriter(port) },
      new AbortController().signal,
      { onImage: (image) => seen.push(image) },
    );
    await until(() => calls.length === 2);
    calls[1]!.resolve(answer(7));
    await until(() => seen.length === 1);
    assert.ok(port.files.has(seen[0]!.uri), 'on disk before the other request finished');
    assert.ok(port.files.has(seen[0]!.sidecarUri));
    calls[0]!.resolve(answer(5));
    const outcome = await run;
    assert.equal(outcome.images.length, 2);
    assert.deepEqual(seen, outcome.images, 'the outcome lists the images in the order they were saved');
  });

  it('hands each image over with the search grounding of its answer, and the outcome keeps it', async () => {
    const port = new MemoryPort();
    const { client, calls } = scriptedClient();
    const seen: Array<{ image: SavedImage<string>; grounding: unknown }> = [];
    const grounded = {
      ...answer(6),
      candidates: [
        {
          ...answer(6).candidates[0]!,
          groundingMetadata: {
            groundingChunks: [{ web: { uri: 'https://example.com/a', title: 'A <b>source</b>' } }, { web: { uri: 'javascript:alert(1)', title: 'bad' } }],
            webSearchQueries: ['red fox'],
            searchEntryPoint: { renderedContent: '<a href="https://www.google.com/search?q=red+fox">red fox</a>' },
          },
        },
      ],
    };
    const run = runGeneration(
      { ...spec, model: 'gemini-3-pro-image', count: 1, grounding: true },
      { dir: '/ws/out', baseName: 'fox' },
      { client, log: silentLogger, generator: { name: 'pictor', version: 'test' }, maxConcurrent: 1, writer: new ImageWriter(port) },
      new AbortController().signal,
      { onImage: (image, grounding) => seen.push({ image, grounding }) },
    );
    await until(() => calls.length === 1);
    calls[0]!.resolve(grounded);
    const outcome = await run;
    const expected = {
      sources: [{ uri: 'https://example.com/a', title: 'A <b>source</b>' }],
      queries: ['red fox'],
      searchEntryPoint: '<a href="https://www.google.com/search?q=red+fox">red fox</a>',
    };
    assert.equal(seen.length, 1);
    assert.deepEqual(seen[0]!.grounding, expected, 'only the web source, its title as data');
    assert.deepEqual(outcome.grounding, expected);
  });

  it('takes back what the run wrote when it is cancelled after the first image', async () => {
    const port = new MemoryPort();
    const { client, calls } = scriptedClient();
    const controller = new AbortController();
    const seen: string[] = [];
    const run = runGeneration(
      spec,
      { dir: '/ws/out', baseName: 'fox' },
      { client, log: silentLogger, generator: { name: 'pictor', version: 'test' }, maxConcurrent: 2, writer: new ImageWriter(port) },
      controller.signal,
      { onImage: (image) => seen.push(image.uri) },
    );
    await until(() => calls.length === 2);
    calls[0]!.resolve(answer(5));
    await until(() => seen.length === 1);
    controller.abort();
    await assert.rejects(run, (error: unknown) => error instanceof PictorError && error.code === 'cancelled');
    assert.deepEqual([...port.files.keys()], [], 'the image handed over and its sidecar are gone');
  });

  it('refuses an output folder that is a file before sending anything', async () => {
    const port = new MemoryPort();
    port.files.set('/ws/out', new Uint8Array([1]));
    const { client, calls } = scriptedClient();
    await assert.rejects(
      runGeneration(spec, { dir: '/ws/out', baseName: 'fox' }, { client, log: silentLogger, generator: { name: 'p', version: 't' }, maxConcurrent: 2, writer: new ImageWriter(port) }, new AbortController().signal),
      (error: unknown) => error instanceof PictorError && error.code === 'badInput',
    );
    assert.equal(calls.length, 0);
  });

  it('reports a bad output folder before a budget refusal, and frees an approval the folder check then overrules', async () => {
    const port = new MemoryPort();
    port.files.set('/ws/out', new Uint8Array([1]));
    const { client, calls } = scriptedClient();
    const deps = { client, log: silentLogger, generator: { name: 'p', version: 't' }, maxConcurrent: 2, writer: new ImageWriter(port) };
    const overBudget = async () => Promise.reject(new PictorError('budget', 'Over the monthly budget.'));
    await assert.rejects(
      runGeneration(spec, { dir: '/ws/out', baseName: 'fox' }, { ...deps, approveCost: overBudget }, new AbortController().signal),
      (error: unknown) => error instanceof PictorError && error.code === 'badInput' && /is a file, not a folder/.test(error.message),
    );
    let released = 0;
    const approve = async () => ({ record: () => undefined, release: () => void released++ });
    await assert.rejects(
      runGeneration(spec, { dir: '/ws/out', baseName: 'fox' }, { ...deps, approveCost: approve }, new AbortController().signal),
      (error: unknown) => error instanceof PictorError && error.code === 'badInput',
    );
    assert.equal(released, 1, 'the approved amount is free again');
    assert.equal(calls.length, 0, 'nothing was sent');
  });
});
