import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  FOREIGN_TURN_SIGNATURE,
  buildHistory,
  checkNextTurn,
  cleanTitle,
  createConversation,
  conversationSubject,
  describeExchange,
  inlineParts,
  lastImage,
  parseConversation,
  referencedImages,
  savedImages,
  serializeConversation,
  summarize,
  titleFromPrompt,
  toStoredParts,
  userParts,
  type ChatSettings,
  type Conversation,
  type Exchange,
  type ImageRef,
} from '../../src/core/conversation';
import { PictorError } from '../../src/core/errors';
import type { WireContent } from '../../src/core/request';

const PRO = 'gemini-3-pro-image';
const FLASH = 'gemini-2.5-flash-image';
const ID = '0b9f5c1e-2a3d-4e5f-8a9b-0c1d2e3f4a5b';
const NOW = new Date('2026-01-02T03:04:05.000Z');

const settings = (model = PRO): ChatSettings => ({ model, aspectRatio: '16:9', imageSize: model === PRO ? '2K' : null, grounding: false });

/** Distinct small "images": the core never decodes them, it only moves and hashes bytes. */
function bytesOf(label: string, size = 64): Uint8Array {
  const out = new Uint8Array(size);
  const seed = createHash('sha256').update(label).digest();
  for (let i = 0; i < size; i++) out[i] = seed[i % seed.length] ^ (i & 0xff);
  return out;
}
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A fake content-addressed store standing in for the host's reader. */
class Blobs {
  readonly map = new Map<string, Uint8Array>();
  reads = 0;
  ref(bytes: Uint8Array, mimeType = 'image/png', path?: string): ImageRef {
    this.map.set(sha(bytes), bytes);
    return { sha256: sha(bytes), mimeType, bytes: bytes.byteLength, ...(path ? { path } : {}) };
  }
  read = async (ref: ImageRef): Promise<Uint8Array> => {
    this.reads++;
    const bytes = this.map.get(ref.sha256);
    if (!bytes) throw new Error('gone');
    return bytes;
  };
}

/** A Pro model turn as the API returns it: thoughts first, signatures on the final parts. */
function proTurn(n: number): WireContent {
  return {
    role: 'model',
    parts: [
      { text: `**Planning ${n}**`, thought: true },
      { inlineData: { mimeType: 'image/png', data: b64(bytesOf(`draft-${n}`)) }, thought: true },
      { text: `Here is version ${n}.`, thoughtSignature: `c2lnLXRleHQt${n}+/=` },
      { inlineData: { mimeType: 'image/png', data: b64(bytesOf(`final-${n}`)) }, thoughtSignature: `U2lnbmF0dXJl/${n}+AAA==` },
    ],
  };
}

function storeTurn(blobs: Blobs, content: WireContent, savedAs: string): Exchange['model']['parts'] {
  const refs = new Map<number, ImageRef>();
  for (const part of inlineParts(content)) {
    refs.set(part.index, blobs.ref(part.bytes, part.mimeType, part.thought ? undefined : savedAs));
  }
  return toStoredParts(content.parts, refs);
}

function exchange(blobs: Blobs, prompt: string, content: WireContent, savedAs: string, model = PRO, attachments: ImageRef[] = []): Exchange {
  return {
    user: { parts: userParts(prompt, attachments), sentAt: NOW.toISOString() },
    model: {
      parts: storeTurn(blobs, content, savedAs),
      settings: settings(model),
      finishReason: 'STOP',
      modelVersion: model,
      responseId: 'r1',
      // Pro reports its thinking apart from the output.
      usage: { promptTokens: 10, outputTokens: 1300, totalTokens: 1310, thoughtTokens: 250 },
      grounding: null,
      receivedAt: NOW.toISOString(),
    },
  };
}

