import * as vscode from 'vscode';
import { PictorError } from '../../core/errors';
import { modelInfo, type ListedModel } from '../../core/models';
import { canonicalPresetId } from '../../core/presets';
import type { Services } from '../../services';
import { Disposable, DisposableStore } from '../../ui/disposable';
import { isImagePath, pickWorkspaceImages } from '../../ui/targets';
import { defaultAspectRatio, defaultImageSize, outputFolderSetting, serviceTierSetting, thinkingLevelSetting, usableDefaultModel } from '../../workspace/settings';
import { listedModelOptions, modelOptions, type ModelOption } from '../shared/models';
import { WebviewChannel } from '../shared/channel';
import { webviewHtml, webviewResourceRoots } from '../shared/html';
import { parseWebviewMessage, webviewFailure } from '../shared/messages';
import { formSchema, fromWebviewSchema, type FromWebview, type StudioForm, type StudioSetup, type ToWebview } from './protocol';
import { StudioRuns } from './runs';
import { ThumbnailCache } from './thumbnails';
import { handleStudioRequest } from './requests';
import { referenceViews } from './views';
import type { StudioArgs } from './args';

/** What the serializer gets back after a reload: the webview's own state (the form) and nothing else. */
interface RestoredState {
  form?: unknown;
}

/**
 * The Studio: one editor-area panel (view type `pictor.studio`), opened or revealed by
 * `pictor.openStudio` and restored after a reload by the serializer (the form lives in the webview's
 * state). Everything the webview asks is validated here first.
 */
export class StudioPanel extends Disposable {
  static readonly viewType = 'pictor.studio';

  private panel: vscode.WebviewPanel | undefined;
  /** References from the picker, a drop or a paste, applied once the webview is ready if it was loading. */
  private readonly channel = new WebviewChannel<ToWebview>((m) => m.type === 'references');
  private readonly panelListeners = this._register(new DisposableStore());
  readonly runs: StudioRuns;
  private readonly thumbnails: ThumbnailCache;
  /** What an `openStudio` argument preselects; sent with the setup when the webview (re)loads. */
  private preselect: Partial<StudioForm> | null = null;
  private form: StudioForm | undefined;
  /** The merged list (catalog + the key's `models.list`) once it has answered; the catalog alone until then. */
  private listedModels: readonly ListedModel[] | undefined;
  private readonly formChanged = this._register(new vscode.EventEmitter<StudioForm>());
  /** Fires with the form each time the webview reports it (after every edit, and when it loads). */
  readonly onDidChangeForm = this.formChanged.event;

  constructor(private readonly services: Services) {
    super();
    this.runs = new StudioRuns(services);
    this.thumbnails = new ThumbnailCache(services.context.globalStorageUri, services.log);
    this._register(services.presets.onDidChange(() => void this.postPresets()));
    this._register(services.gallery.onDidChange(() => this.channel.post({ type: 'galleryChanged' })));
    this._register({ dispose: () => this.runs.cancelAll() });
  }

  /** The form as the webview last reported it. */
  get currentForm(): StudioForm | undefined {
    return this.form;
  }

  get visiblePanel(): vscode.WebviewPanel | undefined {
    return this.panel;
  }

  /** What the model menu offers now: the catalog's models, then those only the key's `models.list` has once it answered. */
  get modelMenu(): ModelOption[] {
    const extra = [usableDefaultModel(), ...(this.form ? [this.form.model] : [])];
    return this.listedModels ? listedModelOptions(this.listedModels, extra) : modelOptions(extra);
  }

  /** Opens the panel, or reveals the one there is; `args` preselect fields of the form. */
  async open(args: StudioArgs = {}): Promise<vscode.WebviewPanel> {
    const preselect = await this.preselectFrom(args);
    if (this.panel) {
      this.panel.reveal();
      if (preselect) {
        this.preselect = preselect;
        if (this.channel.isReady) this.postSetup();
      }
      return this.panel;
    }
    this.preselect = preselect;
    const panel = vscode.window.createWebviewPanel(StudioPanel.viewType, 'Pictor Studio', vscode.ViewColumn.Active, { retainContextWhenHidden: false });
    this.attach(panel);
    return panel;
  }

