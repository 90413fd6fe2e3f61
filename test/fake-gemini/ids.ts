/** Resource ids and timestamps in the service's formats. */

import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Lower-case letters and digits only: the SDK's file-name parsing expects `[a-z0-9]+`. */
export function newId(length = 12): string {
  const bytes = randomBytes(length);
  let id = '';
  for (const byte of bytes) {
    id += ALPHABET[byte % ALPHABET.length];
  }
  return id;
}

export function timestamp(ms: number = Date.now()): string {
  return new Date(ms).toISOString().replace('Z', '000Z');
}
