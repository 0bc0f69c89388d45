import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BlockArchive, BlockSigner } from '../../core/integrity/ports';
import {
  CHAIN_START,
  TRUSTED_KEYS_FILE,
  parseTrustedKeys,
  rotateTrustedKeys,
  type TrustedKey,
} from '../../core/integrity/trusted-keys';
import { localCheckpointDir } from './local-checkpoints';
import { LOCAL_KEY_FILE, signerFromPrivateKey } from './local-signer';

/**
 * The local runtime's published trusted keys, `<dir>/checkpoints/trusted-keys.json` (beside
 * the checkpoints they verify), and local key
 * rotation. The file sits beside the data, so it only proves origin when a verifier pins a
 * copy kept elsewhere (`npm run verify -- --trusted-keys <copy>`).
 */

/** Path of the published trusted keys in a local data folder. */
export const localTrustedKeysPath = (dir: string): string => join(localCheckpointDir(dir), TRUSTED_KEYS_FILE);

/** The trusted keys published in `dir`, or undefined when none were published yet. */
export async function readLocalTrustedKeys(dir: string): Promise<TrustedKey[] | undefined> {
  const text = await readFile(localTrustedKeysPath(dir), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  return text === undefined ? undefined : parseTrustedKeys(text);
}

/**
 * Publishes the signer as the first trusted key (valid since the chain began) when nothing
 * is published yet. An existing file is never changed here: a key missing from it was
 * not rotated in, and the verifier should say so.
 */
export async function publishFirstLocalKey(dir: string, signer: BlockSigner): Promise<void> {
  const first: TrustedKey[] = [
    { keyId: signer.keyId, publicKeyPem: await signer.publicKeyPem(), validFrom: CHAIN_START },
  ];
  await mkdir(localCheckpointDir(dir), { recursive: true });
  try {
    await writeFile(localTrustedKeysPath(dir), `${JSON.stringify(first, null, 2)}\n`, { flag: 'wx', mode: 0o644 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/** What a rotation did. */
export interface LocalRotation {
  readonly retiredKeyId: string;
  readonly keyId: string;
  /** End of the newest sealed block: the old key signed up to it, the new one signs after. */
  readonly boundary: string;
  readonly trustedKeys: readonly TrustedKey[];
}

/**
 * Rotates the local signing key: a new P-256 key replaces `block-signing-key.pem` (the old
 * one is kept, read-only, as `block-signing-key.<keyId>.retired.pem`), the old key's window
 * closes at the end of the newest archived block and the new key is valid after it. Run
 * with the local stack stopped: a running sealer still holds the old key.
 */
export async function rotateLocalKey(dir: string, archive: BlockArchive): Promise<LocalRotation> {
  const keyPath = join(dir, LOCAL_KEY_FILE);
  const old = signerFromPrivateKey(createPrivateKey(await readFile(keyPath, 'utf8')));
  const keys = (await readLocalTrustedKeys(dir)) ?? [
    { keyId: old.keyId, publicKeyPem: await old.publicKeyPem(), validFrom: CHAIN_START },
  ];
  const seqs = await archive.listBlockSeqs();
  const newest = seqs.length > 0 ? await archive.getBlock(seqs[seqs.length - 1] as number) : undefined;
  const boundary = new Date(newest?.block.to ?? CHAIN_START);
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const next = signerFromPrivateKey(privateKey);
  const trustedKeys = rotateTrustedKeys(keys, { keyId: next.keyId, publicKeyPem: await next.publicKeyPem() }, boundary);
  const retired = join(dir, `block-signing-key.${old.keyId.replace(/[^a-z0-9]/gi, '_')}.retired.pem`);
  await rename(keyPath, retired);
  await chmod(retired, 0o400);
  await writeFile(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), { mode: 0o600, flag: 'wx' });
  await mkdir(localCheckpointDir(dir), { recursive: true });
  await writeFile(localTrustedKeysPath(dir), `${JSON.stringify(trustedKeys, null, 2)}\n`);
  return { retiredKeyId: old.keyId, keyId: next.keyId, boundary: boundary.toISOString(), trustedKeys };
}
