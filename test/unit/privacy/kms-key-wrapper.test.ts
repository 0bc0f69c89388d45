import { DecryptCommand, GenerateDataKeyCommand, KMSClient, InvalidCiphertextException } from '@aws-sdk/client-kms';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { kmsKeyWrapper } from '../../../lambdas/adapters/kms/kms-key-wrapper';

const WRAPPING_KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const kms = mockClient(KMSClient);
const wrapper = () => kmsKeyWrapper(new KMSClient({ region: 'eu-west-1' }), WRAPPING_KEY);
const DATA_KEY = new Uint8Array(32).fill(5);
const WRAPPED = new Uint8Array([1, 2, 3, 4]);

beforeEach(() => {
  kms.reset();
});

describe('kmsKeyWrapper', () => {
  it('makes a key with GenerateDataKey AES_256 bound to the subject-key purpose and the key id', async () => {
    // Prepare
    kms.on(GenerateDataKeyCommand).resolves({ Plaintext: DATA_KEY, CiphertextBlob: WRAPPED, KeyId: WRAPPING_KEY });
    // Act
    const made = await wrapper().generate('k-123');
    // Assess
    expect(kms.commandCalls(GenerateDataKeyCommand).map((c) => c.args[0].input)).toEqual([
      { KeyId: WRAPPING_KEY, KeySpec: 'AES_256', EncryptionContext: { purpose: 'dmis-audit-subject-key', keyId: 'k-123' } },
    ]);
    expect(made).toEqual({ plaintext: DATA_KEY, wrapped: WRAPPED });
  });

  it('unwraps with Decrypt under the same key and context', async () => {
    // Prepare
    kms.on(DecryptCommand).resolves({ Plaintext: DATA_KEY, KeyId: WRAPPING_KEY });
    // Act
    const key = await wrapper().unwrap('k-123', WRAPPED);
    // Assess
    expect(kms.commandCalls(DecryptCommand).map((c) => c.args[0].input)).toEqual([
      { KeyId: WRAPPING_KEY, CiphertextBlob: WRAPPED, EncryptionContext: { purpose: 'dmis-audit-subject-key', keyId: 'k-123' } },
    ]);
    expect(key).toEqual(DATA_KEY);
  });

  it('passes KMS refusing a wrapped key made for another key id through', async () => {
    // Prepare
    const refused = new InvalidCiphertextException({ message: 'context mismatch', $metadata: { httpStatusCode: 400 } });
    kms.on(DecryptCommand).rejects(refused);
    // Act, Assess
    await expect(wrapper().unwrap('k-other', WRAPPED)).rejects.toBe(refused);
  });

  it.each([
    ['generate', () => wrapper().generate('k-1'), GenerateDataKeyCommand, { Plaintext: new Uint8Array(16), CiphertextBlob: WRAPPED }],
    ['generate', () => wrapper().generate('k-1'), GenerateDataKeyCommand, { Plaintext: DATA_KEY }],
    ['unwrap', () => wrapper().unwrap('k-1', WRAPPED), DecryptCommand, {}],
  ] as const)('refuses an unusable answer to %s', async (_name, call, command, answer) => {
    // Prepare
    kms.on(command as typeof DecryptCommand).resolves(answer);
    // Act, Assess
    await expect(call()).rejects.toThrow('KMS returned no usable data key');
  });
});
