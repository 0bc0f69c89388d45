import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { fileBlindIndexKey } from '../../../lambdas/adapters/local/file-blind-index-key';
import { fileKeyWrapper } from '../../../lambdas/adapters/local/file-key-wrapper';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'key-wrapper-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('fileKeyWrapper', () => {
  it('makes a fresh 32-byte key that unwraps again, also in a later process', async () => {
    // Prepare
    const made = await fileKeyWrapper(dir).generate('k-1');
    // Act
    const unwrapped = await fileKeyWrapper(dir).unwrap('k-1', made.wrapped);
    // Assess
    expect([unwrapped.byteLength, Buffer.from(unwrapped).equals(Buffer.from(made.plaintext))]).toEqual([32, true]);
    expect(Buffer.from(made.wrapped).includes(Buffer.from(made.plaintext))).toBe(false);
  });

  it('keeps its wrapping key in a file only its owner may read', async () => {
    // Act
    await fileKeyWrapper(dir).generate('k-1');
    // Assess
    expect((await stat(join(dir, 'subject-wrapping-key'))).mode & 0o777).toBe(0o600);
    expect(Buffer.from((await readFile(join(dir, 'subject-wrapping-key'), 'utf8')).trim(), 'base64').byteLength).toBe(32);
  });

  it('refuses to unwrap a key as another key id, or after a bit changed', async () => {
    // Prepare
    const wrapper = fileKeyWrapper(dir);
    const { wrapped } = await wrapper.generate('k-1');
    const altered = new Uint8Array(wrapped);
    altered[20] = (altered[20] as number) ^ 1;
    // Act, Assess
    await expect(wrapper.unwrap('k-2', wrapped)).rejects.toThrow();
    await expect(wrapper.unwrap('k-1', altered)).rejects.toThrow();
  });

  it('makes a different key every time', async () => {
    // Prepare
    const wrapper = fileKeyWrapper(dir);
    // Act
    const [a, b] = await Promise.all([wrapper.generate('k-1'), wrapper.generate('k-2')]);
    // Assess
    expect(Buffer.from(a.plaintext).equals(Buffer.from(b.plaintext))).toBe(false);
  });
});

describe('fileBlindIndexKey', () => {
  it('gives every process of one local folder the same 32 bytes', async () => {
    // Act
    const [first, second] = await Promise.all([fileBlindIndexKey(dir)(), fileBlindIndexKey(dir)()]);
    // Assess
    expect([first.byteLength, Buffer.from(first).equals(Buffer.from(second))]).toEqual([32, true]);
  });
});
