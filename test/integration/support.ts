// Shared set-up for extension-host tests: a fake Gemini in this process, Pictor pointed at it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startFakeGemini, type FakeGemini } from '../fake-gemini';

export const TEST_KEY = 'test-key-0123456789';

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder must be open');
  return folder.uri;
}

export function inWorkspace(...segments: string[]): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...segments);
}

/** Starts a fake server, points `pictor.api.baseUrl` (user scope) at it and stores the test key. */
export async function useFakeGemini(): Promise<FakeGemini> {
  const extension = vscode.extensions.all.find((e) => e.id.toLowerCase() === 'pictor.pictor');
  assert.ok(extension, 'Pictor is not loaded');
  await extension.activate();
  const fake = await startFakeGemini();
  await configure({ 'api.baseUrl': fake.url, openAfterGenerate: false, requestTimeoutSeconds: 30, maxRetries: 2 });
  await vscode.commands.executeCommand('pictor.setApiKey', { apiKey: TEST_KEY });
  return fake;
}

/**
 * Registers the usual hooks for a suite: a fake server for the suite, cleared before each test,
 * and Pictor pointed back at Google afterwards. Read `.fake` inside tests.
 */
export function fakeGeminiPerSuite(): { fake: FakeGemini } {
  const holder = {} as { fake: FakeGemini };
  before(async () => {
    holder.fake = await useFakeGemini();
  });
  after(async () => {
    await configure({ 'api.baseUrl': undefined });
    await holder.fake?.close();
  });
  beforeEach(() => holder.fake.reset());
  return holder;
}

export async function configure(values: Record<string, unknown>): Promise<void> {
  const config = vscode.workspace.getConfiguration('pictor');
  for (const [key, value] of Object.entries(values)) {
    await config.update(key, value, vscode.ConfigurationTarget.Global);
  }
}

export async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

export async function readJson<T = any>(uri: vscode.Uri): Promise<T> {
  return JSON.parse(await readText(uri)) as T;
}

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Names in a folder (empty when it doesn't exist). */
export async function listNames(uri: vscode.Uri): Promise<string[]> {
  try {
    return (await vscode.workspace.fs.readDirectory(uri)).map(([name]) => name).sort();
  } catch {
    return [];
  }
}

export async function removeIfExists(uri: vscode.Uri): Promise<void> {
  await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false }).then(undefined, () => undefined);
}

/** Runs a command that must reject; returns the error for assertions on `code` and message. */
export async function expectReject(command: string, ...args: unknown[]): Promise<Error & { code?: string }> {
  try {
    await vscode.commands.executeCommand(command, ...args);
  } catch (error) {
    return error as Error & { code?: string };
  }
  assert.fail(`${command} should have rejected`);
}

export interface CommandImage {
  uri: vscode.Uri;
  sidecar: vscode.Uri;
}

export interface CommandResult {
  images: CommandImage[];
  text?: string;
}
