import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PNG } from 'pngjs';
import { ChatEngine, type ChatEngineDeps, type ChatTurnResult } from '../../src/chat/engine';
import { ConversationStore } from '../../src/chat/store';
import type { ChatSettings } from '../../src/core/conversation';
import { PictorError } from '../../src/core/errors';
import { silentLogger } from '../../src/core/log';
import type { WireContent } from '../../src/core/request';
import { GeminiClient } from '../../src/gemini/client';
import { workspaceFilePort } from '../../src/workspace/file-port';
import { ImageWriter } from '../../src/writer/image-writer';
import type { FakeGemini, RecordedRequest } from '../fake-gemini';
import { TEST_KEY, configure, expectReject, inWorkspace, listNames, readJson, removeIfExists, useFakeGemini, workspaceRoot } from './support';

const PRO = 'gemini-3-pro-image';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * One "window" of the chat engine over a storage folder: a new Harness over the same folder is
 * what a window reload gives (nothing kept in memory). Records every model turn as the SDK
 * returned it, to compare with what later requests send back.
 */
class Harness {
  readonly engine: ChatEngine;
  readonly store: ConversationStore;

  constructor(
    readonly storage: vscode.Uri,
    readonly output: vscode.Uri,
    fake: FakeGemini,
    readonly returned: WireContent[],
    settings: Partial<ChatSettings> = {},
    /** Stands in for the key store: what the extension's client() does when no key is stored, say. */
    client?: () => Promise<GeminiClient>,
    /** Other engine dependencies (settings the extension reads). */
    extra: Partial<ChatEngineDeps> = {},
  ) {
    this.store = new ConversationStore(storage, silentLogger);
    const real = new GeminiClient({
      apiKey: TEST_KEY,
      baseUrl: fake.url,
      timeoutSeconds: 30,
      retry: { maxRetries: 0, baseDelayMs: 10, maxDelayMs: 100 },
      log: silentLogger,
    });
    const recording = {
      generateContent: async (...args: Parameters<GeminiClient['generateContent']>) => {
        const response = (await real.generateContent(...args)) as { candidates?: Array<{ content?: WireContent }> };
        const content = response.candidates?.[0]?.content;
        if (content) returned.push(clone(content));
        return response;
      },
    } as unknown as GeminiClient;
    this.engine = new ChatEngine({
      store: this.store,
      log: silentLogger,
      generator: { name: 'pictor', version: 'test' },
      client: client ?? (async () => recording),
      defaults: () => ({ model: PRO, aspectRatio: '1:1', imageSize: '1K', grounding: false, ...settings }),
      outputDir: () => output,
      writer: new ImageWriter(workspaceFilePort, silentLogger),
      ...extra,
    });
  }

  dispose(): void {
    this.engine.dispose();
  }
}

function tempStorage(): vscode.Uri {
  return vscode.Uri.file(fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'pictor-chat-storage-')));
}

function generateRequests(fake: FakeGemini): RecordedRequest[] {
  return fake.requests.filter((r) => r.action === 'generateContent');
}

/** Every request repeats the earlier ones' user turns and the model turns exactly as returned. */
function assertExactHistory(requests: RecordedRequest[], returned: WireContent[]): void {
  requests.forEach((request, k) => {
    const contents = request.body.contents as WireContent[];
    assert.equal(contents.length, 2 * k + 1, `request ${k + 1} carries ${k} earlier exchanges and the new prompt`);
    for (let j = 0; j < k; j++) {
      assert.deepEqual(contents[2 * j], requests[j].body.contents[2 * j], `request ${k + 1}: user turn ${j + 1} as first sent`);
      assert.deepEqual(contents[2 * j + 1], returned[j], `request ${k + 1}: model turn ${j + 1} exactly as returned`);
    }
  });
}

