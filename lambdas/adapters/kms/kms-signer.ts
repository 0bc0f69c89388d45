import { GetPublicKeyCommand, type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import type { BlockSigner } from '../../core/integrity/ports';

/**
 * The block signer on AWS: a KMS asymmetric key (ECC_NIST_P256, SIGN_VERIFY). `Sign` with
 * ECDSA_SHA_256 and MessageType RAW hashes the 32 bytes of `blockHash` once more and
 * returns a DER signature, which is what every standard ECDSA P-256 verifier expects.
 * The private key never leaves KMS; the public key is fetched once per cold start.
 */
export function createKmsSigner(client: Pick<KMSClient, 'send'>, keyArn: string): BlockSigner {
  let publicKey: Promise<string> | undefined;
  return {
    keyId: keyArn,
    async sign(digest32) {
      if (digest32.length !== 32) throw new RangeError('a block hash is 32 bytes');
      return signRaw(client, keyArn, digest32);
    },
    async signMessage(message) {
      // RAW messages up to 4 KB are hashed by KMS itself: ECDSA over the message, as a signed note needs.
      if (message.length > 4096) throw new RangeError('a signed message is at most 4096 bytes');
      return signRaw(client, keyArn, message);
    },
    publicKeyPem() {
      publicKey ??= fetchPublicKeyPem(client, keyArn).catch((error: unknown) => {
        // Do not cache a failure: the next call asks KMS again.
        publicKey = undefined;
        throw error;
      });
      return publicKey;
    },
  };
}

/** KMS Sign, ECDSA_SHA_256 over a RAW message; base64 DER. */
async function signRaw(client: Pick<KMSClient, 'send'>, keyArn: string, message: Uint8Array): Promise<string> {
  const { Signature } = await client.send(
    new SignCommand({ KeyId: keyArn, Message: message, MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' }),
  );
  if (!Signature) throw new Error('KMS returned no signature');
  return Buffer.from(Signature).toString('base64');
}

/** The key's public half as SPKI PEM; refuses a key that is not an ECDSA P-256 signing key. */
async function fetchPublicKeyPem(client: Pick<KMSClient, 'send'>, keyArn: string): Promise<string> {
  const response = await client.send(new GetPublicKeyCommand({ KeyId: keyArn }));
  if (response.KeySpec !== 'ECC_NIST_P256' || response.KeyUsage !== 'SIGN_VERIFY' || !response.PublicKey) {
    throw new Error(`KMS key ${keyArn} is not an ECC_NIST_P256 signing key`);
  }
  return derToPem(response.PublicKey);
}

/** SPKI DER to PEM, 64 characters a line. */
export function derToPem(der: Uint8Array): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----\n`;
}
