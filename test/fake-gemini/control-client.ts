/** Drives a fake running in another process through its control API. */

import type { BatchOptions, RecordedRequest, Scenario } from './types';

export class FakeGeminiControl {
  private readonly base: string;

  /** `url`: the fake's base URL (`FAKE_GEMINI_URL`). */
  constructor(url: string) {
    this.base = url.replace(/\/+$/, '');
  }

  async enqueue(...scenarios: Scenario[]): Promise<void> {
    await this.call('POST', 'enqueue', scenarios);
  }

  async setDefault(scenario: Scenario | undefined): Promise<void> {
    await this.call('POST', 'default', scenario ?? null);
  }

  async setBatchOptions(options: BatchOptions): Promise<void> {
    await this.call('POST', 'batch-options', options);
  }

  async setLegacyModelsOpen(open: boolean): Promise<void> {
    await this.call('POST', 'legacy-models', { open });
  }

  async reset(): Promise<void> {
    await this.call('POST', 'reset');
  }

  /** Recorded requests; inline image data in bodies reads `<N bytes>`. */
  async requests(): Promise<RecordedRequest[]> {
    return (await this.call('GET', 'requests')) as RecordedRequest[];
  }

  /** The generate requests, once at least `n` have arrived. */
  async waitForRequests(n: number, timeoutMs = 5000): Promise<RecordedRequest[]> {
    return (await this.call('GET', `wait?n=${n}&timeoutMs=${timeoutMs}`)) as RecordedRequest[];
  }

  private async call(method: 'GET' | 'POST', route: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.base}/__fake/${route}`, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const result: unknown = await response.json();
    if (!response.ok) {
      const message = (result as { error?: string } | null)?.error ?? response.statusText;
      throw new Error(`Fake Gemini control ${method} ${route} failed (${response.status}): ${message}`);
    }
    return result;
  }
}
