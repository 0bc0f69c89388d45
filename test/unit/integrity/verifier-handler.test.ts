/**
 * The scheduled verifier's handler over the in-memory integrity ports: what it records
 * through the ingest use case and what it publishes as IntegrityFailures.
 */
import { describe, expect, it } from '@jest/globals';
import { lazyVerifyDeps } from '../../../lambdas/composition/integrity-services';
import type { AuditEventInput } from '../../../lambdas/core/event-schema';
import { DEFAULT_LOG_ORIGIN } from '../../../lambdas/core/integrity/checkpoint';
import type { Caller } from '../../../lambdas/core/ports';
import { createVerifierHandler } from '../../../lambdas/functions/verifier/handler';
import { at } from '../../fixtures/integrity/harness';
import { rehashed, sealedSampleChain, TAMPER_NOW } from '../../fixtures/integrity/tamper-setup';

const PRINCIPAL = 'scheduled:audit-verifier-test';

/** The handler over a sealed sample chain, with the recorded events and metrics kept for assertions. */
async function verifierOverSampleChain() {
  const { h, events } = await sealedSampleChain();
  const recorded: Array<{ event: AuditEventInput; caller: Caller }> = [];
  const metrics: Array<{ name: string; value: number; unit: string }> = [];
  const verify = createVerifierHandler({
    integrity: { verifyDeps: lazyVerifyDeps(h.sealDeps), sealer: h.config },
    ingestEvents: {
      execute: async (event, caller) => {
        recorded.push({ event: event as AuditEventInput, caller });
        return [];
      },
    },
    metric: (name, value, unit) => metrics.push({ name, value, unit }),
    principal: PRINCIPAL,
    now: () => new Date(at(TAMPER_NOW)),
  });
  return { h, events, verify, recorded, metrics };
}

describe('createVerifierHandler', () => {
  it('records audit.integrity.verified, as the scheduled principal, for an untouched chain', async () => {
    // Prepare
    const { verify, recorded } = await verifierOverSampleChain();
    // Act
    await verify();
    // Assess
    expect(recorded).toEqual([
      {
        event: expect.objectContaining({ eventType: 'audit.integrity.verified', outcome: 'success' }),
        caller: { principal: PRINCIPAL },
      },
    ]);
  });

  it('publishes IntegrityFailures 0 for an untouched chain', async () => {
    // Prepare
    const { verify, metrics } = await verifierOverSampleChain();
    // Act
    await verify();
    // Assess
    expect(metrics).toEqual([{ name: 'IntegrityFailures', value: 0, unit: 'Count' }]);
  });

  it('records audit.integrity.failed naming the altered event when one was rewritten', async () => {
    // Prepare
    const { h, events, verify, recorded } = await verifierOverSampleChain();
    const target = events[3];
    if (!target) throw new Error('sample chain too short');
    h.table.add(rehashed({ ...target, outcome: 'failure' }));
    // Act
    await verify();
    // Assess
    const [only] = recorded;
    expect(only?.event).toMatchObject({ eventType: 'audit.integrity.failed', outcome: 'failure' });
    expect(only?.event.metadata?.findings).toEqual(
      expect.arrayContaining([expect.objectContaining({ eventId: target.eventId })]),
    );
  });

  it('publishes the number of error findings as IntegrityFailures when an event was rewritten', async () => {
    // Prepare
    const { h, events, verify, metrics } = await verifierOverSampleChain();
    const target = events[3];
    if (!target) throw new Error('sample chain too short');
    h.table.add(rehashed({ ...target, outcome: 'failure' }));
    // Act
    const report = await verify();
    // Assess
    const errors = report.findings.filter((f) => f.severity === 'error').length;
    expect({ errors: errors > 0, metrics }).toEqual({
      errors: true,
      metrics: [{ name: 'IntegrityFailures', value: errors, unit: 'Count' }],
    });
  });

  it('verifies only the lookback window, from now minus lookbackHours', async () => {
    // Prepare
    const { verify } = await verifierOverSampleChain();
    // Act
    const report = await verify();
    // Assess
    expect(report.from).toBe(new Date(Date.parse(at(TAMPER_NOW)) - 25 * 3_600_000).toISOString());
  });
});

describe('createVerifierHandler remembering the last verified checkpoint', () => {
  it('fails a run once the log no longer reaches the checkpoint it remembered', async () => {
    // Prepare: a first run remembers tree size 7; then the tail is cut and its checkpoints removed.
    const { h } = await sealedSampleChain();
    const memory: { note?: string } = {};
    const pem = await h.signer.publicKeyPem();
    const run = (seconds: number) =>
      createVerifierHandler({
        integrity: { verifyDeps: lazyVerifyDeps(h.sealDeps), sealer: h.config },
        ingestEvents: { execute: async () => [] },
        metric: () => {},
        principal: PRINCIPAL,
        now: () => new Date(at(seconds)),
        remembering: {
          published: h.checkpoints,
          remembered: { read: async () => memory.note, write: async (note) => void (memory.note = note) },
          keyName: DEFAULT_LOG_ORIGIN,
          publicKeyPems: [pem],
        },
      })();
    expect((await run(TAMPER_NOW)).ok).toBe(true);
    for (const seq of [2, 3]) [h.store.blocks, h.archive.blocks, h.archive.events].forEach((m) => m.delete(seq));
    for (const id of [...h.table.events.keys()].slice(5)) h.table.events.delete(id);
    h.checkpoints.notes.clear();
    h.checkpoints.newest = undefined;
    await h.seal(TAMPER_NOW + 60);
    // Act
    const report = await run(TAMPER_NOW + 60);
    // Assess
    expect(report.findings.map((f) => f.code)).toContain('checkpoint_truncated');
  });
});
