/**
 * Credentials for the local runtime's roles (writer, reader, privacy officer), standing in
 * for IAM: a bearer token per role and, under `sigv4`, a local access key per role for
 * SigV4-signing clients (local/sigv4-auth.ts). Created once per data folder in
 * `.local/credentials.json` (mode 0600) and reused, so a developer's scripts keep working
 * across restarts; a file from before a role existed gets that role added, nothing else changed.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { newLocalAccessKey, newLocalSigV4Keys, type LocalSigV4Keys } from './sigv4-auth';

/** The roles a local credential can carry (the API's `none` needs no credential). */
export type LocalRole = 'writer' | 'reader' | 'privacy';

/** The bearer token for each role. */
export type LocalTokens = Readonly<Record<LocalRole, string>>;

/** credentials.json: the bearer tokens and the SigV4 keys. */
export interface LocalCredentials extends LocalTokens {
  readonly sigv4: LocalSigV4Keys;
}

/** Who called: the role and the principal handlers record as the event's `source`. */
export interface LocalCaller {
  readonly role: LocalRole;
  readonly principal: string;
}

const ROLES: readonly LocalRole[] = ['writer', 'reader', 'privacy'];

/** The roles every credentials file has held since the first; later roles are added to old files. */
const FIRST_ROLES: readonly LocalRole[] = ['writer', 'reader'];

/** Reads `<localDir>/credentials.json`, creating it with fresh random tokens at first start. */
export async function loadOrCreateCredentials(localDir: string): Promise<LocalCredentials> {
  const file = join(localDir, 'credentials.json');
  await mkdir(localDir, { recursive: true });
  const fresh: LocalCredentials = { writer: newToken(), reader: newToken(), privacy: newToken(), sigv4: newLocalSigV4Keys() };
  try {
    // 'wx' fails if the file exists, so two starts racing never overwrite each other's tokens.
    await writeFile(file, `${JSON.stringify(fresh, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
    return fresh;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const stored = parseCredentials(await readFile(file, 'utf8'), file);
  if (isComplete(stored)) return stored;
  // A folder from before SigV4 keys or the privacy role existed: add what is missing,
  // keeping every token and key it has (write then rename).
  const sigv4 = stored.sigv4 ?? newLocalSigV4Keys();
  const upgraded: LocalCredentials = {
    ...stored,
    privacy: stored.privacy ?? newToken(),
    sigv4: { ...sigv4, privacy: sigv4.privacy ?? newLocalAccessKey('privacy') },
  };
  await writeFile(`${file}.tmp`, `${JSON.stringify(upgraded, null, 2)}\n`, { mode: 0o600 });
  await rename(`${file}.tmp`, file);
  return upgraded;
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A credentials file as read: the first roles always, later roles and SigV4 keys perhaps not yet. */
type StoredCredentials = Omit<LocalTokens, 'privacy'> & {
  readonly privacy?: string;
  readonly sigv4?: Omit<LocalSigV4Keys, 'privacy'> & { readonly privacy?: LocalSigV4Keys['privacy'] };
};

function parseCredentials(text: string, file: string): StoredCredentials {
  const parsed: unknown = JSON.parse(text);
  const record = (parsed ?? {}) as Record<string, unknown>;
  const isToken = (value: unknown): value is string => typeof value === 'string' && value.length >= 16;
  if (!FIRST_ROLES.every((role) => isToken(record[role]))) {
    throw new Error(`${file} must hold {"writer": "<token>", "reader": "<token>"} with tokens of 16+ characters`);
  }
  const tokens = { writer: record.writer as string, reader: record.reader as string, ...(isToken(record.privacy) ? { privacy: record.privacy } : {}) };
  const sigv4 = validSigV4(record.sigv4) ? record.sigv4 : undefined;
  return sigv4 ? { ...tokens, sigv4 } : tokens;
}

function validSigV4(value: unknown): value is NonNullable<StoredCredentials['sigv4']> {
  const keys = (value ?? {}) as Record<string, Record<string, unknown> | undefined>;
  if (typeof keys.region !== 'string' || typeof keys.service !== 'string') return false;
  const validKey = (role: LocalRole) => typeof keys[role]?.accessKeyId === 'string' && typeof keys[role]?.secretAccessKey === 'string';
  // A malformed later role's key is replaced on upgrade; the first roles' keys must be whole.
  if (keys.privacy !== undefined && !validKey('privacy')) delete keys.privacy;
  return FIRST_ROLES.every(validKey);
}

function isComplete(stored: StoredCredentials): stored is LocalCredentials {
  return stored.privacy !== undefined && stored.sigv4?.privacy !== undefined;
}

/** Builds the check that maps an `Authorization` header to a caller, or undefined if not valid. */
export function createAuthenticator(
  credentials: Omit<LocalTokens, 'privacy'> & { readonly privacy?: string },
): (authorization: string | undefined) => LocalCaller | undefined {
  // A role without a token (tests that give only the first two) matches nothing.
  const digests = ROLES.flatMap((role) => {
    const token = credentials[role];
    return token === undefined ? [] : [{ role, digest: sha256(token) }];
  });
  return (authorization) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match?.[1]) return undefined;
    const presented = sha256(match[1]);
    // Compare fixed-length digests against every role, without stopping early, so
    // timing reveals neither the token nor which role it was closest to.
    let found: LocalRole | undefined;
    for (const { role, digest } of digests) if (timingSafeEqual(presented, digest)) found = role;
    return found === undefined ? undefined : { role: found, principal: `local:${found}` };
  };
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
