/**
 * Thought signatures. Generated ones carry an HMAC, so any fake instance (even a restarted one)
 * can tell an intact signature from a truncated or re-encoded one without keeping state; custom
 * signatures handed out by scenarios are remembered instead.
 */

import { createHmac, randomBytes } from 'node:crypto';

const MAGIC = Buffer.from('FGS1');
const NONCE_BYTES = 24;
const MAC_BYTES = 16;
// Not a secret: it only marks signatures as minted by this fake.
const MAC_KEY = 'fake-gemini thought signature';

/** The service documents these placeholders for histories built by hand; it skips validation for them. */
const SKIP_VALIDATION = new Set(['skip_thought_signature_validator', 'context_engineering_is_the_way_to_go']);

function mac(nonce: Buffer): Buffer {
  return createHmac('sha256', MAC_KEY).update(nonce).digest().subarray(0, MAC_BYTES);
}

export class SignatureBook {
  private readonly custom = new Set<string>();

  mint(): string {
    const nonce = randomBytes(NONCE_BYTES);
    return Buffer.concat([MAGIC, nonce, mac(nonce)]).toString('base64');
  }

  remember(signature: string): void {
    this.custom.add(signature);
  }

  isValid(signature: string): boolean {
    if (this.custom.has(signature) || SKIP_VALIDATION.has(signature)) {
      return true;
    }
    const bytes = Buffer.from(signature, 'base64');
    if (bytes.length !== MAGIC.length + NONCE_BYTES + MAC_BYTES || bytes.toString('base64') !== signature) {
      return false;
    }
    const nonce = bytes.subarray(MAGIC.length, MAGIC.length + NONCE_BYTES);
    return bytes.subarray(0, MAGIC.length).equals(MAGIC) && bytes.subarray(MAGIC.length + NONCE_BYTES).equals(mac(nonce));
  }

  clear(): void {
    this.custom.clear();
  }
}
