import { GenerateMacCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { BlindIndexKeySource } from '../../core/privacy/ports';

/** The fixed message whose KMS HMAC is the blind-index secret: changing it makes every stored blind unsearchable. */
const BLIND_INDEX_KEY_LABEL = 'dmis-audit/blind-index-key/v1';

/**
 * The blind-index secret on AWS: the HMAC, under a KMS HMAC_256 key, of a fixed label.
 * Every function that writes or searches a blind derives the same 32 bytes, and the secret
 * exists nowhere in configuration; one KMS call per cold start, retried after a failure.
 */
export function kmsBlindIndexKey(kms: KMSClient, hmacKeyArn: string): BlindIndexKeySource {
  let key: Promise<Uint8Array> | undefined;
  return () => {
    key ??= kms
      .send(new GenerateMacCommand({ KeyId: hmacKeyArn, MacAlgorithm: 'HMAC_SHA_256', Message: Buffer.from(BLIND_INDEX_KEY_LABEL) }))
      .then((out) => {
        if (!out.Mac || out.Mac.byteLength < 32) throw new Error('KMS returned no usable MAC for the blind-index key');
        return out.Mac;
      })
      .catch((error: unknown) => {
        key = undefined;
        throw error;
      });
    return key;
  };
}
