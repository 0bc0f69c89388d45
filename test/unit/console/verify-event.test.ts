import { beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, randomUUID } from 'node:crypto';
import { buildStoredEvent } from '../../../lambdas/core/build-event';
import { contentHashOf } from '../../../lambdas/core/content-hash';
import type { StoredEvent } from '../../../lambdas/core/event-schema';
import type { Block } from '../../../lambdas/core/integrity/block';
import { buildInclusionProof, type InclusionProof } from '../../../lambdas/core/integrity/proof';
import { CHAIN_START } from '../../../lambdas/core/integrity/trusted-keys';
import { verifyEvent } from '../../../console/src/verify';
import type { VerifyResult, VerifyStepId } from '../../../console/src/verify';
import { anEvent } from '../../fixtures/events';
import { newTestSigner } from '../../fixtures/integrity/fakes';
import { IntegrityHarness, at } from '../../fixtures/integrity/harness';
import { resign } from '../../fixtures/integrity/tamper-setup';

/**
 * The console's verification over proofs the server code builds: a chain sealed by the
 * sealer with a local signer, proofs from buildInclusionProof, JSON as the API sends it.
 * Each tamper breaks one link: that step fails, and no later step shows green.
 */

let h: IntegrityHarness;
let events: StoredEvent[];
let trusted: { keyId: string; publicKeyPem: string; validFrom: string; validTo?: string }[];

/** An event with content that exercises canonicalisation: non-ASCII, escapes, numbers, nesting. */
function richEvent(seconds: number, i: number): StoredEvent {
  const input = anEvent({
    metadata: {
      note: `Kingston – relief “${i}” \u0007 😀`,
      ratio: 0.1 + 0.2,
      big: 1e21,
      small: 5e-7,
      nested: { z: [1, { b: true, a: null }], é: 'x' },
    },
  });
  return buildStoredEvent(input, {
    eventId: randomUUID(),
    source: 'arn:aws:iam::123456789012:role/dmis-api',
    ingestedAt: new Date(at(seconds)),
  });
}

beforeAll(async () => {
  h = new IntegrityHarness();
  events = [1, 7, 20, 33, 41, 58, 65, 90].map((t, i) => richEvent(t, i));
  h.ingest(...events);
  await h.seal(3 * 60 + 10);
  trusted = [{ keyId: h.signer.keyId, publicKeyPem: await h.signer.publicKeyPem(), validFrom: CHAIN_START }];
});

/** What the browser holds: JSON as the API sent it. */
const asSent = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const eventAsSent = (i: number): Record<string, unknown> => asSent(events[i]) as unknown as Record<string, unknown>;
const proofOf = async (i: number): Promise<InclusionProof & { log?: unknown }> =>
  asSent(
    await buildInclusionProof(
      { store: h.store, archive: h.archive, publicKeyPem: () => h.signer.publicKeyPem() },
      events[i] as StoredEvent,
    ),
  );

const ids = (r: VerifyResult): VerifyStepId[] => r.steps.map((s) => s.id);
const stepOf = (r: VerifyResult, id: VerifyStepId) => r.steps.find((s) => s.id === id);

/** Steps before `id` held, `id` failed with a detail matching `why`, and every later step is not green. */
function expectFailedAt(result: VerifyResult, id: VerifyStepId, why: RegExp): void {
  const at = ids(result).indexOf(id);
  expect(result.ok).toBe(false);
  expect(result.steps.slice(0, at).every((s) => s.ok)).toBe(true);
  expect(stepOf(result, id)).toMatchObject({ ok: false, detail: expect.stringMatching(why) });
  expect(result.steps.slice(at + 1).filter((s) => s.ok)).toEqual([]);
}

