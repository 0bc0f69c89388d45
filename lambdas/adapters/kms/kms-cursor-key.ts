import { GenerateMacCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { CursorKeySource } from '../../core/query/ports';

/** The fixed message whose KMS HMAC is the cursor key: change it to rotate every cursor. */
const CURSOR_KEY_LABEL = 'dmis-audit/search-cursor-key/v1';

/**
 * The cursor key on AWS: the HMAC, under a KMS HMAC_256 key, of a fixed label. Every
 * query Lambda instance derives the same 32 bytes, and the secret itself exists nowhere in
 * configuration; one KMS call per cold start.
 */
export function kmsCursorKey(kms: KMSClient, hmacKeyId: string): CursorKeySource {
  let key: Promise<Uint8Array> | undefined;
  return () => {
    key ??= kms
      .send(new GenerateMacCommand({ KeyId: hmacKeyId, MacAlgorithm: 'HMAC_SHA_256', Message: Buffer.from(CURSOR_KEY_LABEL) }))
      .then((out) => {
        if (!out.Mac || out.Mac.byteLength < 32) throw new Error('KMS returned no usable MAC for the cursor key');
        return out.Mac;
      })
      .catch((error: unknown) => {
        key = undefined;
        throw error;
      });
    return key;
  };
}
