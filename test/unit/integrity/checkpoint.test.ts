import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import {
  checkpointBody,
  readCheckpointClaim,
  signCheckpoint,
  verifyCheckpoint,
  type Checkpoint,
} from '../../../lambdas/core/integrity/checkpoint';
import { newTestSigner } from '../../fixtures/integrity/fakes';

const ORIGIN = 'audit.example/log';
const checkpoint: Checkpoint = {
  origin: ORIGIN,
  treeSize: 20852163,
  rootHex: 'ab'.repeat(32),
  time: '2030-01-01T00:01:00.000Z',
};
const signer = newTestSigner();
const signed = async (cp: Checkpoint = checkpoint) =>
  signCheckpoint(cp, await signer.publicKeyPem(), (m) => signer.signMessage(m));

describe('C2SP tlog-checkpoint and signed-note', () => {
  it('writes origin, decimal size, base64 root and the time extension line', () => {
    // Act
    const body = checkpointBody(checkpoint);
    // Assess
    expect(body.split('\n')).toEqual([
      ORIGIN,
      '20852163',
      Buffer.from('ab'.repeat(32), 'hex').toString('base64'),
      `time ${checkpoint.time}`,
      '',
    ]);
  });

  it('signs with key ID = SHA-256(SPKI DER)[:4] after an em dash and the key name', async () => {
    // Prepare
    const der = createPublicKey(await signer.publicKeyPem()).export({ type: 'spki', format: 'der' });
    // Act
    const note = await signed();
    // Assess
    const line = note.split('\n\n')[1] as string;
    expect(line.startsWith(`\u2014 ${ORIGIN} `)).toBe(true);
    const sig = Buffer.from(line.trim().split(' ')[2] as string, 'base64');
    expect(sig.subarray(0, 4)).toEqual(createHash('sha256').update(der).digest().subarray(0, 4));
  });

  it('verifies and parses what it signed', async () => {
    // Act
    const result = verifyCheckpoint(await signed(), ORIGIN, await signer.publicKeyPem());
    // Assess
    expect(result).toEqual({ ok: true, checkpoint });
  });

  it.each([
    ['a changed size', (n: string) => n.replace('20852163', '20852162')],
    ['a changed root', (n: string) => n.replace(/^([^\n]*\n[^\n]*\n)./, '$1B')],
    ['a dropped signature', (n: string) => n.slice(0, n.lastIndexOf('\u2014'))],
    ['a control character', (n: string) => n.replace(ORIGIN, `${ORIGIN}\t`)],
  ])('rejects %s', async (_name, tamper) => {
    // Act
    const result = verifyCheckpoint(tamper(await signed()), ORIGIN, await signer.publicKeyPem());
    // Assess
    expect(result.ok).toBe(false);
  });

  it('rejects a note signed by another key under the same name', async () => {
    // Prepare
    const other = newTestSigner();
    const note = await signCheckpoint(checkpoint, await other.publicKeyPem(), (m) => other.signMessage(m));
    // Act
    const result = verifyCheckpoint(note, ORIGIN, await signer.publicKeyPem());
    // Assess
    expect(result).toEqual({ ok: false, reason: `no signature by the trusted key ${ORIGIN}` });
  });

  it('separates the signatures at the last blank line', async () => {
    // Prepare: an extension line cannot be empty, so a body with a blank line is refused.
    const note = await signed();
    // Act
    const claim = readCheckpointClaim(note.replace(`time ${checkpoint.time}\n`, `time ${checkpoint.time}\n\nx\n`));
    // Assess
    expect(claim).toBeUndefined();
  });

  it('is accepted by an independent Python verifier, and a tampered one is not', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'checkpoint-'));
    const [good, bad, pem] = ['good.txt', 'bad.txt', 'key.pem'].map((f) => join(dir, f)) as [string, string, string];
    const note = await signed();
    writeFileSync(good, note);
    writeFileSync(bad, note.replace('20852163', '20852164'));
    writeFileSync(pem, await signer.publicKeyPem());
    const script = new URL('../../fixtures/verify_checkpoint.py', import.meta.url).pathname;
    const run = (file: string): string => {
      try {
        return execFileSync('python3', [script, file, ORIGIN, pem], { encoding: 'utf8' }).trim();
      } catch (error) {
        return String((error as { stdout?: string }).stdout).trim();
      }
    };
    // Act / Assess
    expect(run(good)).toBe(`ok ${ORIGIN} 20852163 ${'ab'.repeat(32)}`);
    expect(run(bad)).toBe('rejected: signature by the trusted key does not verify');
  });
});