describe('chat engine (extension host, fake Gemini)', function () {
  this.timeout(120_000);
  let fake: FakeGemini;
  const storages: vscode.Uri[] = [];
  const harnesses: Harness[] = [];

  function harness(storage: vscode.Uri, output: vscode.Uri, returned: WireContent[], settings?: Partial<ChatSettings>): Harness {
    const h = new Harness(storage, output, fake, returned, settings);
    harnesses.push(h);
    return h;
  }

  before(async () => {
    fake = await useFakeGemini();
  });
  after(async () => {
    for (const h of harnesses) h.dispose();
    for (const storage of storages) fs.rmSync(storage.fsPath, { recursive: true, force: true });
    await configure({ 'api.baseUrl': undefined });
    await fake?.close();
  });
  beforeEach(() => fake.reset());

  it('keeps a 5-turn Pro conversation across a reload and sends the exact history, signatures included', async () => {
    const storage = tempStorage();
    storages.push(storage);
    const output = inWorkspace('chat-tests', 'five-turns');
    await removeIfExists(output);
    const returned: WireContent[] = [];
    const prompts = ['a watercolor fox in a snowy forest', 'make the fox blue', 'add a red scarf', 'now at night with stars', 'make it 16:9'];

    const first = harness(storage, output, returned);
    const results: ChatTurnResult[] = [];
    results.push(await first.engine.send({ prompt: prompts[0] }));
    const id = results[0].conversationId;
    const sketch = inWorkspace('images', 'sample.png');
    results.push(await first.engine.send({ prompt: prompts[1], conversationId: id, attachments: [sketch] }));
    results.push(await first.engine.send({ prompt: prompts[2], conversationId: id }));
    first.dispose();

    // A reload: a new engine and store reading the same storage folder, nothing kept in memory.
    const second = harness(storage, output, returned);
    const restored = await second.engine.get(id);
    assert.ok(restored, 'the conversation is restored from storage');
    assert.equal(restored.exchanges.length, 3);
    assert.equal(restored.title, prompts[0]);
    results.push(await second.engine.send({ prompt: prompts[3], conversationId: id }));
    results.push(await second.engine.send({ prompt: prompts[4], conversationId: id, aspectRatio: '16:9', imageSize: '2K' }));

    assert.deepEqual(results.map((r) => r.turn), [1, 2, 3, 4, 5]);
    assert.ok(results.every((r) => r.conversationId === id));
    const requests = generateRequests(fake);
    assert.equal(requests.length, 5);
    assert.equal(returned.length, 5);
    assertExactHistory(requests, returned);

    // Pro's answers carry thoughts and signatures; every one of them went back verbatim.
    for (const [j, turn] of returned.entries()) {
      assert.ok(turn.parts?.some((p) => p.thought), `turn ${j + 1} has thought parts`);
      const signed = turn.parts?.filter((p) => p.inlineData && !p.thought) ?? [];
      assert.ok(signed.length > 0 && signed.every((p) => typeof p.thoughtSignature === 'string' && p.thoughtSignature.length > 0));
    }
    const lastBody = requests[4].body;
    assert.deepEqual(lastBody.generationConfig.imageConfig, { aspectRatio: '16:9', imageSize: '2K' });
    assert.equal(lastBody.contents[2].parts[1].inlineData.data, Buffer.from(await vscode.workspace.fs.readFile(sketch)).toString('base64'), 'the attachment of turn 2 is resent');

    // Every image saved at once with its sidecar: conversation {id, turn} and parent = previous image.
    let previous: { path: string; sha256: string } | null = null;
    for (const [j, result] of results.entries()) {
      assert.equal(result.images.length, 1, `turn ${j + 1} saved one image`);
      const image = result.images[0];
      const bytes = await vscode.workspace.fs.readFile(image.uri);
      const sidecar = await readJson(image.sidecar);
      assert.deepEqual(sidecar.conversation, { id, turn: j + 1 });
      assert.equal(sidecar.prompt, prompts[j]);
      assert.equal(sidecar.image.sha256, sha256(bytes));
      assert.deepEqual(sidecar.parent, previous);
      const finalPart = returned[j].parts?.find((p) => p.inlineData && !p.thought);
      assert.equal(Buffer.from(bytes).toString('base64'), finalPart?.inlineData?.data, 'the saved file is the returned image');
      previous = { path: sidecar.image.file, sha256: sidecar.image.sha256 };
    }
    const second2 = await readJson(results[1].images[0].sidecar);
    assert.deepEqual(second2.inputs.map((i: { path: string }) => i.path), ['images/sample.png']);

    // Stored without base64, with the signatures as returned.
    const file = vscode.Uri.joinPath(storage, 'chat', 'conversations', `${id}.json`);
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
    assert.ok(!text.includes('inlineData') && text.length < 40_000, `stored conversation is ${text.length} characters`);
    for (const turn of returned) {
      for (const part of turn.parts ?? []) if (part.thoughtSignature) assert.ok(text.includes(JSON.stringify(part.thoughtSignature)));
    }

    // A third window resumes too, even after the workspace copies of the images are gone.
    await removeIfExists(output);
    const third = harness(storage, inWorkspace('chat-tests', 'five-turns-after'), returned);
    const sixth = await third.engine.send({ prompt: 'one more', conversationId: id });
    assert.equal(sixth.turn, 6);
    assertExactHistory(generateRequests(fake), returned);
  });

  it('stops a turn mid-flight: the request is aborted, nothing is written, earlier turns stay', async () => {
    const storage = tempStorage();
    storages.push(storage);
    const output = inWorkspace('chat-tests', 'cancel');
    await removeIfExists(output);
    const returned: WireContent[] = [];
    const h = harness(storage, output, returned);
    const first = await h.engine.send({ prompt: 'a lighthouse' });
    const id = first.conversationId;
    const filesBefore = await listNames(output);

    fake.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const pending = h.engine.send({ prompt: 'make it stormy', conversationId: id }, controller.signal);
    await fake.waitForRequests(2, 20_000);
    assert.equal(h.engine.isRunning(id), true);
    controller.abort();
    await assert.rejects(pending, (error: Error & { code?: string }) => error.code === 'cancelled');
    assert.equal(h.engine.isRunning(id), false);

    assert.deepEqual(await listNames(output), filesBefore, 'no file from the stopped turn');
    const conversation = await h.engine.get(id);
    assert.equal(conversation?.exchanges.length, 1);
    assert.equal(conversation?.pending?.prompt, 'make it stormy', 'the prompt is kept to edit or retry');
    assert.equal(conversation?.pending?.error?.code, 'cancelled');
    // The stop reached the wire: the fake saw the client go away.
    await waitFor(() => generateRequests(fake)[1]?.aborted === true, 'the aborted request');

    // The stop button path (engine.stop) works the same way.
    fake.enqueue({ kind: 'hang' });
    const viaStop = h.engine.retry(id);
    await fake.waitForRequests(3, 20_000);
    assert.equal(h.engine.stop(id), true);
    await assert.rejects(viaStop, (error: Error & { code?: string }) => error.code === 'cancelled');

    const retried = await h.engine.retry(id);
    assert.equal(retried.turn, 2);
    const after = await h.engine.get(id);
    assert.equal(after?.pending, null);
    assert.equal(after?.exchanges.length, 2);
    assertExactHistory([generateRequests(fake)[0], generateRequests(fake)[3]], returned);
  });

  it('a failure on turn 3 leaves turns 1–2 intact and the prompt ready to retry', async () => {
    const storage = tempStorage();
    storages.push(storage);
    const output = inWorkspace('chat-tests', 'error');
    await removeIfExists(output);
    const returned: WireContent[] = [];
    const h = harness(storage, output, returned);
    const one = await h.engine.send({ prompt: 'a paper boat' });
    const id = one.conversationId;
    const two = await h.engine.send({ prompt: 'on a puddle', conversationId: id });
    const stored = (await h.engine.get(id))!;
    const filesBefore = await listNames(output);

    fake.enqueue({ kind: 'error', status: 500, message: 'Internal error encountered.' });
    const failure = await h.engine.send({ prompt: 'with rain drops', conversationId: id }).then(
      () => assert.fail('turn 3 should fail'),
      (error: Error & { code?: string }) => error,
    );
    assert.equal(failure.code, 'server');

    // Reload: the failed turn survives as a pending prompt with its error; turns 1–2 are unchanged.
    const reloaded = harness(storage, output, returned);
    const after = (await reloaded.engine.get(id))!;
    assert.deepEqual(after.exchanges, stored.exchanges);
    assert.equal(after.pending?.prompt, 'with rain drops');
    assert.equal(after.pending?.error?.code, 'server');
    assert.deepEqual(await listNames(output), filesBefore);
    for (const result of [one, two]) assert.ok(fs.existsSync(result.images[0].uri.fsPath));

    fake.enqueue({ kind: 'error', status: 400, message: 'Request contains an invalid argument.' });
    await assert.rejects(reloaded.engine.retry(id), (error: Error & { code?: string }) => error.code === 'badInput');
    assert.equal((await reloaded.engine.get(id))?.exchanges.length, 2);

    const three = await reloaded.engine.retry(id);
    assert.equal(three.turn, 3);
    const requests = generateRequests(fake);
    assertExactHistory([requests[0], requests[1], requests[requests.length - 1]], returned);
    const sidecar = await readJson(three.images[0].sidecar);
    assert.deepEqual(sidecar.conversation, { id, turn: 3 });
    assert.equal(sidecar.parent.path, (await readJson(two.images[0].sidecar)).image.file);
  });

  it('a transparent turn whose edit onto black fails keeps its prompt for Retry, which makes it transparent again', async () => {
    const storage = tempStorage();
    storages.push(storage);
    const output = inWorkspace('chat-tests', 'transparent');
    await removeIfExists(output);
    const returned: WireContent[] = [];
    const h = new Harness(storage, output, fake, returned, {}, undefined, { keepTransparencySources: () => false });
    harnesses.push(h);
    fake.enqueue({ kind: 'image' }, { kind: 'error', status: 400, message: 'Request contains an invalid argument.' });
    let id = '';
    await assert.rejects(
      h.engine.send({ prompt: 'a glass bottle', background: 'transparent' }, undefined, { onStarted: (started) => (id = started) }),
      (error: Error & { code?: string }) => error.code === 'badInput',
    );
    const failed = (await h.engine.get(id))!;
    assert.equal(failed.exchanges.length, 0);
    assert.equal(failed.pending?.prompt, 'a glass bottle');
    assert.equal(failed.pending?.background, 'transparent');
    assert.deepEqual(await listNames(output), [], 'the white version is not kept when sources are discarded');

    const turn = await h.engine.retry(id);
    assert.equal(turn.images.length, 1);
    assert.deepEqual(await listNames(output), ['a-glass-bottle.png', 'a-glass-bottle.png.json'], 'only the transparent result stays');
    const requests = generateRequests(fake);
    assert.equal(requests.length, 4, 'white, failed edit, then white and edit again');
    assert.match(requests[2].body.contents[0].parts[0].text, /^a glass bottle\n\n.*pure white background/s);
    const saved = (await h.engine.get(id))!;
    assert.equal(saved.exchanges[0].transparent?.op, 'differenceMatte');
    assert.equal(saved.exchanges[0].transparent?.image.path, 'chat-tests/transparent/a-glass-bottle.png');
    const answerImage = saved.exchanges[0].model.parts.find((p) => p.image && !p.thought)?.image;
    assert.ok(answerImage && answerImage.path === undefined, 'the discarded white file is not named by the history');

    // The next turn re-sends the answer on white from Pictor's own copy, exactly as it came.
    const next = await h.engine.send({ prompt: 'make it taller', conversationId: id });
    assert.equal(next.turn, 2);
    const sent = generateRequests(fake)[4].body.contents as WireContent[];
    assert.deepEqual(sent[0], requests[2].body.contents[0]);
    assert.deepEqual(sent[1], returned[1], 'the answer of the retried turn, on white');
    assert.equal((await readJson(next.images[0].sidecar)).parent.path, 'chat-tests/transparent/a-glass-bottle.png');
  });

  it('takes an answer in words as a turn and keeps its signature for the next one', async () => {
    const storage = tempStorage();
    storages.push(storage);
    const output = inWorkspace('chat-tests', 'text-only');
    await removeIfExists(output);
    const returned: WireContent[] = [];
    const h = harness(storage, output, returned);
    fake.enqueue({ kind: 'text', text: 'Which season should the scene be set in?' });
    const question = await h.engine.send({ prompt: 'a landscape' });
    assert.equal(question.images.length, 0);
    assert.equal(question.text, 'Which season should the scene be set in?');
    const answer = await h.engine.send({ prompt: 'autumn', conversationId: question.conversationId });
    assert.equal(answer.turn, 2);
    assert.equal(answer.images.length, 1);
    assertExactHistory(generateRequests(fake), returned);
    assert.equal((await readJson(answer.images[0].sidecar)).parent, null, 'no earlier image to refine');
  });

  it('refuses a history whose Pro signatures were lost (the fake rejects it like the service)', async () => {
    // Guards the guard: if the engine ever dropped signatures, the fake would catch it.
    const storage = tempStorage();
    storages.push(storage);
    const output = inWorkspace('chat-tests', 'lost-signature');
    const returned: WireContent[] = [];
    const h = harness(storage, output, returned);
    const first = await h.engine.send({ prompt: 'a kite' });
    const file = vscode.Uri.joinPath(storage, 'chat', 'conversations', `${first.conversationId}.json`);
    const json = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file)));
    for (const part of json.exchanges[0].model.parts) delete part.thoughtSignature;
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(JSON.stringify(json)));
    const tampered = harness(storage, output, returned);
    const error = await tampered.engine.send({ prompt: 'higher', conversationId: first.conversationId }).then(
      () => assert.fail('the fake should refuse'),
      (e: Error & { code?: string }) => e,
    );
    assert.equal(error.code, 'badInput');
  });

  it('runs two sends to one conversation one after the other: both turns are kept, in order', async () => {
    const storage = tempStorage();
    storages.push(storage);
    const output = inWorkspace('chat-tests', 'concurrent');
    await removeIfExists(output);
    const returned: WireContent[] = [];
    const h = harness(storage, output, returned);
    const first = await h.engine.send({ prompt: 'a red bicycle' });
    const id = first.conversationId;

    // The second send arrives while the first is on the wire and reads an attachment meanwhile;
    // a rename lands in the middle too.
    fake.enqueue({ kind: 'image', delayMs: 1500 });
    const slow = h.engine.send({ prompt: 'add a basket', conversationId: id });
    await fake.waitForRequests(2, 20_000);
    const queued = h.engine.send({ prompt: 'park it by a lake', conversationId: id, attachments: ['images/sample.png'] });
    await h.engine.rename(id, 'Bicycle');
    const [two, three] = await Promise.all([slow, queued]);

    assert.deepEqual([two.turn, three.turn], [2, 3]);
    const conversation = (await h.engine.get(id))!;
    assert.equal(conversation.title, 'Bicycle');
    assert.equal(conversation.pending, null);
    assert.deepEqual(
      conversation.exchanges.map((e) => e.user.parts.find((p) => typeof p.text === 'string')?.text),
      ['a red bicycle', 'add a basket', 'park it by a lake'],
    );
    // What a reload finds on disk is the same.
    const reloaded = harness(storage, output, returned);
    assert.equal((await reloaded.engine.get(id))?.exchanges.length, 3);
    // The queued turn was sent with the answer to the one before it.
    assertExactHistory(generateRequests(fake), returned);
    const sidecar = await readJson(three.images[0].sidecar);
    assert.deepEqual(sidecar.conversation, { id, turn: 3 });
    assert.equal(sidecar.parent.path, (await readJson(two.images[0].sidecar)).image.file);
  });

  it('refuses a send without a key before anything is stored: no new conversation, the old one keeps the prompt', async () => {
    const storage = tempStorage();
    storages.push(storage);
    const output = inWorkspace('chat-tests', 'no-key');
    await removeIfExists(output);
    const returned: WireContent[] = [];
    const withKey = harness(storage, output, returned);
    const existing = await withKey.engine.send({ prompt: 'a green lantern' });
    withKey.dispose();

    const noKey = new Harness(storage, output, fake, returned, {}, async () => {
      throw new PictorError('missingKey', 'Pictor needs a Gemini API key.');
    });
    harnesses.push(noKey);
    fake.reset();
    await assert.rejects(noKey.engine.send({ prompt: 'a blue lantern' }), (error: Error & { code?: string }) => error.code === 'missingKey');
    assert.deepEqual((await noKey.engine.list()).map((s) => s.id), [existing.conversationId], 'no new conversation is listed');
    assert.deepEqual(await listNames(vscode.Uri.joinPath(storage, 'chat', 'conversations')), [`${existing.conversationId}.json`]);

    // A typed prompt in an existing conversation stays, with the error and its Set API Key action.
    await assert.rejects(
      noKey.engine.send({ prompt: 'now lit', conversationId: existing.conversationId }),
      (error: Error & { code?: string }) => error.code === 'missingKey',
    );
    const kept = await noKey.engine.get(existing.conversationId);
    assert.equal(kept?.exchanges.length, 1);
    assert.equal(kept?.pending?.prompt, 'now lit');
    assert.equal(kept?.pending?.error?.code, 'missingKey');
    assert.equal(generateRequests(fake).length, 0, 'nothing was sent');
  });
});