describe('conversation model', () => {
  it('round-trips through its JSON form without image bytes', () => {
    const blobs = new Blobs();
    const conversation: Conversation = {
      ...createConversation(ID, settings(), NOW),
      title: 'A fox',
      exchanges: [exchange(blobs, 'a fox', proTurn(1), 'assets/generated/a-fox.png')],
    };
    const text = serializeConversation(conversation);
    assert.ok(!text.includes(b64(bytesOf('final-1'))), 'no base64 image data in the stored form');
    assert.ok(!text.includes('inlineData'));
    assert.deepEqual(parseConversation(text), conversation);
  });

  it('refuses malformed files with a badInput error', () => {
    assert.throws(() => parseConversation('{'), (e: unknown) => e instanceof PictorError && e.code === 'badInput');
    const good = JSON.parse(serializeConversation(createConversation(ID, settings(), NOW)));
    for (const bad of [{ ...good, version: 2 }, { ...good, id: '../../etc' }, { ...good, extra: 1 }, { ...good, settings: { ...good.settings, aspectRatio: '7:5' } }]) {
      assert.throws(() => parseConversation(JSON.stringify(bad)), PictorError);
    }
    assert.throws(() => createConversation('Bad Id!', settings(), NOW), PictorError);
  });

  it('refuses image paths that leave the workspace', () => {
    const conversation = createConversation(ID, settings(), NOW);
    const withPath = (path: string) =>
      JSON.stringify({ ...conversation, pending: { prompt: 'x', attachments: [{ sha256: 'a'.repeat(64), mimeType: 'image/png', bytes: 1, path }], startedAt: NOW.toISOString(), error: null } });
    assert.ok(parseConversation(withPath('images/a.png')).pending);
    for (const path of ['/etc/passwd', '../a.png', 'a/../../b.png', 'C:/x.png', 'a\\b.png']) {
      assert.throws(() => parseConversation(withPath(path)), PictorError, path);
    }
  });

  it('makes titles from the first line of the first prompt', () => {
    assert.equal(titleFromPrompt('  A red\tfox  '), 'A red fox');
    assert.equal(titleFromPrompt('\n\nsecond line first\nthird'), 'second line first');
    assert.equal(titleFromPrompt('   '), 'New chat');
    const long = titleFromPrompt('Create a vibrant infographic that explains photosynthesis as if it were a recipe for a plant');
    assert.ok(long.length <= 60, long);
    assert.ok(long.endsWith('…'));
    assert.ok(!/\s…$/.test(long));
    assert.equal(cleanTitle('  My\nlogo\u0007 ideas '), 'My logo ideas');
    assert.equal(cleanTitle('x'.repeat(200)).length, 80);
  });
});

describe('conversation subject (names of chat images)', () => {
  const exchange = {} as never;
  it('is the first prompt on the first turn, then the title taken from it, whatever the later instruction', () => {
    assert.equal(conversationSubject({ title: 'New chat', titleIsCustom: false, exchanges: [] }, 'a lighthouse at dusk'), 'a lighthouse at dusk');
    assert.equal(conversationSubject({ title: 'a lighthouse at dusk', titleIsCustom: false, exchanges: [exchange] }, 'make the sky purple'), 'a lighthouse at dusk');
  });

  it('is the title the user typed, from the first turn on', () => {
    assert.equal(conversationSubject({ title: 'Brand mascot', titleIsCustom: true, exchanges: [] }, 'a fox waving'), 'Brand mascot');
  });
});

