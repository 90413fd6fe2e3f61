import type * as vscode from 'vscode';

/**
 * Owns what it registers: `_register(x)` keeps `x` and disposes it with the owner (last registered,
 * first disposed). Registering on an owner already disposed disposes `x` at once, so nothing leaks.
 */
export class Disposable implements vscode.Disposable {
  private readonly owned: vscode.Disposable[] = [];
  private disposed = false;

  protected _register<T extends vscode.Disposable>(value: T): T {
    if (this.disposed) value.dispose();
    else this.owned.push(value);
    return value;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeAll(this.owned.splice(0).reverse());
  }
}

/**
 * A store that can be emptied and reused: one per webview view, cleared when that view is disposed or
 * resolved again, so listeners of a closed view never pile up on the provider.
 */
export class DisposableStore implements vscode.Disposable {
  private items: vscode.Disposable[] = [];
  private disposed = false;

  add<T extends vscode.Disposable>(value: T): T {
    if (this.disposed) value.dispose();
    else this.items.push(value);
    return value;
  }

  /** How many disposables are held (for tests and leak checks). */
  get size(): number {
    return this.items.length;
  }

  /** Disposes everything held; the store stays usable. */
  clear(): void {
    disposeAll(this.items.splice(0).reverse());
  }

  dispose(): void {
    this.disposed = true;
    this.clear();
  }
}

/** Disposes each one even when an earlier one throws; rethrows the first error afterwards. */
function disposeAll(items: vscode.Disposable[]): void {
  let first: unknown;
  for (const item of items) {
    try {
      item.dispose();
    } catch (error) {
      first ??= error;
    }
  }
  if (first !== undefined) throw first;
}