describe('chat conversations: settings, titles, deletion', function () {
  this.timeout(120_000);
  let fake: FakeGemini;
  const storages: vscode.Uri[] = [];
  const engines: Harness[] = [];

  before(async () => {
    fake = await useFakeGemini();
  });
  after(async () => {
    for (const h of engines) h.dispose();
    for (const storage of storages) fs.rmSync(storage.fsPath, { recursive: true, force: true });
    await configure({ 'api.baseUrl': undefined });
    await fake?.close();
  });
  beforeEach(() => fake.reset());

  function make(name: string, settings?: Partial<ChatSettings>): Harness {
    const storage = tempStorage();
    storages.push(storage);
    const h = new Harness(storage, inWorkspace('chat-tests', name), fake, [], settings);
    engines.push(h);
    return h;
  }

  it('moves a Flash conversation to Pro: earlier turns get the documented placeholder, Pro turns keep their own', async () => {
    // Nano Banana (2.5) is legacy: only a project that used it before can still generate with it.
    fake.setLegacyModelsOpen(true);
    const h = make('switch-model', { model: 'gemini-2.5-flash-image', imageSize: null });
    const first = await h.engine.send({ prompt: 'a teapot' });
    const second = await h.engine.send({ prompt: 'in 2K please', conversationId: first.conversationId, model: PRO, imageSize: '2K' });
    const third = await h.engine.send({ prompt: 'with steam', conversationId: first.conversationId });
    assert.equal(third.turn, 3);
    const requests = generateRequests(fake);
    const flashTurn = requests[1].body.contents[1];
    const image = flashTurn.parts.find((p: { inlineData?: unknown }) => p.inlineData);
    assert.equal(image.thoughtSignature, 'context_engineering_is_the_way_to_go');
    assert.equal(requests[2].body.contents[3].parts.find((p: { inlineData?: unknown; thought?: boolean }) => p.inlineData && !p.thought).thoughtSignature, h.returned[1].parts?.find((p) => p.inlineData && !p.thought)?.thoughtSignature);
    const sidecar = await readJson(second.images[0].sidecar);
    assert.equal(sidecar.model, PRO);
    assert.equal(sidecar.config.imageSize, '2K');
    const conversation = await h.engine.get(first.conversationId);
    assert.deepEqual(conversation?.settings, { model: PRO, aspectRatio: '1:1', imageSize: '2K', grounding: false, thinkingLevel: null, serviceTier: 'standard' });
  });

  it('refuses a saved conversation whose model was retired, before any request, naming the replacement', async () => {
    const h = make('retired-conversation');
    const first = await h.engine.send({ prompt: 'a teapot' });
    // Saved while its model was current; that model has been shut down since.
    await h.store.update(first.conversationId, (c) => c && { ...c, settings: { ...c.settings, model: 'gemini-3-pro-image-preview' } });
    fake.reset();
    const error = await h.engine.send({ prompt: 'bluer', conversationId: first.conversationId }).then(
      () => assert.fail('a retired model must be refused'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof PictorError);
    assert.equal(error.code, 'badInput');
    assert.equal(error.replacement, PRO);
    assert.equal(error.message, 'gemini-3-pro-image-preview was shut down on 2026-06-25; its replacement is gemini-3-pro-image.');
    assert.equal(generateRequests(fake).length, 0, 'nothing was sent');
    const stored = await h.engine.get(first.conversationId);
    assert.equal(stored?.settings.model, 'gemini-3-pro-image-preview', 'nothing was substituted silently');
    const again = await h.engine.send({ prompt: 'bluer', conversationId: first.conversationId, model: PRO });
    assert.equal(again.turn, 2, 'choosing the replacement continues the same conversation');
  });

  it('sends the thinking level, flex tier and store: false of a chat, and records them in the sidecar', async () => {
    const h = make('options', { model: 'gemini-nano-banana-2.1', imageSize: '2K', aspectRatio: '4:1' });
    const result = await h.engine.send({ prompt: 'a banner', thinkingLevel: 'minimal', serviceTier: 'flex' });
    const [request] = generateRequests(fake);
    assert.deepEqual(request.body.generationConfig.thinkingConfig, { thinkingLevel: 'MINIMAL' });
    assert.deepEqual(request.body.generationConfig.imageConfig, { aspectRatio: '4:1', imageSize: '2K' });
    assert.equal(request.serviceTier, 'flex');
    assert.equal(request.store, false);
    const sidecar = await readJson(result.images[0].sidecar);
    assert.equal(sidecar.thinkingLevel, 'minimal');
    assert.equal(sidecar.serviceTier, 'flex');
    assert.equal(sidecar.store, false);
    await assert.rejects(h.engine.send({ prompt: 'x', conversationId: result.conversationId, model: PRO, thinkingLevel: 'high' }), /does not let you set a thinking level/);
    assert.equal(generateRequests(fake).length, 1, 'the refused turn sent nothing');
  });

  it('sends search grounding when asked and keeps its sources with the turn', async () => {
    const h = make('grounding');
    const result = await h.engine.send({ prompt: 'today\'s weather in Paris as an infographic', grounding: true });
    const body = generateRequests(fake)[0].body;
    assert.deepEqual(body.tools, [{ googleSearch: {} }]);
    const conversation = await h.engine.get(result.conversationId);
    const grounding = conversation?.exchanges[0].model.grounding;
    assert.ok(grounding && grounding.sources.length > 0 && grounding.searchEntryPoint);
    await assert.rejects(
      h.engine.send({ prompt: 'x', model: 'gemini-2.5-flash-image', grounding: true }),
      (error: Error & { code?: string }) => error.code === 'badInput',
    );
  });

  it('titles, renames, and deletes conversations, cleaning up the copies only they used', async () => {
    const h = make('manage');
    const a = await h.engine.send({ prompt: 'A lighthouse at dawn\nwith gulls' });
    const b = await h.engine.send({ prompt: 'a second conversation' });
    const list = await h.engine.list();
    assert.deepEqual(list.map((s) => s.id), [b.conversationId, a.conversationId], 'most recent first');
    assert.equal(list[1].title, 'A lighthouse at dawn');
    assert.ok(list[1].thumbnail?.path);

    await h.engine.rename(a.conversationId, '  Lighthouse  ');
    await h.engine.send({ prompt: 'more gulls', conversationId: a.conversationId });
    assert.equal((await h.engine.get(a.conversationId))?.title, 'Lighthouse', 'a chosen title is never replaced');
    await assert.rejects(h.engine.rename(a.conversationId, '   '), (e: Error & { code?: string }) => e.code === 'badInput');

    const imagesDir = vscode.Uri.joinPath(h.storage, 'chat', 'images');
    const before = await listNames(imagesDir);
    await h.engine.delete(b.conversationId);
    assert.equal(await h.engine.get(b.conversationId), undefined);
    assert.equal(fs.existsSync(path.join(h.storage.fsPath, 'chat', 'conversations', `${b.conversationId}.json`)), false);
    const after = await listNames(imagesDir);
    assert.ok(after.length < before.length, 'copies only the deleted conversation used are removed');
    assert.ok(fs.existsSync(b.images[0].uri.fsPath), 'its images stay in the workspace');

    // Still complete: the remaining conversation can go on.
    const reloaded = new Harness(h.storage, h.output, fake, []);
    engines.push(reloaded);
    assert.deepEqual((await reloaded.engine.list()).map((s) => s.id), [a.conversationId]);
    assert.equal((await reloaded.engine.send({ prompt: 'and a boat', conversationId: a.conversationId })).turn, 3);
  });

  it('lists conversations from storage even when one file is damaged', async () => {
    const h = make('damaged');
    const ok = await h.engine.send({ prompt: 'a cactus' });
    const dir = vscode.Uri.joinPath(h.storage, 'chat', 'conversations');
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, 'deadbeef-0000.json'), new TextEncoder().encode('{"version": 1, "id": '));
    const reloaded = new Harness(h.storage, h.output, fake, []);
    engines.push(reloaded);
    assert.deepEqual((await reloaded.engine.list()).map((s) => s.id), [ok.conversationId]);
    assert.ok(fs.existsSync(path.join(dir.fsPath, 'deadbeef-0000.json')), 'a damaged file is left for a human to look at');
  });
});