  /** The serializer's half: a panel VS Code restored after a reload, with the webview's saved state. */
  restore(panel: vscode.WebviewPanel, state: RestoredState | undefined): void {
    if (this.panel && this.panel !== panel) this.panel.dispose();
    // The webview keeps its form in its own state; sent again as the preselection (checked, as all it sends).
    const form = formSchema.safeParse(state?.form);
    this.preselect = form.success ? form.data : null;
    this.attach(panel);
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    const extensionUri = this.services.context.extensionUri;
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'pictor.svg');
    panel.webview.options = {
      enableScripts: true,
      enableForms: false,
      // Results, references and the gallery are workspace images: the workspace folders and the thumbnail cache, nothing else of the disk.
      localResourceRoots: webviewResourceRoots(extensionUri, this.thumbnails.dir, ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri)),
    };
    panel.webview.html = webviewHtml(panel.webview, extensionUri, { title: 'Pictor Studio', script: 'studio.js', stylesheets: ['studio.css'] });
    this.channel.connect(panel, panel.onDidChangeViewState, (message) => void this.receive(message), this.panelListeners, () => {
      if (this.panel === panel) this.panel = undefined;
    });
  }

  /** Adds images to the form's references (from the explorer's "Open in Studio" on an open panel, a drop, a paste). */
  addReferences(uris: readonly vscode.Uri[]): void {
    const webview = this.channel.webview;
    if (!webview) return;
    const references = referenceViews(webview, uris, isImagePath);
    if (references.length) this.channel.post({ type: 'references', references });
  }

  async pickReferences(): Promise<void> {
    this.addReferences(await pickWorkspaceImages('Pictor Studio: Reference images', true));
  }

  private async preselectFrom(args: StudioArgs): Promise<Partial<StudioForm> | null> {
    const preselect: Partial<StudioForm> = {};
    if (args.preset) preselect.preset = (await this.services.presets.require(canonicalPresetId(args.preset))).id;
    if (args.prompt !== undefined) preselect.prompt = args.prompt;
    if (args.references?.length) {
      // Made into webview URIs when the setup is posted (the panel may not exist yet).
      preselect.references = args.references.map((uri) => ({ path: '', uri: uri.toString(), src: '' }));
    }
    return Object.keys(preselect).length ? preselect : null;
  }

  private setup(): StudioSetup {
    const model = usableDefaultModel();
    const info = modelInfo(model);
    const thinking = thinkingLevelSetting();
    return {
      presets: [],
      // The catalog's current models (with the service's once listed), the default and the model the form holds.
      models: this.modelMenu,
      defaults: {
        model,
        aspectRatio: defaultAspectRatio(),
        imageSize: info.supportsImageSize ? defaultImageSize() : '1K',
        outputFolder: outputFolderSetting(),
        thinkingLevel: thinking && info.thinkingLevels.includes(thinking) ? thinking : null,
        serviceTier: serviceTierSetting() === 'flex' && info.flex ? 'flex' : 'standard',
      },
    };
  }

  private postSetup(presets = this.lastPresets): void {
    const webview = this.channel.webview;
    let preselect = this.preselect;
    if (webview && preselect?.references) {
      const uris = preselect.references.map((r) => vscode.Uri.parse(r.uri));
      preselect = { ...preselect, references: referenceViews(webview, uris, isImagePath) };
    }
    this.preselect = null;
    this.channel.post({ type: 'setup', setup: { ...this.setup(), presets }, preselect });
  }

  private lastPresets: StudioSetup['presets'] = [];

  private async postPresets(): Promise<void> {
    this.lastPresets = await this.services.presets.describeAll();
    this.channel.post({ type: 'presets', presets: this.lastPresets });
  }

  /**
   * Asks for the merged model list without holding up the panel (the catalog is shown meanwhile) and sends
   * the menu again when it answers. A failure keeps the catalog's menu; ModelDirectory logs it.
   */
  private async offerListedModels(): Promise<void> {
    let listed: ListedModel[];
    try {
      listed = await this.services.models.list();
    } catch (error) {
      this.services.log.warn(`Studio: the model list stays the catalog's (${String((error as Error)?.message ?? error)}).`);
      return;
    }
    this.listedModels = listed;
    this.channel.post({ type: 'models', models: this.modelMenu });
  }

  // ---- messages from the webview ----

  private async receive(raw: unknown): Promise<void> {
    const message = parseWebviewMessage(fromWebviewSchema, raw, this.services.log.for('studio'));
    if (!message) return;
    if (message.type === 'ready') {
      this.channel.markReady();
      this.lastPresets = await this.services.presets.describeAll();
      this.postSetup();
      this.channel.flushQueue();
      void this.offerListedModels();
      return;
    }
    if (message.type === 'formChanged') {
      this.form = message.form;
      this.formChanged.fire(message.form);
      return;
    }
    await this.answer(message);
  }

  private async answer(message: Exclude<FromWebview, { type: 'ready' | 'formChanged' }>): Promise<void> {
    const webview = this.channel.webview;
    try {
      if (!webview) throw new PictorError('cancelled', 'The Studio was closed.');
      const value = await handleStudioRequest(message, {
        services: this.services,
        webview,
        runs: this.runs,
        thumbnails: this.thumbnails,
        post: (m) => this.channel.post(m),
        pickReferences: () => this.pickReferences(),
        addReferences: (uris) => this.addReferences(uris),
        preselect: (form) => {
          this.preselect = form;
          this.postSetup();
        },
      });
      this.channel.post({ type: 'reply', requestId: message.requestId, error: null, value });
    } catch (error) {
      this.channel.post({ type: 'reply', requestId: message.requestId, error: webviewFailure(error, this.services.log.for('studio'), message.type) });
    }
  }
}

/** Restores the Studio after a reload (registered for `pictor.studio`; needs `onWebviewPanel:pictor.studio`). */
export class StudioSerializer implements vscode.WebviewPanelSerializer<RestoredState> {
  constructor(private readonly studio: StudioPanel) {}

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: RestoredState | undefined): Promise<void> {
    this.studio.restore(panel, state);
  }
}
