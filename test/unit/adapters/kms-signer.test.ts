import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import {
  GetPublicKeyCommand,
  type GetPublicKeyCommandOutput,
  KMSClient,
  KMSInvalidStateException,
  SignCommand,
} from '@aws-sdk/client-kms';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { createKmsSigner } from '../../../lambdas/adapters/kms/kms-signer';
import { createSignatureVerifier } from '../../../lambdas/core/integrity/signature';

const KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/5c2e8d4f-1a6b-4c3d-9e7f-0a1b2c3d4e5f';
/** A block hash: 32 fixed bytes. */
const BLOCK_HASH = createHash('sha256').update('block 0 of the test chain').digest();
const kms = mockClient(KMSClient);
/** Stands in for the key inside KMS: a real P-256 pair, so signatures are real. */
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });

/** GetPublicKey's answer for the key above, as KMS gives it (SPKI DER). */
const PUBLIC_KEY_RESPONSE: GetPublicKeyCommandOutput = {
  $metadata: {},
  KeyId: KEY_ARN,
  PublicKey: new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })),
  KeySpec: 'ECC_NIST_P256',
  KeyUsage: 'SIGN_VERIFY',
  SigningAlgorithms: ['ECDSA_SHA_256'],
};

function newSigner() {
  return createKmsSigner(new KMSClient({ region: 'eu-west-1' }), KEY_ARN);
}

/** KMS Sign, ECDSA_SHA_256 with MessageType RAW: SHA-256 of the message, signed, DER. */
function signAsKms() {
  kms.on(SignCommand).callsFake(async (input: { Message: Uint8Array }) => ({
    KeyId: KEY_ARN,
    SigningAlgorithm: 'ECDSA_SHA_256',
    Signature: new Uint8Array(sign('sha256', input.Message, privateKey)),
  }));
}

beforeEach(() => {
  kms.reset();
});

describe('createKmsSigner: sign', () => {
  it('sends Sign with the key, ECDSA_SHA_256 and MessageType RAW', async () => {
    // Prepare
    signAsKms();
    // Act
    await newSigner().sign(BLOCK_HASH);
    // Assess
    expect(kms.commandCalls(SignCommand).map((call) => call.args[0].input)).toEqual([
      { KeyId: KEY_ARN, Message: expect.any(Uint8Array), MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' },
    ]);
  });

  it('sends the 32 bytes of the block hash themselves as the message', async () => {
    // Prepare
    signAsKms();
    // Act
    await newSigner().sign(BLOCK_HASH);
    // Assess
    const message = kms.commandCalls(SignCommand)[0]?.args[0].input.Message;
    expect(Buffer.from(message ?? []).toString('hex')).toBe(BLOCK_HASH.toString('hex'));
  });

  it('returns a base64 DER signature that node:crypto verifies against the key KMS publishes', async () => {
    // Prepare
    signAsKms();
    kms.on(GetPublicKeyCommand).resolves(PUBLIC_KEY_RESPONSE);
    const signer = newSigner();
    // Act
    const signature = await signer.sign(BLOCK_HASH);
    // Assess
    const pem = await signer.publicKeyPem();
    expect(verify('sha256', BLOCK_HASH, { key: pem, dsaEncoding: 'der' }, Buffer.from(signature, 'base64'))).toBe(true);
  });

  it('signs blocks that the verifier accepts under the signer keyId', async () => {
    // Prepare
    signAsKms();
    kms.on(GetPublicKeyCommand).resolves(PUBLIC_KEY_RESPONSE);
    const signer = newSigner();
    const verifier = createSignatureVerifier({ [signer.keyId]: await signer.publicKeyPem() });
    // Act
    const signature = await signer.sign(BLOCK_HASH);
    // Assess
    expect(verifier.verify(KEY_ARN, BLOCK_HASH, signature)).toBe(true);
  });

  it('refuses a digest that is not 32 bytes without calling KMS', async () => {
    // Prepare
    signAsKms();
    // Act
    const signing = newSigner().sign(BLOCK_HASH.subarray(0, 31));
    // Assess
    await expect(signing).rejects.toBeInstanceOf(RangeError);
    expect(kms.commandCalls(SignCommand)).toHaveLength(0);
  });

  it('fails when KMS answers without a signature', async () => {
    // Prepare
    kms.on(SignCommand).resolves({ KeyId: KEY_ARN });
    // Act
    const signing = newSigner().sign(BLOCK_HASH);
    // Assess
    await expect(signing).rejects.toThrow('KMS returned no signature');
  });

  it('passes a KMS error (a disabled key) through', async () => {
    // Prepare
    const disabled = new KMSInvalidStateException({
      message: `${KEY_ARN} is disabled.`,
      $metadata: { httpStatusCode: 400 },
    });
    kms.on(SignCommand).rejects(disabled);
    // Act
    const signing = newSigner().sign(BLOCK_HASH);
    // Assess
    await expect(signing).rejects.toBe(disabled);
  });
});

describe('createKmsSigner: publicKeyPem', () => {
  it('asks GetPublicKey for the configured key and returns it as SPKI PEM', async () => {
    // Prepare
    kms.on(GetPublicKeyCommand, { KeyId: KEY_ARN }).resolves(PUBLIC_KEY_RESPONSE);
    // Act
    const pem = await newSigner().publicKeyPem();
    // Assess
    expect(pem).toBe(publicKey.export({ type: 'spki', format: 'pem' }));
  });

  it('asks KMS once per cold start', async () => {
    // Prepare
    kms.on(GetPublicKeyCommand).resolves(PUBLIC_KEY_RESPONSE);
    const signer = newSigner();
    // Act
    await Promise.all([signer.publicKeyPem(), signer.publicKeyPem()]);
    await signer.publicKeyPem();
    // Assess
    expect(kms.commandCalls(GetPublicKeyCommand)).toHaveLength(1);
  });

  it('asks KMS again after a failed fetch instead of caching the failure', async () => {
    // Prepare
    kms.on(GetPublicKeyCommand).rejectsOnce(new Error('throttled')).resolves(PUBLIC_KEY_RESPONSE);
    const signer = newSigner();
    await expect(signer.publicKeyPem()).rejects.toThrow('throttled');
    // Act
    const pem = await signer.publicKeyPem();
    // Assess
    expect(pem).toBe(publicKey.export({ type: 'spki', format: 'pem' }));
  });

  it.each([
    ['an RSA key', { KeySpec: 'RSA_2048' }],
    ['an encryption key', { KeyUsage: 'ENCRYPT_DECRYPT' }],
    ['an answer without a public key', { PublicKey: undefined }],
  ] as const)('refuses %s', async (_case, override) => {
    // Prepare
    kms.on(GetPublicKeyCommand).resolves({ ...PUBLIC_KEY_RESPONSE, ...override });
    // Act
    const fetching = newSigner().publicKeyPem();
    // Assess
    await expect(fetching).rejects.toThrow(`KMS key ${KEY_ARN} is not an ECC_NIST_P256 signing key`);
  });
});
