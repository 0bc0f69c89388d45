import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keysCommand } from '../../../bin/cli-keys';
import { openLocalSigner } from '../../../lambdas/adapters/local/local-signer';
import { publishFirstLocalKey, readLocalTrustedKeys } from '../../../lambdas/adapters/local/local-trusted-keys';

/** `dmis-audit keys show|rotate` on a local data folder. */
let dir: string;
let printed: string[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dmis-keys-'));
  await publishFirstLocalKey(dir, await openLocalSigner(dir));
  printed = [];
  jest.spyOn(console, 'log').mockImplementation((line: unknown) => void printed.push(String(line)));
});
afterEach(async () => {
  jest.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

describe('keys rotate', () => {
  it('replaces the key, keeps the old one read-only and trusts both with adjoining windows', async () => {
    // Prepare
    const old = await openLocalSigner(dir);
    // Act
    await keysCommand('rotate', dir, true);
    // Assess
    const keys = (await readLocalTrustedKeys(dir)) ?? [];
    const next = await openLocalSigner(dir);
    expect(keys.map((k) => k.keyId)).toEqual([old.keyId, next.keyId]);
    expect(keys[0]?.validTo).toBe(keys[1]?.validFrom);
    const retired = (await readdir(dir)).filter((f) => f.endsWith('.retired.pem'));
    expect(retired).toHaveLength(1);
    expect((await stat(join(dir, retired[0] as string))).mode & 0o777).toBe(0o400);
    expect(JSON.parse(printed.join('\n'))).toMatchObject({ retiredKeyId: old.keyId, keyId: next.keyId });
  });

  it('refuses while the local stack answers, leaving the key as it was', async () => {
    // Prepare
    const server: Server = createServer((_req, res) => res.end('{}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await writeFile(join(dir, 'runtime.json'), JSON.stringify({ apiUrl: `http://127.0.0.1:${port}` }));
    const before = (await openLocalSigner(dir)).keyId;
    // Act
    const rotation = keysCommand('rotate', dir, false);
    // Assess
    await expect(rotation).rejects.toThrow('stop the local stack');
    expect((await openLocalSigner(dir)).keyId).toBe(before);
    await new Promise((resolve) => server.close(resolve));
  });
});

describe('keys show', () => {
  it('lists each key with its window', async () => {
    // Act
    await keysCommand('show', dir, false);
    // Assess
    expect(printed.join('\n')).toMatch(/^local:[0-9a-f]{16} {2}after 1970-01-01T00:00:00.000Z {2}\(current\)$/);
  });
});
