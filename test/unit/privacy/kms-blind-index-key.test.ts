import { createHmac } from 'node:crypto';
import { GenerateMacCommand, KMSClient, NotFoundException } from '@aws-sdk/client-kms';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { kmsBlindIndexKey } from '../../../lambdas/adapters/kms/kms-blind-index-key';

const HMAC_KEY = 'arn:aws:kms:eu-west-1:123456789012:key/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
/** The label whose MAC is the secret: a different one would make every stored blind unsearchable. */
const LABEL = 'dmis-audit/blind-index-key/v1';
const SECRET = Buffer.alloc(32, 0x33);
const kms = mockClient(KMSClient);
const source = () => kmsBlindIndexKey(new KMSClient({ region: 'eu-west-1' }), HMAC_KEY);

beforeEach(() => {
  kms.reset();
});

describe('kmsBlindIndexKey', () => {
  it('derives the secret as the KMS HMAC_SHA_256 of the fixed label, once per cold start', async () => {
    // Prepare
    kms.on(GenerateMacCommand).callsFake(async (input: { Message: Uint8Array }) => ({
      Mac: new Uint8Array(createHmac('sha256', SECRET).update(input.Message).digest()),
    }));
    const blindKey = source();
    // Act
    const [key] = await Promise.all([blindKey(), blindKey()]);
    await blindKey();
    // Assess
    expect(kms.commandCalls(GenerateMacCommand).map((c) => ({ ...c.args[0].input, Message: Buffer.from(c.args[0].input.Message ?? []).toString() }))).toEqual([
      { KeyId: HMAC_KEY, MacAlgorithm: 'HMAC_SHA_256', Message: LABEL },
    ]);
    expect(Buffer.from(key as Uint8Array).toString('hex')).toBe(createHmac('sha256', SECRET).update(LABEL).digest('hex'));
  });

  it('asks again after a failure instead of caching it', async () => {
    // Prepare
    const missing = new NotFoundException({ message: 'key not found', $metadata: { httpStatusCode: 400 } });
    kms.on(GenerateMacCommand).rejectsOnce(missing).resolves({ Mac: new Uint8Array(32).fill(9) });
    const blindKey = source();
    await expect(blindKey()).rejects.toBe(missing);
    // Act
    const key = await blindKey();
    // Assess
    expect(Buffer.from(key).toString('hex')).toBe('09'.repeat(32));
  });

  it('rejects a short MAC', async () => {
    // Prepare
    kms.on(GenerateMacCommand).resolves({ Mac: new Uint8Array(16) });
    // Act, Assess
    await expect(source()()).rejects.toThrow('KMS returned no usable MAC for the blind-index key');
  });
});
