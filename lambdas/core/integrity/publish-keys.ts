import type { BlockSigner } from './ports';
import { p256PublicKey } from './signature';
import { CHAIN_START, parseTrustedKeys, publicKeyOf, rotateTrustedKeys, type TrustedKey } from './trusted-keys';

/**
 * The sealer keeps the published trusted keys (trusted-keys.ts) in step with the key it
 * signs with: it publishes the file when there is none, and appends the signing key when
 * it differs from the newest entry, closing the old key's window at the end of the newest
 * sealed block. It only ever appends: a key already trusted earlier is refused, so a
 * rotation cannot silently re-open an old window. The sealer's own file is a convenience;
 * a copy pinned from outside the data (TRUSTED_KEYS) is the stronger anchor.
 */

/** Where the published trusted-keys file is read and written (a bucket object, a local file). */
export interface TrustedKeysStore {
  read(): Promise<string | undefined>;
  write(text: string): Promise<void>;
}

/** What keeping the published keys needs. */
export interface PublishKeysDeps {
  readonly store: TrustedKeysStore;
  readonly signer: Pick<BlockSigner, 'keyId' | 'publicKeyPem'>;
  /** The newest sealed block's interval end, the rotation boundary; undefined before the first block. */
  readonly newestBlockEnd: () => Promise<string | undefined>;
}

/** What a call did. */
export type PublishKeysOutcome = 'unchanged' | 'published' | 'rotated';

/** Publishes or appends the signer's key; see the module comment. Throws when the signer's key was retired earlier. */
export async function publishSigningKey(deps: PublishKeysDeps): Promise<PublishKeysOutcome> {
  const text = await deps.store.read();
  const publicKeyPem = await deps.signer.publicKeyPem();
  const { keyId } = deps.signer;
  if (text === undefined) {
    await deps.store.write(render([{ keyId, publicKeyPem, validFrom: CHAIN_START }]));
    return 'published';
  }
  const keys = parseTrustedKeys(text);
  const newest = keys[keys.length - 1];
  if (newest && newest.keyId === keyId && newest.validTo === undefined) {
    if (!samePublicKey(newest, publicKeyPem)) throw new Error(`trusted keys: key ${keyId} has a different public key`);
    return 'unchanged';
  }
  const boundary = new Date((await deps.newestBlockEnd()) ?? CHAIN_START);
  await deps.store.write(render(rotateTrustedKeys(keys, { keyId, publicKeyPem }, boundary)));
  return 'rotated';
}

/** The public keys (SPKI PEM) of trusted keys, e.g. to open checkpoints signed by any of them. */
export function trustedPublicKeyPems(keys: readonly TrustedKey[]): string[] {
  return keys.map((k) => publicKeyOf(k).export({ type: 'spki', format: 'pem' }).toString());
}

function samePublicKey(key: TrustedKey, publicKeyPem: string): boolean {
  const der = p256PublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return publicKeyOf(key).export({ type: 'spki', format: 'der' }).equals(der);
}

/** The file as the local runtime writes it: two-space JSON, one trailing newline. */
function render(keys: readonly TrustedKey[]): string {
  return `${JSON.stringify(keys, null, 2)}\n`;
}
