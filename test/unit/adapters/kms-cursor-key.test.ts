import { createHmac } from 'node:crypto';
import { GenerateMacCommand, KMSClient, NotFoundException } from '@aws-sdk/client-kms';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { kmsCursorKey } from '../../../lambdas/adapters/kms/kms-cursor-key';

const HMAC_KEY_ID = 'arn:aws:kms:eu-west-1:123456789012:key/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
/** The label whose MAC is the cursor key; a different label would rotate every cursor. */
const LABEL = 'dmis-audit/search-cursor-key/v1';
/** Stands in for the secret inside the KMS HMAC key. */
const SECRET = Buffer.alloc(32, 0x5a);
const kms = mockClient(KMSClient);

function newCursorKey() {
  return kmsCursorKey(new KMSClient({ region: 'eu-west-1' }), HMAC_KEY_ID);
}

/** KMS GenerateMac, HMAC_SHA_256: 32 bytes of HMAC over the message. */
function macAsKms() {
  kms.on(GenerateMacCommand).callsFake(async (input: { Message: Uint8Array }) => ({
    KeyId: HMAC_KEY_ID,
    MacAlgorithm: 'HMAC_SHA_256',
    Mac: new Uint8Array(createHmac('sha256', SECRET).update(input.Message).digest()),
  }));
}

beforeEach(() => {
  kms.reset();
});

describe('kmsCursorKey', () => {
  it('asks GenerateMac for an HMAC_SHA_256 under the configured key', async () => {
    // Prepare
    macAsKms();
    // Act
    await newCursorKey()();
    // Assess
    expect(kms.commandCalls(GenerateMacCommand).map((call) => call.args[0].input)).toEqual([
      { KeyId: HMAC_KEY_ID, MacAlgorithm: 'HMAC_SHA_256', Message: expect.any(Uint8Array) },
    ]);
  });

  it('MACs the fixed label, so every instance derives the same key', async () => {
    // Prepare
    macAsKms();
    // Act
    await newCursorKey()();
    // Assess
    const message = kms.commandCalls(GenerateMacCommand)[0]?.args[0].input.Message;
    expect(Buffer.from(message ?? []).toString('utf8')).toBe(LABEL);
  });

  it('returns the 32 MAC bytes as the key', async () => {
    // Prepare
    macAsKms();
    // Act
    const key = await newCursorKey()();
    // Assess
    expect(Buffer.from(key).toString('hex')).toBe(createHmac('sha256', SECRET).update(LABEL).digest('hex'));
  });

  it('asks KMS once per cold start, however many callers want the key', async () => {
    // Prepare
    macAsKms();
    const cursorKey = newCursorKey();
    // Act
    await Promise.all([cursorKey(), cursorKey()]);
    await cursorKey();
    // Assess
    expect(kms.commandCalls(GenerateMacCommand)).toHaveLength(1);
  });

  it('asks KMS again after a failure instead of caching it', async () => {
    // Prepare
    const missing = new NotFoundException({ message: 'key not found', $metadata: { httpStatusCode: 400 } });
    kms
      .on(GenerateMacCommand)
      .rejectsOnce(missing)
      .resolves({ Mac: new Uint8Array(32).fill(7) });
    const cursorKey = newCursorKey();
    await expect(cursorKey()).rejects.toBe(missing);
    // Act
    const key = await cursorKey();
    // Assess
    expect(Buffer.from(key).toString('hex')).toBe('07'.repeat(32));
  });

  it('passes a KMS error through', async () => {
    // Prepare
    const missing = new NotFoundException({ message: 'key not found', $metadata: { httpStatusCode: 400 } });
    kms.on(GenerateMacCommand).rejects(missing);
    // Act
    const deriving = newCursorKey()();
    // Assess
    await expect(deriving).rejects.toBe(missing);
  });

  it.each([
    ['a MAC shorter than 32 bytes', { Mac: new Uint8Array(31).fill(1) }],
    ['an answer without a MAC', {}],
  ])('rejects %s', async (_case, answer) => {
    // Prepare
    kms.on(GenerateMacCommand).resolves(answer);
    // Act
    const deriving = newCursorKey()();
    // Assess
    await expect(deriving).rejects.toThrow('KMS returned no usable MAC for the cursor key');
  });
});
