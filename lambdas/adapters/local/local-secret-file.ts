import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * A 32-byte local secret in `file` (base64, mode 0600), created at first use. Two processes
 * starting together agree on one: each writes a private temporary file and hard-links it
 * into place, which fails when the file exists, so a reader never sees a half-written
 * secret and the loser reads the winner's.
 */
export async function loadOrCreateSecret(file: string): Promise<Uint8Array> {
  await mkdir(dirname(file), { recursive: true });
  const fresh = randomBytes(32);
  const draft = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(draft, `${fresh.toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
    await link(draft, file);
    return fresh;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await rm(draft, { force: true });
  }
  const stored = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
  if (stored.byteLength !== 32) throw new Error(`${file} must hold exactly 32 base64-encoded bytes`);
  return stored;
}
