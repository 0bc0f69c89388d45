import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { createAuthenticator, loadOrCreateCredentials } from '../../local/credentials';

const tempLocalDir = () => mkdtemp(join(tmpdir(), 'dmis-local-'));

describe('local credentials', () => {
  it('creates credentials.json with a distinct token per role', async () => {
    // Prepare
    const dir = await tempLocalDir();
    // Act
    const credentials = await loadOrCreateCredentials(dir);
    // Assess
    const stored: unknown = JSON.parse(await readFile(join(dir, 'credentials.json'), 'utf8'));
    expect(stored).toEqual(credentials);
    expect(credentials.writer).not.toBe(credentials.reader);
  });

  it('writes the file readable by its owner only', async () => {
    const dir = await tempLocalDir();
    await loadOrCreateCredentials(dir);
    const { mode } = await stat(join(dir, 'credentials.json'));
    expect(mode & 0o777).toBe(0o600);
  });

  it('reuses the same tokens on the next start', async () => {
    // Prepare
    const dir = await tempLocalDir();
    const first = await loadOrCreateCredentials(dir);
    // Act
    const second = await loadOrCreateCredentials(dir);
    // Assess
    expect(second).toEqual(first);
  });

  it('maps each bearer token to its role and principal', () => {
    const authenticate = createAuthenticator({ writer: 'w'.repeat(20), reader: 'r'.repeat(20) });
    expect([authenticate(`Bearer ${'w'.repeat(20)}`), authenticate(`bearer ${'r'.repeat(20)}`)]).toEqual([
      { role: 'writer', principal: 'local:writer' },
      { role: 'reader', principal: 'local:reader' },
    ]);
  });

  it.each([undefined, '', 'Bearer', 'Bearer nope', `Basic ${'w'.repeat(20)}`, `Bearer ${'w'.repeat(19)}`])(
    'rejects the header %j',
    (header) => {
      const authenticate = createAuthenticator({ writer: 'w'.repeat(20), reader: 'r'.repeat(20) });
      expect(authenticate(header)).toBeUndefined();
    },
  );
});