describe('pictor.chat.send', function () {
  this.timeout(60_000);
  let fake: FakeGemini;

  before(async () => {
    fake = await useFakeGemini();
    await configure({ outputFolder: 'chat-tests/command' });
  });
  after(async () => {
    await configure({ 'api.baseUrl': undefined, outputFolder: undefined });
    await fake?.close();
  });
  beforeEach(() => fake.reset());

  it('starts a conversation, continues it by id and returns what it saved', async () => {
    await removeIfExists(inWorkspace('chat-tests', 'command'));
    const first = (await vscode.commands.executeCommand('pictor.chat.send', { prompt: 'a tiny robot', model: PRO, aspectRatio: '4:3' })) as ChatTurnResult;
    assert.match(first.conversationId, /^[a-z0-9-]{8,}$/);
    assert.equal(first.turn, 1);
    assert.equal(first.images.length, 1);
    assert.ok(first.images[0].uri.path.startsWith(`${workspaceRoot().path}/chat-tests/command/a-tiny-robot`));
    assert.ok(typeof first.text === 'string');

    const second = (await vscode.commands.executeCommand('pictor.chat.send', {
      prompt: 'give it a hat',
      conversationId: first.conversationId,
      attachments: ['images/sample.png'],
    })) as ChatTurnResult;
    assert.equal(second.turn, 2);
    assert.equal(second.conversationId, first.conversationId);
    // Named after what the conversation is about, not after the last instruction ("give it a hat").
    assert.match(second.images[0].uri.path.split('/').pop()!, /^a-tiny-robot-\d+\.png$/);
    const sidecar = await readJson(second.images[0].sidecar);
    assert.deepEqual(sidecar.conversation, { id: first.conversationId, turn: 2 });
    assert.equal(sidecar.model, PRO, 'the conversation keeps its model');
    assert.equal(sidecar.config.aspectRatio, '4:3', 'and its aspect ratio');
    const requests = generateRequests(fake);
    assert.equal(requests[1].body.contents.length, 3);
    assert.ok(requests[1].body.contents[1].parts.some((p: { thoughtSignature?: string }) => p.thoughtSignature));
  });

  it('names the image saved just before as parent, also between the images of one turn', async () => {
    await removeIfExists(inWorkspace('chat-tests', 'command'));
    fake.enqueue({ kind: 'image', images: [{}, {}] }, { kind: 'image' }, { kind: 'image', images: [{}, {}] });
    const first = (await vscode.commands.executeCommand('pictor.chat.send', { prompt: 'two robots' })) as ChatTurnResult;
    const id = first.conversationId;
    const second = (await vscode.commands.executeCommand('pictor.chat.send', { prompt: 'one robot', conversationId: id })) as ChatTurnResult;
    const third = (await vscode.commands.executeCommand('pictor.chat.send', { prompt: 'two again', conversationId: id })) as ChatTurnResult;
    assert.deepEqual([first, second, third].map((r) => r.images.length), [2, 1, 2]);

    // Followed file by file: each sidecar's parent is the previous image, its lineage everything before.
    const turns = [first, second, third].flatMap((r) => r.images.map((image) => ({ turn: r.turn, image })));
    const earlier: Array<{ path: string; sha256: string }> = [];
    for (const { turn, image } of turns) {
      const sidecar = await readJson(image.sidecar);
      assert.deepEqual(sidecar.conversation, { id, turn });
      assert.deepEqual(sidecar.parent, earlier[earlier.length - 1] ?? null, `parent of ${sidecar.image.file}`);
      assert.deepEqual(sidecar.lineage ?? [], earlier, `lineage of ${sidecar.image.file}`);
      earlier.push({ path: sidecar.image.file, sha256: sidecar.image.sha256 });
    }
    assert.equal(new Set(earlier.map((e) => e.path)).size, 5, 'five distinct files');
  });

  it('makes a turn transparent when asked: the answer on white, its edit onto black, the matted PNG as the result', async () => {
    await removeIfExists(inWorkspace('chat-tests', 'command'));
    const first = (await vscode.commands.executeCommand('pictor.chat.send', { prompt: 'a round orange logo', background: 'transparent' })) as ChatTurnResult;
    assert.equal(first.images.length, 1, 'the transparent PNG is the only result');
    assert.equal(first.images[0].uri.path.split('/').pop(), 'a-round-orange-logo.png');
    assert.deepEqual(await listNames(inWorkspace('chat-tests', 'command')), [
      'a-round-orange-logo.black.png',
      'a-round-orange-logo.black.png.json',
      'a-round-orange-logo.png',
      'a-round-orange-logo.png.json',
      'a-round-orange-logo.white.png',
      'a-round-orange-logo.white.png.json',
    ]);
    const png = PNG.sync.read(Buffer.from(await vscode.workspace.fs.readFile(first.images[0].uri)));
    const alpha = (x: number, y: number) => png.data[(y * png.width + x) * 4 + 3];
    assert.equal(alpha(0, 0), 0, 'corner transparent');
    assert.equal(alpha(Math.round(png.width / 2), Math.round(png.height * 0.45)), 255, 'subject opaque');

    const [whiteRequest, blackRequest] = generateRequests(fake);
    assert.equal(generateRequests(fake).length, 2, 'two calls: the turn, then the edit onto black');
    assert.match(whiteRequest.body.contents[0].parts[0].text, /^a round orange logo\n\n.*pure white background/s);
    assert.equal(blackRequest.body.contents.length, 1, 'the edit sends the white image alone, not the history');
    const editParts = blackRequest.body.contents[0].parts;
    assert.match(editParts.find((p: { text?: string }) => p.text).text, /background to pure solid black/);
    const whiteFile = await vscode.workspace.fs.readFile(inWorkspace('chat-tests', 'command', 'a-round-orange-logo.white.png'));
    assert.ok(Buffer.from(editParts.find((p: { inlineData?: unknown }) => p.inlineData).inlineData.data, 'base64').equals(Buffer.from(whiteFile)));

    const sidecar = await readJson(first.images[0].sidecar);
    const white = await readJson(inWorkspace('chat-tests', 'command', 'a-round-orange-logo.white.png.json'));
    const black = await readJson(inWorkspace('chat-tests', 'command', 'a-round-orange-logo.black.png.json'));
    assert.deepEqual(sidecar.conversation, { id: first.conversationId, turn: 1 });
    assert.deepEqual(sidecar.inputs.map((i: { path: string }) => i.path), ['chat-tests/command/a-round-orange-logo.white.png', 'chat-tests/command/a-round-orange-logo.black.png']);
    assert.equal(sidecar.postprocess[0].op, 'differenceMatte');
    assert.equal(sidecar.prompt, 'a round orange logo');
    assert.ok(Math.abs(sidecar.estimatedCostUsd - (white.estimatedCostUsd + black.estimatedCostUsd)) < 1e-6, 'both calls are counted');

    // The next turn continues from the transparent image (its parent), and re-sends the turn as it went:
    // the prompt with its white-background instruction, and the model's own answer on white.
    const second = (await vscode.commands.executeCommand('pictor.chat.send', { prompt: 'make it blue', conversationId: first.conversationId })) as ChatTurnResult;
    const next = generateRequests(fake)[2];
    assert.equal(next.body.contents.length, 3);
    assert.deepEqual(next.body.contents[0], whiteRequest.body.contents[0], 'the first turn as it was sent');
    const answered = next.body.contents[1].parts.find((p: { inlineData?: unknown; thought?: boolean }) => p.inlineData && !p.thought);
    const resent = PNG.sync.read(Buffer.from(answered.inlineData.data, 'base64'));
    assert.deepEqual([...resent.data.subarray(0, 4)], [255, 255, 255, 255], 'the answer on white is re-sent, not the transparent PNG');
    const nextSidecar = await readJson(second.images[0].sidecar);
    assert.deepEqual(nextSidecar.parent, { path: 'chat-tests/command/a-round-orange-logo.png', sha256: sidecar.image.sha256 });
    assert.equal(nextSidecar.postprocess, undefined, 'a turn without the option is opaque');
    assert.equal(generateRequests(fake).length, 3, 'one call for the opaque turn');
  });

  it('rejects with missingKey when no key is stored, before any request', async () => {
    await vscode.commands.executeCommand('pictor.clearApiKey', {});
    try {
      const error = await expectReject('pictor.chat.send', { prompt: 'a robot without a key' });
      assert.equal(error.code, 'missingKey');
      assert.equal(fake.requests.length, 0);
    } finally {
      await vscode.commands.executeCommand('pictor.setApiKey', { apiKey: TEST_KEY });
    }
  });

  it('rejects with the same error codes as pictor.generate', async () => {
    let error = await expectReject('pictor.chat.send', { prompt: 'x', colour: 'red' });
    assert.equal(error.code, 'badInput');
    assert.match(error.message, /colour/);
    error = await expectReject('pictor.chat.send', { prompt: '   ' });
    assert.equal(error.code, 'badInput');
    error = await expectReject('pictor.chat.send', { prompt: 'x', conversationId: '../../etc/passwd' });
    assert.equal(error.code, 'badInput');
    error = await expectReject('pictor.chat.send', { prompt: 'x', conversationId: 'no-such-conversation' });
    assert.equal(error.code, 'badInput');
    error = await expectReject('pictor.chat.send', { prompt: 'x', attachments: ['/etc/hostname'] });
    assert.equal(error.code, 'badInput');
    error = await expectReject('pictor.chat.send', { prompt: 'x', model: 'gemini-2.5-flash-image', imageSize: '4K' });
    assert.equal(error.code, 'badInput');
    fake.enqueue({ kind: 'blocked', blockReason: 'SAFETY' });
    error = await expectReject('pictor.chat.send', { prompt: 'something blocked' });
    assert.equal(error.code, 'blocked');
    fake.enqueue({ kind: 'error', status: 429, message: 'Resource exhausted.', retryDelay: '600s' });
    error = await expectReject('pictor.chat.send', { prompt: 'too many' });
    assert.equal(error.code, 'quota');
  });
});

async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
