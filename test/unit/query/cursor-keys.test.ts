import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { fileCursorKey } from '../../../lambdas/adapters/local/file-cursor-key';

describe('fileCursorKey', () => {
  it('creates a 32-byte key readable by its owner only', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cursor-key-'));
    const key = await fileCursorKey(dir)();
    expect({ bytes: key.byteLength, mode: (await stat(join(dir, 'cursor-key'))).mode & 0o777 }).toEqual({ bytes: 32, mode: 0o600 });
  });

  it('returns the same key after a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cursor-key-'));
    const first = await fileCursorKey(dir)();
    expect(Buffer.from(await fileCursorKey(dir)()).equals(Buffer.from(first))).toBe(true);
  });
});
