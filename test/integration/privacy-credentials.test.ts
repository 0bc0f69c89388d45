import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { createAuthenticator, loadOrCreateCredentials } from '../../local/credentials';

/** The privacy officer's local credential: created with the others, and added to a folder from before it existed. */

const OLD_SIGV4 = {
  region: 'local', service: 'execute-api',
  writer: { accessKeyId: 'LOCALWRITER0123456789AB', secretAccessKey: 'w-secret-'.padEnd(40, 'w') },
  reader: { accessKeyId: 'LOCALREADER0123456789AB', secretAccessKey: 'r-secret-'.padEnd(40, 'r') },
};

describe('the privacy role\'s local credentials', () => {
  it('are created at first start, a token and a SigV4 key of their own', async () => {
    const credentials = await loadOrCreateCredentials(await mkdtemp(join(tmpdir(), 'dmis-cred-')));
    expect(new Set([credentials.writer, credentials.reader, credentials.privacy]).size).toBe(3);
    expect(credentials.sigv4.privacy.accessKeyId).toMatch(/^LOCALPRIVACY[0-9A-F]{12}$/);
  });

  it('are added to an older file, keeping its tokens and keys, and authenticate as privacy', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'dmis-cred-'));
    const old = { writer: 'w'.repeat(43), reader: 'r'.repeat(43), sigv4: OLD_SIGV4 };
    await writeFile(join(dir, 'credentials.json'), JSON.stringify(old));
    // Act
    const upgraded = await loadOrCreateCredentials(dir);
    const again = await loadOrCreateCredentials(dir);
    // Assess
    expect(upgraded).toMatchObject({ ...old, sigv4: { ...OLD_SIGV4, privacy: { accessKeyId: expect.stringMatching(/^LOCALPRIVACY/) } } });
    expect(upgraded.privacy).toHaveLength(43);
    expect(again).toEqual(upgraded);
    expect(JSON.parse(await readFile(join(dir, 'credentials.json'), 'utf8'))).toEqual(upgraded);
    expect(createAuthenticator(upgraded)(`Bearer ${upgraded.privacy}`)).toEqual({ role: 'privacy', principal: 'local:privacy' });
  });
});
