import * as vscode from 'vscode';
import { PictorError } from './core/errors';
import { GeminiClient } from './gemini/client';
import { embedProvenanceStep } from './provenance';
import { GalleryService } from './workspace/gallery';
import { workspaceFilePort } from './workspace/file-port';
import { PictorLog } from './workspace/log';
import { PresetRegistry } from './workspace/presets';
import { ApiKeyStore, type ApiKey } from './workspace/secrets';
import { apiBaseUrl, maxRetries, requestTimeoutSeconds } from './workspace/settings';
import { ImageWriter } from './writer/image-writer';

/** What commands share: created once in activate(), disposed with the extension. */
export class Services implements vscode.Disposable {
  readonly log = new PictorLog();
  readonly keys: ApiKeyStore;
  readonly generator: { name: string; version: string };
  /** Built-in and workspace presets. */
  readonly presets: PresetRegistry;
  /** Every Pictor image of the workspace (indexed on first use). */
  readonly gallery: GalleryService;
  /** The one writer of images + sidecars in the workspace; features add finalizing steps to it. */
  readonly writer: ImageWriter<vscode.Uri>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly context: vscode.ExtensionContext) {
    this.keys = new ApiKeyStore(context.secrets);
    const pkg = context.extension.packageJSON as { name?: string; version?: string };
    this.generator = { name: pkg.name ?? 'pictor', version: pkg.version ?? '0.0.0' };
    this.writer = new ImageWriter(workspaceFilePort, this.log.for('writer'));
    const provenance = this.writer.addFinalizer(embedProvenanceStep);
    this.presets = new PresetRegistry(this.log);
    this.gallery = new GalleryService(this.log);
    // Pictor's own saves go into the gallery at once, rather than when a watcher reports them.
    this.writer.onWritten((written) => this.gallery.indexSaved(written.uri));
    this.disposables.push(provenance, this.log, this.keys, this.presets, this.gallery, this.keys.onDidChange(() => void this.refreshRedaction()));
    void this.refreshRedaction();
  }

  private async refreshRedaction(): Promise<void> {
    this.log.setSecrets(await this.keys.allCandidates());
  }

  /** The key to use, or a missingKey error that offers to set one. */
  async requireKey(): Promise<ApiKey> {
    const key = await this.keys.get();
    if (!key) {
      throw new PictorError(
        'missingKey',
        'Pictor needs a Gemini API key. Set one with "Pictor: Set API Key" (get a key at aistudio.google.com/apikey).',
      );
    }
    this.log.setSecrets([key.value, ...(await this.keys.allCandidates())]);
    return key;
  }

  clientFor(key: ApiKey): GeminiClient {
    return new GeminiClient({
      apiKey: key.value,
      baseUrl: apiBaseUrl(),
      timeoutSeconds: requestTimeoutSeconds(),
      retry: { maxRetries: maxRetries(), baseDelayMs: 1000, maxDelayMs: 30_000 },
      log: this.log.for('client'),
    });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
