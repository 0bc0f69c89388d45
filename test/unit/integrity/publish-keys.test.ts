/**
 * The sealer's published trusted keys on AWS: the signing key's public half from KMS
 * GetPublicKey, written to `checkpoints/trusted-keys.json` in the checkpoint bucket when
 * absent, appended (old window closed at the newest block's end) when the key changed.
 * Asserted at the SDK boundary: the exact KMS and S3 requests.
 */
import { generateKeyPairSync } from 'node:crypto';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { GetPublicKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { createKmsSigner } from '../../../lambdas/adapters/kms/kms-signer';
import { S3TrustedKeys, TRUSTED_KEYS_OBJECT_KEY } from '../../../lambdas/adapters/s3/s3-checkpoints';
import { publishSigningKey } from '../../../lambdas/core/integrity/publish-keys';
import { CHAIN_START, parseTrustedKeys } from '../../../lambdas/core/integrity/trusted-keys';

const BUCKET = 'audit-checkpoints';
const OLD_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/11111111-1111-1111-1111-111111111111';
const NEW_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/22222222-2222-2222-2222-222222222222';
const BOUNDARY = '2026-12-01T10:05:00.000Z';

const kms = mockClient(KMSClient);
const s3 = mockClient(S3Client);

const newSpki = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'der' });
const pemOf = (der: Buffer) =>
  `-----BEGIN PUBLIC KEY-----\n${(der.toString('base64').match(/.{1,64}/g) ?? []).join('\n')}\n-----END PUBLIC KEY-----\n`;
const body = (text: string) => ({ transformToString: async () => text }) as never;

/** KMS answers GetPublicKey for `arn` with `der`; S3 holds `published` (or nothing) at the keys object. */
function given(arn: string, der: Buffer, published?: string) {
  kms.on(GetPublicKeyCommand, { KeyId: arn }).resolves({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', PublicKey: der });
  const get = s3.on(GetObjectCommand, { Bucket: BUCKET, Key: TRUSTED_KEYS_OBJECT_KEY });
  if (published === undefined) get.rejects(new NoSuchKey({ message: 'none', $metadata: {} }));
  else get.resolves({ Body: body(published) });
  s3.on(PutObjectCommand).resolves({});
}

const publish = (arn: string) =>
  publishSigningKey({
    store: new S3TrustedKeys(new S3Client({}), BUCKET),
    signer: createKmsSigner(new KMSClient({}), arn),
    newestBlockEnd: async () => BOUNDARY,
  });

/** The one PutObject request, its body parsed as trusted keys. */
function written() {
  const puts = s3.commandCalls(PutObjectCommand);
  expect(puts).toHaveLength(1);
  const input = puts[0]!.args[0].input;
  expect(input).toMatchObject({ Bucket: BUCKET, Key: 'checkpoints/trusted-keys.json', ChecksumAlgorithm: 'SHA256' });
  expect(input).not.toHaveProperty('IfNoneMatch');
  return parseTrustedKeys(String(input.Body));
}

beforeEach(() => {
  kms.reset();
  s3.reset();
});

describe('publishSigningKey on AWS', () => {
  it('publishes the KMS key as valid since the chain began when no file exists', async () => {
    const der = newSpki();
    given(OLD_ARN, der);
    await expect(publish(OLD_ARN)).resolves.toBe('published');
    expect(kms.commandCalls(GetPublicKeyCommand).map((c) => c.args[0].input)).toEqual([{ KeyId: OLD_ARN }]);
    expect(written()).toEqual([{ keyId: OLD_ARN, publicKeyPem: pemOf(der), validFrom: CHAIN_START }]);
  });

  it('writes nothing while the newest entry is the signing key', async () => {
    const der = newSpki();
    given(OLD_ARN, der, JSON.stringify([{ keyId: OLD_ARN, publicKeyPem: pemOf(der), validFrom: CHAIN_START }]));
    await expect(publish(OLD_ARN)).resolves.toBe('unchanged');
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('closes the old window at the newest block and appends the configured key', async () => {
    const oldDer = newSpki();
    const newDer = newSpki();
    given(NEW_ARN, newDer, JSON.stringify([{ keyId: OLD_ARN, publicKeyPem: pemOf(oldDer), validFrom: CHAIN_START }]));
    await expect(publish(NEW_ARN)).resolves.toBe('rotated');
    expect(written()).toEqual([
      { keyId: OLD_ARN, publicKeyPem: pemOf(oldDer), validFrom: CHAIN_START, validTo: BOUNDARY },
      { keyId: NEW_ARN, publicKeyPem: pemOf(newDer), validFrom: BOUNDARY },
    ]);
  });

  it('refuses to trust again a key retired earlier, and writes nothing', async () => {
    const oldDer = newSpki();
    const newDer = newSpki();
    const keys = [
      { keyId: OLD_ARN, publicKeyPem: pemOf(oldDer), validFrom: CHAIN_START, validTo: BOUNDARY },
      { keyId: NEW_ARN, publicKeyPem: pemOf(newDer), validFrom: BOUNDARY },
    ];
    given(OLD_ARN, oldDer, JSON.stringify(keys));
    await expect(publish(OLD_ARN)).rejects.toThrow(`key ${OLD_ARN} is already trusted`);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('refuses a newest entry whose public key differs from what KMS returns', async () => {
    given(OLD_ARN, newSpki(), JSON.stringify([{ keyId: OLD_ARN, publicKeyPem: pemOf(newSpki()), validFrom: CHAIN_START }]));
    await expect(publish(OLD_ARN)).rejects.toThrow('has a different public key');
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });
});
