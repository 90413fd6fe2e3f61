import type * as vscode from 'vscode';
import type { ToWebview } from './protocol';

/**
 * The provider's line to its webview. Posts wait until the webview says it is ready; the full state
 * is re-sent then, so only one-shot messages are kept meanwhile.
 */
export class WebviewChannel {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private queue: ToWebview[] = [];

  /** The webview of the current view, ready or not (enough to make webview URIs). */
  get webview(): vscode.Webview | undefined {
    return this.view?.webview;
  }

  /** True when a view is showing and listening. */
  get isReady(): boolean {
    return !!this.view && this.ready;
  }

  attach(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
  }

  detach(view: vscode.WebviewView): void {
    if (this.view === view) {
      this.view = undefined;
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

  post(message: ToWebview): void {
    if (!this.view || !this.ready) {
      if (message.type === 'attachments' || message.type === 'newChat' || message.type === 'toggleHistory' || message.type === 'focusPrompt') {
        this.queue.push(message);
      }
      return;
    }
    void this.view.webview.postMessage(message);
  }
}
