/**
 * Credentials for the local runtime's two roles, standing in for IAM: a bearer token per
 * role and, under `sigv4`, a local access key per role for SigV4-signing clients
 * (local/sigv4-auth.ts). Created once per data folder in `.local/credentials.json` (mode
 * 0600) and reused, so a developer's scripts keep working across restarts.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { newLocalSigV4Keys, type LocalSigV4Keys } from './sigv4-auth';

/** The roles a local credential can carry (the API's `none` needs no credential). */
export type LocalRole = 'writer' | 'reader';

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

const ROLES: readonly LocalRole[] = ['writer', 'reader'];

/** Reads `<localDir>/credentials.json`, creating it with fresh random tokens at first start. */
export async function loadOrCreateCredentials(localDir: string): Promise<LocalCredentials> {
  const file = join(localDir, 'credentials.json');
  await mkdir(localDir, { recursive: true });
  const fresh: LocalCredentials = { writer: newToken(), reader: newToken(), sigv4: newLocalSigV4Keys() };
  try {
    // 'wx' fails if the file exists, so two starts racing never overwrite each other's tokens.
    await writeFile(file, `${JSON.stringify(fresh, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
    return fresh;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const tokens = parseCredentials(await readFile(file, 'utf8'), file);
  if (tokens.sigv4) return tokens as LocalCredentials;
  // A folder from before SigV4 keys existed: add them, keeping its tokens (write then rename).
  const upgraded: LocalCredentials = { ...tokens, sigv4: newLocalSigV4Keys() };
  await writeFile(`${file}.tmp`, `${JSON.stringify(upgraded, null, 2)}\n`, { mode: 0o600 });
  await rename(`${file}.tmp`, file);
  return upgraded;
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

function parseCredentials(text: string, file: string): LocalTokens & { sigv4?: LocalSigV4Keys } {
  const parsed: unknown = JSON.parse(text);
  const record = (parsed ?? {}) as Record<string, unknown>;
  const valid = ROLES.every((role) => typeof record[role] === 'string' && (record[role] as string).length >= 16);
  if (!valid) throw new Error(`${file} must hold {"writer": "<token>", "reader": "<token>"} with tokens of 16+ characters`);
  const tokens = { writer: record.writer as string, reader: record.reader as string };
  return validSigV4(record.sigv4) ? { ...tokens, sigv4: record.sigv4 } : tokens;
}

function validSigV4(value: unknown): value is LocalSigV4Keys {
  const keys = (value ?? {}) as Record<string, Record<string, unknown> | undefined>;
  if (typeof keys.region !== 'string' || typeof keys.service !== 'string') return false;
  return ROLES.every((role) => typeof keys[role]?.accessKeyId === 'string' && typeof keys[role]?.secretAccessKey === 'string');
}

/** Builds the check that maps an `Authorization` header to a caller, or undefined if not valid. */
export function createAuthenticator(credentials: LocalTokens): (authorization: string | undefined) => LocalCaller | undefined {
  const digests = ROLES.map((role) => ({ role, digest: sha256(credentials[role]) }));
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
