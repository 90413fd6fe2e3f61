import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEFAULT_MODEL } from '../../src/core/models';
import { startFakeGemini, type FakeGemini } from '../fake-gemini';
import { configure, expectReject, fakeGeminiPerSuite, inWorkspace, listNames, removeIfExists } from './support';

/** Polls until `check` holds (the fake records an abort only when the socket closes). */
async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('faults: the key stays home, scripts can cancel', function () {
  this.timeout(60_000);
  const suite = fakeGeminiPerSuite();
  /** Another origin (another port), standing for where a hostile or broken base URL redirects. */
  let elsewhere: FakeGemini;
  const output = inWorkspace('fault-tests');

  before(async () => {
    elsewhere = await startFakeGemini();
  });
  after(async () => {
    await elsewhere.close();
    await removeIfExists(output);
  });
  beforeEach(async () => {
    elsewhere.reset();
    await removeIfExists(output);
  });

  it('a base URL that redirects to another origin: network error naming the redirect, no key sent there, nothing written', async () => {
    suite.fake.enqueue({ kind: 'redirect', status: 302, location: `${elsewhere.url}/v1beta/models/${DEFAULT_MODEL}:generateContent` });
    const error = await expectReject('pictor.generate', { prompt: 'a redirected cat', outputFolder: 'fault-tests' });
    assert.equal(error.code, 'network');
    assert.ok(error.message.includes(elsewhere.url), error.message);
    assert.match(error.message, /redirect/);
    assert.equal(elsewhere.requests.length, 0, 'the other origin received no request (and so no key)');
    assert.deepEqual(await listNames(output), [], 'nothing written');
  });

  it('a Files API upload redirected to another origin is refused the same way', async () => {
    suite.fake.setRedirect({ actions: ['files.uploadStart'], status: 307, location: `${elsewhere.url}/upload/v1beta/files` });
    // Four 6 MB-ish references push the request past the inline limit, so the largest are uploaded.
    const big = inWorkspace('fault-tests', 'big.png');
    await vscode.workspace.fs.writeFile(big, noisePng(6 * 1024 * 1024));
    const before = await listNames(output);
    const error = await expectReject('pictor.generate', {
      prompt: 'compose these',
      references: ['fault-tests/big.png', 'fault-tests/big.png', 'fault-tests/big.png', 'fault-tests/big.png'],
      outputFolder: 'fault-tests',
    });
    assert.equal(error.code, 'network');
    assert.equal(elsewhere.requests.length, 0);
    assert.ok(suite.fake.requests.some((r) => r.action === 'files.uploadStart'), 'an upload was attempted');
    assert.ok(!suite.fake.requests.some((r) => r.action === 'generateContent'), 'nothing was generated');
    assert.deepEqual(await listNames(output), before, 'nothing written');
  });

  it('a base URL ending in /v1beta/ still reaches /v1beta/models/… once', async () => {
    await configure({ 'api.baseUrl': `${suite.fake.url}/v1beta/` });
    try {
      const result = (await vscode.commands.executeCommand('pictor.generate', { prompt: 'versioned base', outputFolder: 'fault-tests' })) as {
        images: unknown[];
      };
      assert.equal(result.images.length, 1);
      assert.equal(suite.fake.requests[0]?.path, `/v1beta/models/${DEFAULT_MODEL}:generateContent`);
    } finally {
      await configure({ 'api.baseUrl': suite.fake.url });
    }
  });

  it('a base URL that is not http(s), or carries a password, query or fragment, is refused with a message about the base URL, never silently replaced by Google', async () => {
    const withSecret = suite.fake.url.replace('http://', 'http://user:hunter2@');
    for (const baseUrl of ['ftp://proxy.example/gemini', withSecret, `${suite.fake.url}/?key=AIzaInTheQuery`, `${suite.fake.url}/#v1beta`]) {
      await configure({ 'api.baseUrl': baseUrl });
      try {
        const error = await expectReject('pictor.generate', { prompt: 'wrong base URL', outputFolder: 'fault-tests' });
        assert.equal(error.code, 'badInput', baseUrl);
        assert.match(error.message, /pictor\.api\.baseUrl is not an http\(s\) URL/);
        assert.doesNotMatch(error.message, /model|hunter2|AIzaInTheQuery/i);
        assert.equal(suite.fake.requests.length, 0);
      } finally {
        await configure({ 'api.baseUrl': suite.fake.url });
      }
    }
  });

  it("a base URL whose path is not the API (a 404 page) says so, not 'pick another model'", async () => {
    await configure({ 'api.baseUrl': `${suite.fake.url}/not-the-api` });
    try {
      const error = await expectReject('pictor.generate', { prompt: 'wrong path', outputFolder: 'fault-tests' });
      assert.equal(error.code, 'badInput');
      assert.match(error.message, /does not point at the Gemini API/);
      assert.doesNotMatch(error.message, /not available to this key|Current models/);
      assert.deepEqual(await listNames(output), []);
    } finally {
      await configure({ 'api.baseUrl': suite.fake.url });
    }
  });

  it('an answer labelled gzip that is not gzip is a server error (the server answered), not network', async () => {
    suite.fake.enqueue({ kind: 'badGzip' });
    const error = await expectReject('pictor.generate', { prompt: 'bad gzip', outputFolder: 'fault-tests' });
    assert.equal(error.code, 'server');
    assert.match(error.message, /answered, but its response could not be read/);
    assert.deepEqual(await listNames(output), []);
  });

  it('a 429 with a limit of 0 is not retried and says so', async () => {
    suite.fake.enqueue({ kind: 'error', status: 429, retryDelay: '1s', quotaValue: '0', message: 'Quota exceeded for metric: x_free_tier_requests, limit: 0' });
    const error = await expectReject('pictor.generate', { prompt: 'no quota', outputFolder: 'fault-tests' });
    assert.equal(error.code, 'quota');
    assert.match(error.message, /limit: 0/);
    assert.equal(suite.fake.requests.length, 1, 'no retry');
  });

  it('pictor.generate: cancelling the cancellationToken rejects cancelled, aborts the request and writes nothing', async () => {
    suite.fake.enqueue({ kind: 'hang' });
    const source = new vscode.CancellationTokenSource();
    const pending = vscode.commands.executeCommand('pictor.generate', { prompt: 'never lands', outputFolder: 'fault-tests', cancellationToken: source.token });
    await suite.fake.waitForRequests(1, 20_000);
    source.cancel();
    await assert.rejects(Promise.resolve(pending), (error: Error & { code?: string }) => error.code === 'cancelled');
    await waitFor(() => suite.fake.requests[0]?.aborted === true, 'the aborted request');
    assert.deepEqual(await listNames(output), []);
    source.dispose();
  });

  it('a token cancelled before the call rejects cancelled without a paid request', async () => {
    const source = new vscode.CancellationTokenSource();
    source.cancel();
    const error = await expectReject('pictor.generate', { prompt: 'too late', outputFolder: 'fault-tests', cancellationToken: source.token });
    assert.equal(error.code, 'cancelled');
    assert.equal(suite.fake.requests.filter((r) => r.action === 'generateContent').length, 0);
    source.dispose();
  });

  it('pictor.editImage and pictor.chat.send take a cancellationToken too', async () => {
    const images = inWorkspace('images');
    const before = await listNames(images);
    suite.fake.enqueue({ kind: 'hang' });
    const editSource = new vscode.CancellationTokenSource();
    const edit = vscode.commands.executeCommand('pictor.editImage', inWorkspace('images', 'sample.png'), { prompt: 'add a hat', cancellationToken: editSource.token });
    await suite.fake.waitForRequests(1, 20_000);
    editSource.cancel();
    await assert.rejects(Promise.resolve(edit), (error: Error & { code?: string }) => error.code === 'cancelled');
    assert.deepEqual(await listNames(images), before, 'no edit result beside the original');

    await configure({ outputFolder: 'fault-tests' });
    try {
      suite.fake.enqueue({ kind: 'hang' });
      const chatSource = new vscode.CancellationTokenSource();
      const send = vscode.commands.executeCommand('pictor.chat.send', { prompt: 'a stormy sea', cancellationToken: chatSource.token });
      await suite.fake.waitForRequests(2, 20_000);
      chatSource.cancel();
      await assert.rejects(Promise.resolve(send), (error: Error & { code?: string }) => error.code === 'cancelled');
      assert.deepEqual(await listNames(output), []);
    } finally {
      await configure({ outputFolder: undefined });
    }
  });

  it('pictor.composeImages, generateVariations, regenerateFromSidecar and insertImage take a cancellationToken too', async () => {
    const made = (await vscode.commands.executeCommand('pictor.generate', { prompt: 'a lighthouse', outputFolder: 'fault-tests' })) as {
      images: Array<{ uri: vscode.Uri }>;
    };
    const source = made.images[0]!.uri;
    const doc = inWorkspace('fault-tests', 'notes.md');
    await vscode.workspace.fs.writeFile(doc, new TextEncoder().encode('# Notes\n'));
    const editor = await vscode.window.showTextDocument(doc);
    const before = await listNames(output);
    const runs: Array<[string, (token: vscode.CancellationToken) => Thenable<unknown>]> = [
      ['pictor.composeImages', (token) => vscode.commands.executeCommand('pictor.composeImages', [source, inWorkspace('images', 'sample.png')], { prompt: 'side by side', outputFolder: 'fault-tests', cancellationToken: token })],
      ['pictor.generateVariations', (token) => vscode.commands.executeCommand('pictor.generateVariations', source, { count: 1, cancellationToken: token })],
      ['pictor.regenerateFromSidecar', (token) => vscode.commands.executeCommand('pictor.regenerateFromSidecar', source, { cancellationToken: token })],
      ['pictor.insertImage', (token) => vscode.commands.executeCommand('pictor.insertImage', { prompt: 'a diagram', outputFolder: 'fault-tests', cancellationToken: token })],
    ];
    for (const [command, start] of runs) {
      suite.fake.reset();
      suite.fake.enqueue({ kind: 'hang' });
      const tokenSource = new vscode.CancellationTokenSource();
      const pending = start(tokenSource.token);
      await suite.fake.waitForRequests(1, 20_000);
      tokenSource.cancel();
      await assert.rejects(Promise.resolve(pending), (error: Error & { code?: string }) => error.code === 'cancelled', command);
      await waitFor(() => suite.fake.requests.find((r) => r.action === 'generateContent')?.aborted === true, `the aborted request of ${command}`);
      assert.deepEqual(await listNames(output), before, `${command} wrote nothing`);
      tokenSource.dispose();
    }
    assert.equal(editor.document.getText(), '# Notes\n', 'no link inserted');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('pictor.batch.submit takes a cancellationToken: cancelled, no job created', async () => {
    const jobsBefore = ((await vscode.commands.executeCommand('pictor.batch.list')) as unknown[]).length;
    const tokenSource = new vscode.CancellationTokenSource();
    tokenSource.cancel();
    const error = await expectReject('pictor.batch.submit', { specs: [{ prompt: 'a fox', outputFolder: 'fault-tests' }], cancellationToken: tokenSource.token });
    assert.equal(error.code, 'cancelled');
    assert.ok(!suite.fake.requests.some((r) => r.action === 'batchGenerateContent' || r.action?.startsWith('files.')), 'nothing was sent');
    assert.equal(((await vscode.commands.executeCommand('pictor.batch.list')) as unknown[]).length, jobsBefore, 'no job recorded');
    tokenSource.dispose();
  });

  it('refuses a cancellationToken that is not one, before any request', async () => {
    const error = await expectReject('pictor.generate', { prompt: 'x', cancellationToken: { cancelled: true } });
    assert.equal(error.code, 'badInput');
    assert.match(error.message, /cancellationToken/);
    assert.equal(suite.fake.requests.length, 0);
  });
});

/** A valid PNG of about `bytes` bytes: the signature and IHDR, then one large ancillary chunk (ignored by readers). */
function noisePng(bytes: number): Uint8Array {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const filler = Buffer.alloc(bytes, 7);
  const idat = Buffer.from([0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('teXt', filler), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
