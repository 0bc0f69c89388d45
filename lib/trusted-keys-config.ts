/**
 * Context `trustedKeysFile=<path>`: the trusted-keys file an auditor keeps outside the
 * deployment, pinned into the verifier and query functions (TRUSTED_KEYS), so the deployed
 * verifiers judge blocks by keys the operator cannot swap without a visible redeploy.
 */
import { readFileSync } from 'node:fs';
import { parseTrustedKeys } from '../lambdas/core/integrity/trusted-keys';
import { ConfigError, type ConfigSource } from './config-readers';

/** Lambda's whole environment is 4 KB; a handful of keys fits well under this. */
const MAX_TRUSTED_KEYS_BYTES = 2048;

/** The file's keys as compact JSON, validated; undefined when the context key is not set. */
export function readTrustedKeysFile(source: ConfigSource): string | undefined {
  const path = source('trustedKeysFile');
  if (path === undefined || path === '') return undefined;
  if (typeof path !== 'string') throw new ConfigError('trustedKeysFile', 'must be a file path');
  let keys;
  try {
    keys = parseTrustedKeys(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError('trustedKeysFile', (error as Error).message);
  }
  const text = JSON.stringify(keys);
  if (Buffer.byteLength(text) > MAX_TRUSTED_KEYS_BYTES)
    throw new ConfigError('trustedKeysFile', `must be at most ${MAX_TRUSTED_KEYS_BYTES} bytes as compact JSON`);
  return text;
}
