import type * as vscode from 'vscode';
import type { DisposableStore } from '../../ui/disposable';

/** A webview view or panel: what a channel talks through. */
export interface WebviewOwner {
  readonly webview: vscode.Webview;
  readonly visible: boolean;
  readonly onDidDispose: vscode.Event<void>;
}

/**
 * A host's line to its webview. Posts wait until the webview says it is ready; the full state is
 * re-sent then, so only the messages `keepWhileLoading` accepts (one-shot ones) are queued meanwhile.
 * `T` is the view's own host → webview message union.
 */
export class WebviewChannel<T> {
  private owner: { readonly webview: vscode.Webview } | undefined;
  private ready = false;
  private queue: T[] = [];

  constructor(private readonly keepWhileLoading: (message: T) => boolean = () => false) {}

  /** The webview of the current view or panel, ready or not (enough to make webview URIs). */
  get webview(): vscode.Webview | undefined {
    return this.owner?.webview;
  }

  /** True when a view is showing and listening. */
  get isReady(): boolean {
    return !!this.owner && this.ready;
  }

  /**
   * Talks through `owner` from now on: its messages go to `receive`; when it is hidden (the webview is
   * not retained) or disposed the channel stops posting. `listeners` is cleared first and owns the
   * subscriptions, so a re-resolved view never doubles them.
   */
  connect(owner: WebviewOwner, visibilityChanged: vscode.Event<unknown>, receive: (message: unknown) => void, listeners: DisposableStore, onDisposed?: () => void): void {
    this.attach(owner);
    listeners.clear();
    listeners.add(owner.webview.onDidReceiveMessage(receive));
    listeners.add(
      visibilityChanged(() => {
        if (!owner.visible) this.hidden();
      }),
    );
    listeners.add(
      owner.onDidDispose(() => {
        this.detach(owner);
        onDisposed?.();
        listeners.clear();
      }),
    );
  }

  attach(owner: { readonly webview: vscode.Webview }): void {
    this.owner = owner;
    this.ready = false;
  }

  detach(owner: { readonly webview: vscode.Webview }): void {
    if (this.owner === owner) {
      this.owner = undefined;
      this.ready = false;
    }
  }

  /** Not retained when hidden: the webview reloads and says "ready" again when shown. */
  hidden(): void {
    this.ready = false;
  }

  markReady(): void {
    this.ready = true;
  }

  /** Sends what waited for "ready"; called after the full state, so one-shot messages apply on top of it. */
  flushQueue(): void {
    const queued = this.queue;
    this.queue = [];
    for (const message of queued) this.post(message);
  }

  post(message: T): void {
    if (!this.owner || !this.ready) {
      if (this.keepWhileLoading(message)) this.queue.push(message);
      return;
    }
    void this.owner.webview.postMessage(message);
  }
}
