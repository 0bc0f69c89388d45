/**
 * `dmis-audit keys show|rotate`: the local stack's trusted signing keys. Rotation needs the
 * stack stopped: the running sealer holds the old key and would sign past its window.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LocalBlockArchive } from '../lambdas/adapters/local/local-archive';
import {
  localTrustedKeysPath,
  readLocalTrustedKeys,
  rotateLocalKey,
} from '../lambdas/adapters/local/local-trusted-keys';
import { localArchiveDir } from '../local/sealer-timer';
import { CliError } from './cli-client';

/** Runs `keys <sub>` against the local data folder `dir`. */
export async function keysCommand(sub: string | undefined, dir: string, asJson: boolean): Promise<void> {
  if (sub === 'show') {
    const keys = await readLocalTrustedKeys(dir);
    if (!keys) throw new CliError(`no trusted keys published in ${dir} yet; start the stack once`);
    return void console.log(asJson ? JSON.stringify(keys, null, 2) : keys.map(keyLine).join('\n'));
  }
  if (sub !== 'rotate') throw new CliError('usage: dmis-audit keys show|rotate');
  if (await stackIsRunning(dir)) throw new CliError('stop the local stack (npm start) before rotating its key');
  const rotation = await rotateLocalKey(dir, new LocalBlockArchive(localArchiveDir(dir)));
  if (asJson) return void console.log(JSON.stringify(rotation, null, 2));
  console.log(
    `rotated: ${rotation.retiredKeyId} signed blocks ending up to ${rotation.boundary}; ${rotation.keyId} signs after`,
  );
  console.log(`keep a copy of ${localTrustedKeysPath(dir)} outside this machine and verify with --trusted-keys <copy>`);
}

function keyLine(k: { keyId: string; validFrom: string; validTo?: string }): string {
  return `${k.keyId}  after ${k.validFrom}  ${k.validTo ? `until ${k.validTo}` : '(current)'}`;
}

/** True when runtime.json names an API that answers. */
async function stackIsRunning(dir: string): Promise<boolean> {
  const info = await readFile(join(dir, 'runtime.json'), 'utf8').catch(() => undefined);
  if (!info) return false;
  const { apiUrl } = JSON.parse(info) as { apiUrl?: string };
  if (!apiUrl) return false;
  return fetch(apiUrl, { signal: AbortSignal.timeout(2000) }).then(
    () => true,
    () => false,
  );
}
