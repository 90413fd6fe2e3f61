/**
 * Deciding what a generate request gets: the model check and validation first (as the service
 * does before any generation), then what the scenario says. Shared by live calls and batch jobs.
 */

import { profileFor } from './catalog';
import { ApiFailure, fail, type ErrorSpec } from './errors';
import { describeRequest, type Json } from './request-info';
import { buildAnswer, type AnswerContext } from './responses';
import type { FakeState } from './state';
import type { Scenario } from './types';
import { validateGenerateRequest } from './validate';

/** The service's limit on a whole request, inline images included. */
export const MAX_REQUEST_BYTES = 20 * 1024 * 1024;

export type Outcome =
  | { type: 'answer'; body: Json }
  | { type: 'error'; spec: ErrorSpec; inStream: boolean }
  | { type: 'hang' }
  | { type: 'malformed' }
  | { type: 'empty' }
  | { type: 'reset' }
  | { type: 'redirect'; status: number; location: string }
  | { type: 'badGzip' };

/** Validates the request for the model; throws ApiFailure the way the service would refuse it. */
export function prepareAnswer(request: unknown, model: string, state: FakeState): AnswerContext {
  const profile = profileFor(model);
  if (!profile) {
    throw fail(404, `models/${model} is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`);
  }
  validateGenerateRequest(request, {
    profile,
    model,
    signatures: state.signatures,
    fileExists: (id) => state.files.has(id),
  });
  return { model, profile, info: describeRequest(request), signatures: state.signatures };
}

export function outcomeFor(scenario: Scenario, ctx: AnswerContext): Outcome {
  switch (scenario.kind) {
    case 'error':
      return {
        type: 'error',
        inStream: scenario.inStream ?? false,
        spec: {
          status: scenario.status,
          message: scenario.message,
          statusName: scenario.statusName,
          retryDelay: scenario.retryDelay,
          reason: scenario.reason,
          quotaValue: scenario.quotaValue,
          quotaId: scenario.quotaId,
          model: ctx.model,
        },
      };
    case 'redirect':
      return { type: 'redirect', status: scenario.status ?? 302, location: scenario.location };
    case 'badGzip':
      return { type: 'badGzip' };
    case 'hang':
    case 'malformed':
    case 'empty':
    case 'reset':
      return { type: scenario.kind };
    default:
      return { type: 'answer', body: buildAnswer(scenario, ctx) };
  }
}

/** For batch jobs: the whole decision, with refusals turned into error outcomes. */
export function decide(request: unknown, model: string, scenario: Scenario, state: FakeState): Outcome {
  try {
    return outcomeFor(scenario, prepareAnswer(request, model, state));
  } catch (error) {
    if (error instanceof ApiFailure) {
      return { type: 'error', spec: error.spec, inStream: false };
    }
    throw error;
  }
}
