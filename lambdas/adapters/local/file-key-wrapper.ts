import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { KeyWrapper } from '../../core/privacy/ports';
import { loadOrCreateSecret } from './local-secret-file';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/**
 * Subject keys wrapped locally, standing in for KMS: AES-256-GCM under a 32-byte key in
 * `<localDir>/subject-wrapping-key` (0600, created at first start), with the key id as
 * additional data, so a wrapped key only unwraps as the key it was made for.
 * Wrapped form: IV (12 bytes) ‖ ciphertext (32) ‖ tag (16).
 */
export function fileKeyWrapper(localDir: string): KeyWrapper {
  let wrappingKey: Promise<Uint8Array> | undefined;
  const kek = () => (wrappingKey ??= loadOrCreateSecret(join(localDir, 'subject-wrapping-key')));
  return {
    async generate(keyId) {
      const plaintext = randomBytes(KEY_BYTES);
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', await kek(), iv);
      cipher.setAAD(Buffer.from(keyId, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return { plaintext: new Uint8Array(plaintext), wrapped: new Uint8Array(Buffer.concat([iv, body, cipher.getAuthTag()])) };
    },
    async unwrap(keyId, wrapped) {
      if (wrapped.byteLength !== IV_BYTES + KEY_BYTES + TAG_BYTES) throw new Error(`wrapped key ${keyId} has the wrong length`);
      const bytes = Buffer.from(wrapped);
      const decipher = createDecipheriv('aes-256-gcm', await kek(), bytes.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(keyId, 'utf8'));
      decipher.setAuthTag(bytes.subarray(IV_BYTES + KEY_BYTES));
      return new Uint8Array(Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, IV_BYTES + KEY_BYTES)), decipher.final()]));
    },
  };
}
