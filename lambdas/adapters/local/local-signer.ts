import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BlockSigner } from '../../core/integrity/ports';

/**
 * The local runtime's block signer: an ECDSA P-256 key kept as PEM in a folder
 * (`.local/` by default), created on first use with mode 0600. Signs exactly as KMS does
 * for ECC_NIST_P256 / ECDSA_SHA_256 / MessageType RAW, so the same verifier checks both.
 */

/** File name of the private key inside the key folder. */
export const LOCAL_KEY_FILE = 'block-signing-key.pem';

/** A BlockSigner over an in-process P-256 private key. */
export function signerFromPrivateKey(privateKey: KeyObject): BlockSigner {
  if (privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
    throw new TypeError('signing key must be ECDSA P-256');
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  return {
    keyId: localKeyId(publicKeyPem),
    sign: async (digest32) => {
      if (digest32.length !== 32) throw new RangeError('a block hash is 32 bytes');
      return sign('sha256', digest32, { key: privateKey, dsaEncoding: 'der' }).toString('base64');
    },
    signMessage: async (message) => {
      if (message.length > 4096) throw new RangeError('a signed message is at most 4096 bytes');
      return sign('sha256', message, { key: privateKey, dsaEncoding: 'der' }).toString('base64');
    },
    publicKeyPem: async () => publicKeyPem,
  };
}

/** `local:` and the first 16 hex of SHA-256 over the public key's DER: stable across restarts. */
export function localKeyId(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return `local:${createHash('sha256').update(der).digest('hex').slice(0, 16)}`;
}

/** Opens the key in `dir`, creating the folder and a new key (mode 0600) when there is none. */
export async function openLocalSigner(dir: string): Promise<BlockSigner> {
  const path = join(dir, LOCAL_KEY_FILE);
  const existing = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (existing !== undefined) return signerFromPrivateKey(createPrivateKey(existing));
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  // 'wx' fails if another process created the key meanwhile; then use theirs.
  try {
    await writeFile(path, pem, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return signerFromPrivateKey(createPrivateKey(await readFile(path, 'utf8')));
  }
  await chmod(path, 0o600);
  return signerFromPrivateKey(privateKey);
}
