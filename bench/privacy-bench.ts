/**
 * Personal-data sealing at ingest: the IngestEvents use case with sealing (real DynamoDB
 * key store and local key wrapper, keys cached as in a warm Lambda) against the same use
 * case without it, interleaved on the same DynamoDB Local. Ratio = sealed / unsealed
 * throughput. Plus the CPU cost per event of building an event with and without sealing.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIngestServices } from '../lambdas/composition/ingest-services';
import { localSubjectKeys } from '../lambdas/composition/subject-keys';
import { buildStoredEvent, retainUntilOf } from '../lambdas/core/build-event';
import type { AuditEventInput } from '../lambdas/core/event-schema';
import { PersonalDataSealer } from '../lambdas/core/privacy/personal-data-sealer';
import { ensureSubjectKeyTable } from '../local/create-subject-key-table';
import type { TestTable } from '../test/setup/table';
import { anEvent } from '../test/fixtures/events';
import { type BenchRow, timeIt } from './harness';

const CALLER = { principal: 'bench:writer' };
const SUBJECTS = 50;

/** An event with personal data of both kinds: the actor's, and a target user's contact details. */
function personalEvent(i: number): AuditEventInput {
  return anEvent({
    eventId: randomUUID(),
    occurredAt: new Date().toISOString(),
    eventType: 'account.update',
    actor: { userId: `admin-${i % SUBJECTS}`, ip: `203.0.113.${i % 250}`, userAgent: 'DMIS-Web/4.2', sessionId: `s-${i}` },
    target: { type: 'user', id: `user-${i % SUBJECTS}` },
    metadata: { warehouse: 'WH-KGN-01', contact: { email: `user${i}@example.org`, phone: '+1 876 555 0142' } },
  });
}

/** Throughput of batch 1 and batch 100 writes, sealed vs not sealed, one write at a time. */
export async function benchPrivacyIngest(table: TestTable, singles = 400, batches = 10): Promise<BenchRow[]> {
  const localDir = await mkdtemp(join(tmpdir(), 'privacy-bench-'));
  try {
    const keyTable = `bench-subject-keys-${Date.now()}`;
    await ensureSubjectKeyTable(table.client, keyTable);
    const personalData = localSubjectKeys({ localDir, documentClient: table.documentClient, tableName: keyTable });
    const sealed = buildIngestServices({ documentClient: table.documentClient, tableName: table.tableName, personalData }).ingestEvents;
    const plain = buildIngestServices({ documentClient: table.documentClient, tableName: table.tableName }).ingestEvents;
    // Warm-up: every subject's key created and cached, as in a warm Lambda.
    await sealed.execute({ events: Array.from({ length: SUBJECTS }, (_, i) => personalEvent(i)) }, CALLER);
    const single = { sealed: 0, plain: 0 };
    const batch = { sealed: 0, plain: 0 };
    for (let i = 0; i < singles; i++) {
      single.sealed += await timeIt(1, () => sealed.execute(personalEvent(i), CALLER));
      single.plain += await timeIt(1, () => plain.execute(personalEvent(i), CALLER));
    }
    const batchOf = (b: number) => ({ events: Array.from({ length: 100 }, (_, i) => personalEvent(b * 100 + i)) });
    for (let b = 0; b < batches; b++) {
      batch.sealed += await timeIt(1, () => sealed.execute(batchOf(b), CALLER));
      batch.plain += await timeIt(1, () => plain.execute(batchOf(b), CALLER));
    }
    const perSecond = (events: number, ms: number) => (events * 1000) / ms;
    return [
      { name: 'ingest with sealing, batch 1 (events/s)', value: perSecond(singles, single.sealed), unit: 'ev/s', baseline: perSecond(singles, single.plain), target: 'ratio >= 0.85' },
      { name: 'ingest with sealing, batch 100 (events/s)', value: perSecond(batches * 100, batch.sealed), unit: 'ev/s', baseline: perSecond(batches * 100, batch.plain), target: 'ratio >= 0.85' },
    ];
  } finally {
    await rm(localDir, { recursive: true, force: true });
  }
}

/** CPU per event of building (redact, seal 5 values, hash) against building without sealing, keys in memory. */
export async function benchSealingCpu(iterations = 10_000): Promise<BenchRow[]> {
  const inputs = Array.from({ length: 100 }, (_, i) => personalEvent(i));
  const key = { keyId: 'bench-key', key: new Uint8Array(32).fill(1) };
  const sealer = new PersonalDataSealer({ keyStore: { keyFor: async () => key }, blindIndexKey: async () => new Uint8Array(32).fill(2) });
  const ingestedAt = new Date();
  const seal = await sealer.prepare(inputs.map((input) => ({ input, retainUntil: retainUntilOf(input, ingestedAt) })));
  const build = (i: number, withSeal: boolean) => {
    const input = inputs[i % inputs.length] as AuditEventInput;
    return buildStoredEvent(input, { eventId: input.eventId as string, source: CALLER.principal, ingestedAt }, withSeal ? seal : undefined);
  };
  await timeIt(2_000, (i) => build(i, true)); // warm-up for the JIT
  await timeIt(2_000, (i) => build(i, false));
  const sealedMs = await timeIt(iterations, (i) => build(i, true));
  const plainMs = await timeIt(iterations, (i) => build(i, false));
  return [
    { name: 'build event with sealing (µs per event)', value: (sealedMs * 1000) / iterations, unit: 'µs', baseline: (plainMs * 1000) / iterations, target: 'informational' },
  ];
}