describe('conversation history', () => {
  it('rebuilds every part exactly as the API returned it, signatures byte-for-byte', async () => {
    const blobs = new Blobs();
    const turns = [proTurn(1), proTurn(2)];
    const attachment = blobs.ref(bytesOf('sketch'), 'image/jpeg', 'images/sketch.jpg');
    const conversation: Conversation = {
      ...createConversation(ID, settings(), NOW),
      exchanges: [
        exchange(blobs, 'a fox', turns[0], 'assets/generated/a-fox.png', PRO, [attachment]),
        exchange(blobs, 'make it blue', turns[1], 'assets/generated/make-it-blue.png'),
      ],
    };
    const history = await buildHistory(parseConversation(serializeConversation(conversation)), blobs.read, PRO);
    assert.deepEqual(history, [
      { role: 'user', parts: [{ text: 'a fox' }, { inlineData: { mimeType: 'image/jpeg', data: b64(bytesOf('sketch')) } }] },
      turns[0],
      { role: 'user', parts: [{ text: 'make it blue' }] },
      turns[1],
    ]);
    assert.equal(history[1].parts?.[3].thoughtSignature, 'U2lnbmF0dXJl/1+AAA==');
  });

  it('keeps part fields it does not know', async () => {
    const blobs = new Blobs();
    const content = { role: 'model', parts: [{ text: 'hi', thoughtSignature: 'x', videoMetadata: { fps: 1 } }, { functionCall: { name: 'f', args: { a: 1 } } }] } as unknown as WireContent;
    const conversation: Conversation = { ...createConversation(ID, settings(), NOW), exchanges: [exchange(blobs, 'p', content, 'a.png')] };
    const history = await buildHistory(parseConversation(serializeConversation(conversation)), blobs.read, PRO);
    assert.deepEqual(history[1], content);
  });

  it('refuses to send a history whose image changed or vanished', async () => {
    const blobs = new Blobs();
    const conversation: Conversation = { ...createConversation(ID, settings(), NOW), exchanges: [exchange(blobs, 'a fox', proTurn(1), 'assets/generated/a-fox.png')] };
    const finalSha = sha(bytesOf('final-1'));
    blobs.map.set(finalSha, bytesOf('tampered'));
    await assert.rejects(buildHistory(conversation, blobs.read, PRO), (e: unknown) => e instanceof PictorError && e.code === 'badInput' && /a-fox\.png/.test(e.message));
    blobs.map.delete(finalSha);
    await assert.rejects(buildHistory(conversation, blobs.read, PRO), (e: unknown) => e instanceof PictorError && /Edit in New Chat/.test(e.message));
  });

  it('marks turns of a non-thinking model for a thinking one, and only those parts', async () => {
    const blobs = new Blobs();
    const flashTurn: WireContent = {
      role: 'model',
      parts: [{ text: 'Here you go.' }, { inlineData: { mimeType: 'image/png', data: b64(bytesOf('flash')) } }],
    };
    const conversation: Conversation = {
      ...createConversation(ID, settings(FLASH), NOW),
      exchanges: [exchange(blobs, 'a fox', flashTurn, 'a.png', FLASH), exchange(blobs, 'bluer', proTurn(2), 'b.png', PRO)],
    };
    const toPro = await buildHistory(conversation, blobs.read, PRO);
    assert.equal(toPro[1].parts?.[0].thoughtSignature, undefined, 'text parts are left alone');
    assert.equal(toPro[1].parts?.[1].thoughtSignature, FOREIGN_TURN_SIGNATURE);
    assert.deepEqual(toPro[3], proTurn(2), 'Pro turns keep their own signatures');
    const toFlash = await buildHistory(conversation, blobs.read, FLASH);
    assert.deepEqual(toFlash[1], flashTurn);
  });

  it('reads each image through the callback (no I/O of its own)', async () => {
    const blobs = new Blobs();
    const conversation: Conversation = { ...createConversation(ID, settings(), NOW), exchanges: [exchange(blobs, 'a', proTurn(1), 'a.png')] };
    await buildHistory(conversation, blobs.read, PRO);
    assert.equal(blobs.reads, 2, 'the thought image and the final image');
  });
});

