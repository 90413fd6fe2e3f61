/** The log of requests the fake received, and waiting for generate calls without polling. */

import type { RecordedRequest } from './types';

const GENERATE_ACTIONS = new Set(['generateContent', 'streamGenerateContent']);

interface Waiter {
  count: number;
  resolve(requests: RecordedRequest[]): void;
}

export class Recorder {
  readonly requests: RecordedRequest[] = [];
  private waiters: Waiter[] = [];

  add(request: RecordedRequest): void {
    this.requests.push(request);
    if (!GENERATE_ACTIONS.has(request.action ?? '')) {
      return;
    }
    const generated = this.generateRequests();
    this.waiters = this.waiters.filter((waiter) => {
      if (generated.length >= waiter.count) {
        waiter.resolve(generated);
        return false;
      }
      return true;
    });
  }

  generateRequests(): RecordedRequest[] {
    return this.requests.filter((r) => GENERATE_ACTIONS.has(r.action ?? ''));
  }

  waitFor(count: number, timeoutMs = 5000): Promise<RecordedRequest[]> {
    const generated = this.generateRequests();
    if (generated.length >= count) {
      return Promise.resolve(generated);
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        count,
        resolve: (requests) => {
          clearTimeout(timer);
          resolve(requests);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${count} generate requests; ${this.generateRequests().length} arrived`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Empties the log in place, so references held by tests see the reset. */
  clear(): void {
    this.requests.length = 0;
  }
}

/** A copy for the control API, with inline base64 payloads replaced by `<N bytes>`. */
export function withoutInlineData(value: unknown, parentKey = ''): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => withoutInlineData(item, parentKey));
  }
  if (typeof value !== 'object' || value === null) {
    return value;
  }
  const inline = parentKey === 'inlineData' || parentKey === 'inline_data';
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = inline && key === 'data' && typeof item === 'string' ? `<${base64Bytes(item)} bytes>` : withoutInlineData(item, key);
  }
  return copy;
}

function base64Bytes(data: string): number {
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return Math.floor((data.length * 3) / 4) - padding;
}
