import * as vscode from 'vscode';

const SECRET_ID = 'pictor.geminiApiKey';
export const ENV_KEYS = ['GEMINI_API_KEY', 'GOOGLE_API_KEY'] as const;

export type KeySource = 'secretStorage' | (typeof ENV_KEYS)[number];

export interface ApiKey {
  value: string;
  source: KeySource;
}

/** The API key lives in SecretStorage only; the environment is a read-only fallback. */
export class ApiKeyStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;
  /**
   * The stored key as last read. Each SecretStorage read is a round trip to the window; the key changes
   * only through `store`/`clear` or the change event (another window), both of which drop it.
   */
  private stored: Promise<string | undefined> | undefined;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key !== SECRET_ID) return;
      this.stored = undefined;
      this.changed.fire();
    });
  }

  private readStored(): Promise<string | undefined> {
    const reading = (this.stored ??= Promise.resolve(this.secrets.get(SECRET_ID)));
    // A failed read is not remembered.
    reading.catch(() => {
      if (this.stored === reading) this.stored = undefined;
    });
    return reading;
  }

  async get(): Promise<ApiKey | undefined> {
    const stored = (await this.readStored())?.trim();
    if (stored) return { value: stored, source: 'secretStorage' };
    for (const name of ENV_KEYS) {
      const value = process.env[name]?.trim();
      if (value) return { value, source: name };
    }
    return undefined;
  }

  async store(key: string): Promise<void> {
    this.stored = undefined;
    await this.secrets.store(SECRET_ID, key.trim());
    this.stored = undefined;
  }

  async clear(): Promise<void> {
    this.stored = undefined;
    await this.secrets.delete(SECRET_ID);
    this.stored = undefined;
  }

  /** Every key that could be in use, for redaction. */
  async allCandidates(): Promise<string[]> {
    const stored = await this.readStored();
    return [stored, ...ENV_KEYS.map((n) => process.env[n])].filter((v): v is string => !!v && v.trim().length > 0);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
