import { beforeAll, describe, expect, it } from '@jest/globals';
import type { StoredEvent } from '../../../lambdas/core/event-schema';
import { DEFAULT_LOG_ORIGIN, signCheckpoint } from '../../../lambdas/core/integrity/checkpoint';
import { logInclusion } from '../../../lambdas/core/integrity/log-proof';
import { buildInclusionProof } from '../../../lambdas/core/integrity/proof';
import { CHAIN_START } from '../../../lambdas/core/integrity/trusted-keys';
import { verifyEvent, type VerifyResult, type VerifyStepId } from '../../../console/src/verify';
import { newTestSigner } from '../../fixtures/integrity/fakes';
import type { IntegrityHarness } from '../../fixtures/integrity/harness';
import { at } from '../../fixtures/integrity/harness';
import { sealedSampleChain } from '../../fixtures/integrity/tamper-setup';

/**
 * The one growing log in the console: an event's inclusion at a later tree size, anchored
 * by its block's signed tree head or by a checkpoint note a trusted key signed. The chain:
 * blocks 0..3 with 3, 2, 0 and 2 events, so checkpoints at tree sizes 3, 5 and 7.
 */

let h: IntegrityHarness;
let events: StoredEvent[];
let trusted: { keyId: string; publicKeyPem: string; validFrom: string; validTo?: string }[];

beforeAll(async () => {
  ({ h, events } = await sealedSampleChain());
  trusted = [{ keyId: h.signer.keyId, publicKeyPem: await h.signer.publicKeyPem(), validFrom: CHAIN_START }];
});

const asSent = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const eventAsSent = (i: number) => asSent(events[i] as StoredEvent);

/** `GET /v1/events/{id}/proof?treeSize=N` as the server builds it. */
async function proofAt(i: number, treeSize: number) {
  const deps = { store: h.store, archive: h.archive, publicKeyPem: () => h.signer.publicKeyPem() };
  const block = await buildInclusionProof(deps, events[i] as StoredEvent);
  return asSent({ ...block, log: await logInclusion(h.archive, block, treeSize) });
}
const noteOf = (size: number): string => h.checkpoints.notes.get(size) as string;
const stepOf = (r: VerifyResult, id: VerifyStepId) => r.steps.find((s) => s.id === id);

