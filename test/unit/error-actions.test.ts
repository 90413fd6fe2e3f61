import * as assert from 'node:assert/strict';
import { abortOnCancel, cancellationTokenSchema } from '../../src/core/cancellation';
import { errorActions } from '../../src/core/error-actions';
import { PictorError } from '../../src/core/errors';
import { taggedLogger, type Logger } from '../../src/core/log';
import { generateArgsSchema } from '../../src/core/spec';

const all = { retry: true, editPrompt: true };
const labels = (facts: Parameters<typeof errorActions>[0], support = all) => errorActions(facts, support).map((a) => a.label);

describe('the shared error-action table', () => {
  it('offers Edit Prompt first for a blocked prompt, then Retry and Show Log', () => {
    assert.deepEqual(labels(new PictorError('blocked', 'Gemini blocked the prompt.')), ['Edit Prompt', 'Retry', 'Show Log']);
  });

  it('offers only what the surface can do: no Edit Prompt or Retry without a handler', () => {
    assert.deepEqual(labels(new PictorError('blocked', 'x'), { retry: false, editPrompt: false }), ['Show Log']);
  });

  it('offers no Retry when waiting cannot help, and Open Settings only with a setting', () => {
    const noQuota = new PictorError('quota', 'limit 0', { retryable: false, setting: 'pictor.defaultModel' });
    assert.deepEqual(labels(noQuota), ['Open Settings', 'Show Log']);
    assert.deepEqual(labels(new PictorError('quota', 'slow down', { retryAfterSeconds: 5 })), ['Retry', 'Show Log']);
  });

  it('names the replacement model on its button', () => {
    const [first] = errorActions({ code: 'badInput', replacement: 'gemini-3-pro-image-preview' }, { retry: false, editPrompt: false }).filter((a) => a.id === 'useModel');
    assert.match(first?.label ?? '', /^Use .+/);
  });

  it('offers Edit Prompt for bad input only when no setting is at fault', () => {
    assert.deepEqual(labels(new PictorError('badInput', 'too long')), ['Edit Prompt', 'Retry', 'Show Log']);
    assert.deepEqual(labels(new PictorError('badInput', 'bad base URL', { setting: 'pictor.api.baseUrl' })), ['Open Settings', 'Retry', 'Show Log']);
  });

  it('offers Set API Key for key problems and Open Settings for a redirect', () => {
    assert.equal(labels(new PictorError('missingKey', 'x'))[0], 'Set API Key');
    assert.deepEqual(labels(new PictorError('network', 'redirect', { setting: 'pictor.api.baseUrl' })), ['Retry', 'Open Settings', 'Show Log']);
  });

  it('gives an unknown stored code Retry and Show Log rather than nothing', () => {
    assert.deepEqual(labels({ code: 'somethingNew' }), ['Retry', 'Show Log']);
  });
});

describe('PictorError.from', () => {
  it('returns a PictorError unchanged and wraps anything else as server with its message', () => {
    const original = new PictorError('quota', 'q');
    assert.equal(PictorError.from(original), original);
    const wrapped = PictorError.from(new TypeError('boom'));
    assert.equal(wrapped.code, 'server');
    assert.equal(wrapped.message, 'boom');
    assert.equal(PictorError.from('text').message, 'text');
    const withFallback = PictorError.from(new Error('EACCES'), 'Could not save.');
    assert.equal(withFallback.message, 'Could not save.');
    assert.equal(withFallback.detail, 'EACCES');
  });
});

describe('component-tagged log lines', () => {
  it('prefixes every level with [component]', () => {
    const lines: string[] = [];
    const base: Logger = { trace: (m) => lines.push(m), debug: (m) => lines.push(m), info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
    const log = taggedLogger(base, 'client');
    log.info('ok');
    log.error('bad');
    assert.deepEqual(lines, ['[client] ok', '[client] bad']);
  });
});

describe('cancellationToken in argument objects', () => {
  const token = (cancelled = false) => {
    const listeners: Array<() => unknown> = [];
    return {
      isCancellationRequested: cancelled,
      onCancellationRequested: (listener: () => unknown) => {
        listeners.push(listener);
        return { dispose: () => listeners.splice(listeners.indexOf(listener), 1) };
      },
      fire: () => listeners.forEach((l) => l()),
      listeners,
    };
  };

  it('accepts a token-shaped object (kept as the same object) and refuses anything else', () => {
    const t = token();
    const parsed = generateArgsSchema.parse({ prompt: 'a cat', cancellationToken: t });
    assert.equal(parsed.cancellationToken, t);
    assert.equal(generateArgsSchema.safeParse({ prompt: 'a cat', cancellationToken: true }).success, false);
    assert.equal(cancellationTokenSchema.safeParse({ isCancellationRequested: false }).success, false);
  });

  it('aborts when the token fires, at once when already cancelled, and lets go when disposed', () => {
    const t = token();
    const controller = new AbortController();
    const link = abortOnCancel(t, controller);
    assert.equal(controller.signal.aborted, false);
    t.fire();
    assert.equal(controller.signal.aborted, true);
    link.dispose();
    assert.equal(t.listeners.length, 0);
    const already = new AbortController();
    abortOnCancel(token(true), already);
    assert.equal(already.signal.aborted, true);
  });
});
