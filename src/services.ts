import * as vscode from 'vscode';
import { PictorError } from './core/errors';
import { SpendGuard } from './spend/guard';
import { SpendReport } from './spend/report';
import { confirmCostInteractively } from './ui/cost';
import { LedgerStore } from './workspace/ledger-store';
import { GallerySidecarSource } from './workspace/sidecar-source';
import { GeminiClient } from './gemini/client';
import { embedProvenanceStep } from './provenance';
import { GalleryService } from './workspace/gallery';
import { ModelDirectory } from './model-directory';
import { workspaceFilePort } from './workspace/file-port';
import { PictorLog } from './workspace/log';
import { PresetRegistry } from './workspace/presets';
import { ApiKeyStore, type ApiKey } from './workspace/secrets';
import { apiBaseUrl, confirmAboveUsd, embedProvenance, maxRetries, monthlyBudgetUsd, requestTimeoutSeconds } from './workspace/settings';
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
  /** Catalog + the service's model list for the current key (cached daily). */
  readonly models: ModelDirectory;
  /** Every paid call Pictor makes, in any window; kept in global storage. */
  readonly ledger: LedgerStore;
  /** The budget check before each run and the ledger entry after each call. */
  readonly spend: SpendGuard;
  /**
   * The spend report over the workspace's sidecars, read from the gallery index (one scan of the
   * workspace); batch jobs' costs join through `CostRecordSource`.
   */
  readonly spendReport: SpendReport;
  /** The one writer of images + sidecars in the workspace; features add finalizing steps to it. */
  readonly writer: ImageWriter<vscode.Uri>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly context: vscode.ExtensionContext) {
    this.keys = new ApiKeyStore(context.secrets);
    const pkg = context.extension.packageJSON as { name?: string; version?: string };
    this.generator = { name: pkg.name ?? 'pictor', version: pkg.version ?? '0.0.0' };
    this.models = new ModelDirectory(this);
    this.writer = new ImageWriter(workspaceFilePort, this.log.for('writer'));
    const provenance = this.writer.addFinalizer(embedProvenanceStep(embedProvenance));
    this.presets = new PresetRegistry(this.log);
    this.gallery = new GalleryService(this.log);
    // Pictor's own saves go into the gallery at once, rather than when a watcher reports them.
    this.writer.onWritten((written) => this.gallery.indexSaved(written.uri));
    this.spendReport = new SpendReport(new GallerySidecarSource(this.gallery));
    this.ledger = new LedgerStore(context.globalStorageUri);
    this.spend = new SpendGuard(this.ledger, this.log.for('spend'), () => ({ monthlyUsd: monthlyBudgetUsd(), confirmAboveUsd: confirmAboveUsd() }), confirmCostInteractively);
    this.disposables.push(provenance, this.log, this.keys, this.models, this.presets, this.gallery, this.ledger, this.keys.onDidChange(() => void this.refreshRedaction()));
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