describe('verifyEvent with a log proof', () => {
  it('holds when the log size is the block own tree size, anchored by the signed block', async () => {
    // Act: event 3 is in block 1, whose treeSize is 5
    const result = await verifyEvent(eventAsSent(3), await proofAt(3, 5), trusted);
    // Assess
    expect(result.steps.filter((s) => !s.ok)).toEqual([]);
    expect(stepOf(result, 'log-inclusion')?.detail).toMatch(
      /^leaf 3 of 5 leads to root [0-9a-f]{8}…, the root block 1 signs$/,
    );
  });

  it('holds at a later tree size with the checkpoint of that size', async () => {
    // Act
    const result = await verifyEvent(eventAsSent(3), await proofAt(3, 7), trusted, { checkpoint: { note: noteOf(7) } });
    // Assess
    expect(result.steps.filter((s) => !s.ok)).toEqual([]);
    expect(result.steps.map((s) => s.id)).toEqual([
      'content-hash',
      'audit-path',
      'block-hash',
      'signature',
      'key',
      'checkpoint',
      'log-inclusion',
    ]);
    expect(stepOf(result, 'checkpoint')?.detail).toContain(`${DEFAULT_LOG_ORIGIN} at tree size 7`);
  });

  it('fails the log step at a later tree size when no checkpoint signs that root', async () => {
    // Act
    const results = await Promise.all([
      verifyEvent(eventAsSent(3), await proofAt(3, 7), trusted),
      verifyEvent(eventAsSent(3), await proofAt(3, 7), trusted, { checkpoint: noteOf(5) }),
    ]);
    // Assess
    for (const result of results) {
      expect(result.ok).toBe(false);
      expect(stepOf(result, 'log-inclusion')).toEqual(
        expect.objectContaining({
          ok: false,
          detail: expect.stringMatching(/the root at tree size 7 is signed by nothing given/),
        }),
      );
    }
  });

  it('fails the log step when a log path node or the leaf position changed', async () => {
    // Prepare
    const changedNode = await proofAt(0, 7);
    changedNode.log = {
      ...changedNode.log,
      auditPath: changedNode.log.auditPath.map((n, i) => (i === 0 ? '0'.repeat(64) : n)),
    };
    const moved = await proofAt(0, 7);
    moved.log = { ...moved.log, leafIndex: 1 };
    // Act
    const [node, position] = await Promise.all(
      [changedNode, moved].map((p) => verifyEvent(eventAsSent(0), p, trusted, { checkpoint: noteOf(7) })),
    );
    // Assess
    expect(stepOf(node as VerifyResult, 'log-inclusion')?.detail).toMatch(
      /^log inclusion: the path leads to [0-9a-f]{8}… ≠ the log root/,
    );
    expect(stepOf(position as VerifyResult, 'log-inclusion')?.detail).toMatch(
      /puts the leaf at 1, block 0's signed treeSize and count at 0/,
    );
    expect([node?.ok, position?.ok]).toEqual([false, false]);
  });

  it('fails the checkpoint step for a changed note, and the log step is not green after it', async () => {
    // Prepare: the size line of the note changed from 7 to 6
    const forged = noteOf(7).replace(/\n7\n/, '\n6\n');
    // Act
    const result = await verifyEvent(eventAsSent(3), await proofAt(3, 7), trusted, { checkpoint: forged });
    // Assess
    expect(stepOf(result, 'checkpoint')).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/no signature .* verifies with a trusted key/),
    });
    expect(stepOf(result, 'log-inclusion')?.ok).toBe(false);
    expect(result.steps.slice(0, 5).every((s) => s.ok)).toBe(true);
  });

  it('fails the checkpoint step for a note signed by a key not trusted, or outside the key window', async () => {
    // Prepare
    const other = newTestSigner();
    const claim = {
      origin: DEFAULT_LOG_ORIGIN,
      treeSize: 7,
      rootHex: h.store.blocks.get(3)?.treeRoot as string,
      time: at(240),
    };
    const untrusted = await signCheckpoint(claim, await other.publicKeyPem(), (m) => other.signMessage(m));
    const retired = [{ ...(trusted[0] as (typeof trusted)[0]), validTo: at(120) }];
    // Act
    const results = [
      await verifyEvent(eventAsSent(3), await proofAt(3, 7), trusted, { checkpoint: untrusted }),
      await verifyEvent(eventAsSent(3), await proofAt(3, 7), retired, { checkpoint: noteOf(7) }),
    ];
    // Assess
    for (const result of results) expect(stepOf(result, 'checkpoint')?.ok).toBe(false);
    expect(stepOf(results[0] as VerifyResult, 'checkpoint')?.detail).toMatch(
      /no signature on the .* checkpoint verifies/,
    );
  });

  it.each([
    ['a signature that is not base64', (note: string) => note.replace(/ (\S+)\n$/, ' abc\n')],
    ['no signature lines', (note: string) => note.slice(0, note.lastIndexOf('\n\n') + 1)],
    ['a root that is not 32 bytes', (note: string) => note.replace(/\n([A-Za-z0-9+/=]{44})\n/, '\nAAAA\n')],
  ])('fails the checkpoint step, without throwing, for a note with %s', async (_what, change) => {
    // Act
    const result = await verifyEvent(eventAsSent(3), await proofAt(3, 7), trusted, { checkpoint: change(noteOf(7)) });
    // Assess
    expect(stepOf(result, 'checkpoint')).toMatchObject({ ok: false, detail: expect.stringMatching(/^checkpoint: /) });
    expect(stepOf(result, 'log-inclusion')?.ok).toBe(false);
  });
});
