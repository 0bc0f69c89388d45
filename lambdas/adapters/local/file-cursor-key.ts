import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CursorKeySource } from '../../core/query/ports';

/** The cursor key locally: 32 random bytes in `<localDir>/cursor-key` (mode 0600), created at first use. */
export function fileCursorKey(localDir: string): CursorKeySource {
  let key: Promise<Uint8Array> | undefined;
  return () => (key ??= loadOrCreate(join(localDir, 'cursor-key')));
}

async function loadOrCreate(file: string): Promise<Uint8Array> {
  await mkdir(join(file, '..'), { recursive: true });
  const fresh = randomBytes(32);
  try {
    // 'wx': two processes starting together never overwrite each other's key.
    await writeFile(file, `${fresh.toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
    return fresh;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const stored = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
  if (stored.byteLength < 32) throw new Error(`${file} must hold at least 32 base64-encoded bytes`);
  return stored;
}
