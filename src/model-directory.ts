import { createHash } from 'node:crypto';
import type * as vscode from 'vscode';
import { PictorError } from './core/errors';
import { mergeModelLists, type ListedModel, type ServiceModel } from './core/models';
import type { Services } from './services';

const CACHE_KEY = 'pictor.models.serviceList';
/** The service's list is fetched at most once a day (and again after the key changes). */
const MAX_AGE_MS = 24 * 60 * 60 * 1000;

interface CachedList {
  fetchedAt: number;
  models: ServiceModel[];
}

/**
 * The models a user can pick: the catalog merged with the service's `models.list` for the current key,
 * cached in global state. Without a key, or offline, the catalog (and the last list fetched) answers.
 */
export class ModelDirectory implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;
  /** A digest of the key the cached list was fetched with, in memory only (never persisted). */
  private fetchedFor: string | undefined;

  constructor(private readonly services: Services) {
    // Another key may see other models: forget the list as soon as the key changes.
    this.subscription = services.keys.onDidChange(() => void this.forget());
  }

  /**
   * `refresh: true` fetches now and rejects with the service's error (invalidKey, network, …) when that
   * fails; otherwise a list at most a day old is used and failures fall back to the catalog.
   */
  async list(options: { refresh?: boolean; now?: number } = {}): Promise<ListedModel[]> {
    const now = options.now ?? Date.now();
    const key = await this.services.keys.get();
    const digest = key && createHash('sha256').update(key.value).digest('hex');
    // The secret-change event arrives asynchronously; a different key in this session also drops the list.
    const sameKey = this.fetchedFor === undefined || this.fetchedFor === digest;
    const cached = sameKey ? this.services.context.globalState.get<CachedList>(CACHE_KEY) : undefined;
    if (!options.refresh && cached && now - cached.fetchedAt < MAX_AGE_MS) return mergeModelLists(cached.models);
    if (!key) {
      if (options.refresh) await this.services.requireKey();
      return mergeModelLists(cached?.models);
    }
    try {
      const models = await this.services.clientFor(key).listModels();
      this.fetchedFor = digest;
      await this.services.context.globalState.update(CACHE_KEY, { fetchedAt: now, models } satisfies CachedList);
      return mergeModelLists(models);
    } catch (error) {
      if (options.refresh) throw error;
      const failure = error instanceof PictorError ? error : undefined;
      this.services.log.warn(`Could not list the service's models (${failure?.code ?? 'error'}); showing Pictor's catalog.`);
      return mergeModelLists(cached?.models);
    }
  }

  private async forget(): Promise<void> {
    this.fetchedFor = undefined;
    await this.services.context.globalState.update(CACHE_KEY, undefined);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
