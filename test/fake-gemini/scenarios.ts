/**
 * The script of answers: a FIFO of scenarios (each served `times` times) and a default for when
 * it runs dry. Also the check applied to scenarios arriving as JSON over the control API.
 */

import type { Scenario } from './types';

export const BUILT_IN_DEFAULT: Scenario = { kind: 'image' };

const KINDS = new Set(['image', 'text', 'blocked', 'finish', 'error', 'hang', 'malformed', 'empty', 'reset', 'redirect', 'badGzip']);

/** Throws with a message naming what is wrong; returns the scenario typed. */
export function checkScenario(value: unknown): Scenario {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError('A scenario must be a JSON object');
  }
  const s = value as Record<string, unknown>;
  if (typeof s.kind !== 'string' || !KINDS.has(s.kind)) {
    throw new TypeError(`Unknown scenario kind: ${JSON.stringify(s.kind)}`);
  }
  const need = (name: string, type: string) => {
    if (typeof s[name] !== type) {
      throw new TypeError(`Scenario "${s.kind}" needs ${name} (${type})`);
    }
  };
  if (s.kind === 'text') need('text', 'string');
  if (s.kind === 'blocked') need('blockReason', 'string');
  if (s.kind === 'finish') need('finishReason', 'string');
  if (s.kind === 'error') need('status', 'number');
  if (s.kind === 'redirect') need('location', 'string');
  for (const name of ['delayMs', 'times']) {
    if (s[name] !== undefined && (typeof s[name] !== 'number' || (s[name] as number) < 0)) {
      throw new TypeError(`${name} must be a non-negative number`);
    }
  }
  if (s.images !== undefined && !Array.isArray(s.images)) {
    throw new TypeError('images must be an array');
  }
  return value as Scenario;
}

export class ScenarioQueue {
  private readonly queue: Array<{ scenario: Scenario; remaining: number }> = [];
  private fallback: Scenario | undefined;

  enqueue(scenarios: Scenario[]): void {
    for (const scenario of scenarios) {
      const remaining = scenario.times ?? 1;
      if (remaining > 0) {
        this.queue.push({ scenario: checkScenario(scenario), remaining });
      }
    }
  }

  setDefault(scenario: Scenario | undefined): void {
    this.fallback = scenario === undefined ? undefined : checkScenario(scenario);
  }

  get default(): Scenario {
    return this.fallback ?? BUILT_IN_DEFAULT;
  }

  get pending(): number {
    return this.queue.length;
  }

  next(): Scenario {
    const head = this.queue[0];
    if (!head) {
      return this.default;
    }
    if (--head.remaining <= 0) {
      this.queue.shift();
    }
    return head.scenario;
  }

  clear(): void {
    this.queue.length = 0;
    this.fallback = undefined;
  }
}
