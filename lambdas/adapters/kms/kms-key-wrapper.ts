import { DecryptCommand, GenerateDataKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { SUBJECT_KEY_PURPOSE, type KeyWrapper } from '../../core/privacy/ports';

/**
 * Subject keys wrapped by KMS: GenerateDataKey (AES_256) makes each key and its wrapped
 * form, Decrypt unwraps it. Both carry the encryption context `{purpose, keyId}`, so a
 * wrapped key only unwraps as the key it was made for, and the wrapping key's policy
 * refuses any call without the subject-key purpose.
 */
export function kmsKeyWrapper(kms: KMSClient, wrappingKeyArn: string): KeyWrapper {
  const context = (keyId: string) => ({ purpose: SUBJECT_KEY_PURPOSE, keyId });
  return {
    async generate(keyId) {
      const out = await kms.send(new GenerateDataKeyCommand({ KeyId: wrappingKeyArn, KeySpec: 'AES_256', EncryptionContext: context(keyId) }));
      if (out.Plaintext?.byteLength !== 32 || !out.CiphertextBlob) throw new Error('KMS returned no usable data key');
      return { plaintext: out.Plaintext, wrapped: out.CiphertextBlob };
    },
    async unwrap(keyId, wrapped) {
      const out = await kms.send(new DecryptCommand({ KeyId: wrappingKeyArn, CiphertextBlob: wrapped, EncryptionContext: context(keyId) }));
      if (out.Plaintext?.byteLength !== 32) throw new Error('KMS returned no usable data key');
      return out.Plaintext;
    },
  };
}
