import * as assert from 'node:assert/strict';
import { PictorError } from '../../src/core/errors';

/** The PictorError `promise` rejects with; fails the test when it resolves or rejects with anything else. */
export async function failure(promise: Promise<unknown>): Promise<PictorError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof PictorError, `expected PictorError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a rejection');
}