describe('conversation reading and limits', () => {
  it('describes turns and finds the last image', () => {
    const blobs = new Blobs();
    const attachment = blobs.ref(bytesOf('sketch'), 'image/png', 'images/sketch.png');
    const conversation: Conversation = {
      ...createConversation(ID, settings(), NOW),
      title: 'Fox',
      exchanges: [
        exchange(blobs, 'a fox', proTurn(1), 'out/a-fox.png', PRO, [attachment]),
        exchange(blobs, 'any questions?', { role: 'model', parts: [{ text: 'Which colour?', thoughtSignature: 's' }] }, 'unused'),
      ],
    };
    const first = describeExchange(conversation.exchanges[0]);
    assert.equal(first.prompt, 'a fox');
    assert.deepEqual(first.attachments.map((a) => a.path), ['images/sketch.png']);
    assert.deepEqual(first.images.map((a) => a.path), ['out/a-fox.png']);
    assert.equal(first.thoughtImages.length, 1);
    assert.equal(first.text, 'Here is version 1.');
    assert.equal(first.thoughts, '**Planning 1**');
    assert.equal(describeExchange(conversation.exchanges[1]).text, 'Which colour?');
    assert.equal(lastImage(conversation)?.path, 'out/a-fox.png');
    assert.deepEqual(savedImages(conversation).map((i) => i.path), ['out/a-fox.png'], 'final images only: drafts and attachments are no parents');
    assert.equal(referencedImages(conversation).length, 3);
    const summary = summarize(conversation);
    assert.equal(summary.turns, 2);
    assert.equal(summary.thumbnail?.path, 'out/a-fox.png');
    assert.equal(summary.hasError, false);
  });

  it('shows a transparent turn by its result while its history stays the answer on white', async () => {
    const blobs = new Blobs();
    const instruction = 'Place the subject on a pure white background.';
    const sent = { ...exchange(blobs, `a logo\n\n${instruction}`, proTurn(1), 'out/a-logo.white.png'), transparent: {
      image: blobs.ref(bytesOf('transparent'), 'image/png', 'out/a-logo.png'),
      instruction,
      op: 'differenceMatte' as const,
    } };
    const conversation: Conversation = { ...createConversation(ID, settings(), NOW), exchanges: [sent] };
    assert.deepEqual(parseConversation(serializeConversation(conversation)), conversation, 'round-trips');
    const turn = describeExchange(sent);
    assert.equal(turn.prompt, 'a logo', 'the instruction is not shown as part of the prompt');
    assert.deepEqual(turn.images.map((i) => i.path), ['out/a-logo.png']);
    assert.equal(lastImage(conversation)?.path, 'out/a-logo.png', 'the next image names the transparent one as parent');
    assert.ok(referencedImages(conversation).some((r) => r.path === 'out/a-logo.png'), 'its copy is kept');
    const history = await buildHistory(conversation, blobs.read, PRO);
    assert.equal(history[0]!.parts![0]!.text, `a logo\n\n${instruction}`, 'the prompt as it was sent');
    assert.deepEqual(history[1], proTurn(1), 'the answer on white as it came');
    // The local result is never sent, so it does not count towards the request limit.
    const big = { ...sent, transparent: { ...sent.transparent, image: { ...sent.transparent.image, bytes: 19 * 1024 * 1024 } } };
    assert.doesNotThrow(() => checkNextTurn({ ...conversation, exchanges: [big] }, PRO, []));
  });

  it('checks image count and request size before sending', () => {
    const blobs = new Blobs();
    const conversation = createConversation(ID, settings(), NOW);
    const many = Array.from({ length: 15 }, (_, i) => blobs.ref(bytesOf(`r${i}`), 'image/png', `r${i}.png`));
    assert.doesNotThrow(() => checkNextTurn(conversation, PRO, many.slice(0, 14)));
    assert.throws(() => checkNextTurn(conversation, PRO, many), /at most 14/);
    const huge: ImageRef = { sha256: 'b'.repeat(64), mimeType: 'image/png', bytes: 16 * 1024 * 1024, path: 'big.png' };
    assert.throws(() => checkNextTurn(conversation, PRO, [huge]), (e: unknown) => e instanceof PictorError && e.code === 'badInput' && /20 MB/.test(e.message));
  });
});