describe('verifyEvent over genuine proofs', () => {
  it.each([0, 3, 5, 6])('holds at every step for event %i', async (i) => {
    // Act
    const result = await verifyEvent(eventAsSent(i), await proofOf(i), trusted);
    // Assess
    expect(result.steps.filter((s) => !s.ok)).toEqual([]);
    expect(result.ok).toBe(true);
    expect(ids(result)).toEqual(['content-hash', 'audit-path', 'block-hash', 'signature', 'key']);
  });

  it('names the signing key by SHA-256 of its SPKI DER, the digest its local keyId starts with', async () => {
    // Act
    const result = await verifyEvent(eventAsSent(2), await proofOf(2), trusted);
    // Assess
    const der = Buffer.from((trusted[0]?.publicKeyPem ?? '').replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
    expect(result.keyFingerprint).toBe(createHash('sha256').update(der).digest('hex'));
    expect(h.signer.keyId).toBe(`local:${result.keyFingerprint?.slice(0, 16)}`);
    expect(stepOf(result, 'signature')?.detail).toContain(result.keyFingerprint);
  });

  it('takes the trusted keys as the file text, as spki, or as bare PEM keys', async () => {
    // Prepare
    const pem = trusted[0]?.publicKeyPem ?? '';
    const spki = pem.replace(/-----[A-Z ]+-----|\s/g, '');
    const forms = [
      JSON.stringify(trusted),
      [{ keyId: h.signer.keyId, spki, validFrom: CHAIN_START }],
      [pem],
      [spki],
      pem,
    ];
    // Act
    const results = await Promise.all(forms.map(async (keys) => verifyEvent(eventAsSent(1), await proofOf(1), keys)));
    // Assess
    expect(results.map((r) => r.ok)).toEqual([true, true, true, true, true]);
  });
});

describe('verifyEvent over tampered input', () => {
  it('fails the content hash when an event field changed', async () => {
    // Prepare
    const event = eventAsSent(3);
    (event.actor as Record<string, unknown>).userId = 'someone-else';
    // Act
    const result = await verifyEvent(event, await proofOf(3), trusted);
    // Assess
    expectFailedAt(result, 'content-hash', /^content hash: recomputed [0-9a-f]{8}… ≠ leaf [0-9a-f]{8}…/);
    expect(stepOf(result, 'audit-path')?.detail).toMatch(
      /^not established, as the step “Content hash \(RFC 8785, SHA-256\)” failed \(on its own: /,
    );
  });

  it('fails the content hash when the event was changed and its contentHash recomputed to match', async () => {
    // Prepare
    const event: Record<string, unknown> = { ...eventAsSent(3), reason: 'covered up' };
    const { contentHash: _old, ...content } = event;
    event.contentHash = contentHashOf(content as unknown as StoredEvent);
    // Act
    const result = await verifyEvent(event, await proofOf(3), trusted);
    // Assess
    expectFailedAt(result, 'content-hash', /≠ leaf/);
    expect(stepOf(result, 'content-hash')?.detail).not.toMatch(/the event's contentHash/);
  });

  it('fails the audit path when a path node changed', async () => {
    // Prepare
    const proof = await proofOf(4);
    const node = proof.auditPath[1] as string;
    (proof.auditPath as string[])[1] = `${node[0] === 'a' ? 'b' : 'a'}${node.slice(1)}`;
    // Act
    const result = await verifyEvent(eventAsSent(4), proof, trusted);
    // Assess
    expectFailedAt(result, 'audit-path', /^audit path: leads to [0-9a-f]{8}… ≠ block merkleRoot/);
  });

  it('fails the audit path when the leaf index moved or a node is missing', async () => {
    // Prepare
    const moved = { ...(await proofOf(4)), leafIndex: 5 };
    const short = await proofOf(4);
    (short.auditPath as string[]).pop();
    // Act
    const results = await Promise.all([
      verifyEvent(eventAsSent(4), moved, trusted),
      verifyEvent(eventAsSent(4), short, trusted),
    ]);
    // Assess
    expectFailedAt(results[0] as VerifyResult, 'audit-path', /≠ block merkleRoot/);
    expectFailedAt(results[1] as VerifyResult, 'audit-path', /fewer than the tree needs/);
  });

  it.each([
    ['prevBlockHash', (b: Block) => ({ ...b, prevBlockHash: 'f'.repeat(64) })],
    ['to', (b: Block) => ({ ...b, to: at(600) })],
    ['late', (b: Block) => ({ ...b, late: [randomUUID()] })],
    ['treeRoot', (b: Block) => ({ ...b, treeRoot: '0'.repeat(64) })],
  ])('fails the block hash when the block field %s changed', async (_field, change) => {
    // Prepare
    const proof = await proofOf(0);
    // Act
    const result = await verifyEvent(eventAsSent(0), { ...proof, block: change(proof.block) }, trusted);
    // Assess
    expectFailedAt(result, 'block-hash', /^block hash: recomputed [0-9a-f]{8}… ≠ blockHash/);
  });

  it('fails the signature when one signature byte changed', async () => {
    // Prepare
    const proof = await proofOf(5);
    const der = Buffer.from(proof.block.signature, 'base64');
    der[der.length - 1] = (der[der.length - 1] as number) ^ 0x01;
    // Act
    const result = await verifyEvent(
      eventAsSent(5),
      { ...proof, block: { ...proof.block, signature: der.toString('base64') } },
      trusted,
    );
    // Assess
    expectFailedAt(result, 'signature', /^signature: does not verify with key local:/);
    expect(result.keyFingerprint).toBeUndefined();
  });

  it('fails the signature when a block was changed, re-hashed and re-signed by a key not trusted', async () => {
    // Prepare
    const proof = await proofOf(5);
    const forged = await resign({ ...proof.block, prevBlockHash: 'e'.repeat(64) }, newTestSigner());
    // Act
    const result = await verifyEvent(eventAsSent(5), { ...proof, block: forged }, trusted);
    // Assess
    expectFailedAt(result, 'signature', /^signature: no trusted key is named local:[0-9a-f]{16}/);
  });

  it('fails the signature when the pinned key is not the one that signed, naming the key the proof carries', async () => {
    // Prepare
    const other = await newTestSigner().publicKeyPem();
    // Act
    const result = await verifyEvent(eventAsSent(5), await proofOf(5), [other]);
    // Assess
    expectFailedAt(
      result,
      'signature',
      /does not verify with a pinned key .*it verifies with the key the proof carries \(fingerprint [0-9a-f]{64}\), which is not trusted/,
    );
  });

  it('fails the key step when the block ends outside the trusted key window', async () => {
    // Prepare: the key was retired before block 1 ended
    const retired = [{ ...(trusted[0] as (typeof trusted)[0]), validTo: at(60) }];
    // Act
    const result = await verifyEvent(eventAsSent(6), await proofOf(6), retired);
    // Assess
    expectFailedAt(
      result,
      'key',
      /^key: block 1 ended at 2030-01-01T00:02:00.000Z, outside the window: key local:.* is trusted for blocks ending after 1970-01-01T00:00:00.000Z up to 2030-01-01T00:01:00.000Z/,
    );
    expect(stepOf(result, 'signature')?.ok).toBe(true);
  });

  it('fails the key step for a key trusted only after the block', async () => {
    // Act
    const result = await verifyEvent(eventAsSent(0), await proofOf(0), [
      { ...(trusted[0] as (typeof trusted)[0]), validFrom: at(60) },
    ]);
    // Assess
    expectFailedAt(result, 'key', /block 0 ended at 2030-01-01T00:01:00.000Z, outside the window/);
  });

  it('reports malformed input and bad key configuration as failed steps, never by throwing', async () => {
    // Act
    const results = await Promise.all([
      verifyEvent('not an event', await proofOf(0), trusted),
      verifyEvent(eventAsSent(0), null, trusted),
      verifyEvent(eventAsSent(0), await proofOf(0), []),
      verifyEvent(eventAsSent(0), await proofOf(0), ['-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----']),
    ]);
    // Assess
    expectFailedAt(results[0] as VerifyResult, 'content-hash', /the event is not a JSON object/);
    expectFailedAt(results[1] as VerifyResult, 'content-hash', /≠ leaf none/);
    expectFailedAt(results[2] as VerifyResult, 'signature', /trusted keys: not a non-empty list/);
    expectFailedAt(results[3] as VerifyResult, 'signature', /is not an ECDSA P-256 public key/);
  });
});
