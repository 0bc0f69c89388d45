/**
 * The console's in-browser verification of one event (console/src/verify, WebCrypto), run
 * here on Node's globalThis.crypto: p50 and p99 over many runs, against a baseline of the
 * server's own check of the same event and proof (verifyInclusionProof, node:crypto) in
 * the same run. Target: <= 50 ms per event. The block holds a busy minute's events, so the
 * audit path is as long as a real one.
 */
import { randomUUID } from 'node:crypto';
import { verifyEvent } from '../console/src/verify';
import { buildStoredEvent } from '../lambdas/core/build-event';
import type { StoredEvent } from '../lambdas/core/event-schema';
import { buildInclusionProof, verifyInclusionProof, type InclusionProof } from '../lambdas/core/integrity/proof';
import { CHAIN_START } from '../lambdas/core/integrity/trusted-keys';
import { anEvent } from '../test/fixtures/events';
import { IntegrityHarness, at } from '../test/fixtures/integrity/harness';
import { type BenchRow, percentile } from './harness';

/** A sealed block of `perBlock` events, one of them with its proof, all as the API sends them. */
async function sealedEventAndProof(perBlock: number) {
  const h = new IntegrityHarness();
  const events = Array.from({ length: perBlock }, (_, i) =>
    buildStoredEvent(anEvent(), {
      eventId: randomUUID(),
      source: 'bench:writer',
      ingestedAt: new Date(at((i * 59) / perBlock)),
    }),
  );
  h.ingest(...events);
  await h.seal(70);
  const event = events[Math.floor(perBlock / 3)] as StoredEvent;
  const proof = await buildInclusionProof(
    { store: h.store, archive: h.archive, publicKeyPem: () => h.signer.publicKeyPem() },
    event,
  );
  const publicKeyPem = await h.signer.publicKeyPem();
  const trustedKeys = () => [{ keyId: h.signer.keyId, publicKeyPem, validFrom: CHAIN_START }];
  const asSent = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
  return { event: asSent(event), proof: asSent(proof), publicKeyPem, trustedKeys };
}

const msSince = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

/** p50/p99 of one event's verification: console (keys pinned once, and imported every time) vs the server's. */
export async function benchConsoleVerify(runs = 1000, perBlock = 2000): Promise<BenchRow[]> {
  const { event, proof, publicKeyPem, trustedKeys } = await sealedEventAndProof(perBlock);
  const pinned = trustedKeys();
  const warm: number[] = [];
  const cold: number[] = [];
  const server: number[] = [];
  for (let i = 0; i < runs; i++) {
    let start = process.hrtime.bigint();
    const a = await verifyEvent(event, proof, pinned);
    warm.push(msSince(start));
    start = process.hrtime.bigint();
    const b = await verifyEvent(event, proof, trustedKeys());
    cold.push(msSince(start));
    start = process.hrtime.bigint();
    const c = verifyInclusionProof(proof as InclusionProof, {
      event: event as StoredEvent,
      trustedPublicKeyPem: publicKeyPem,
    });
    server.push(msSince(start));
    if (!a.ok || !b.ok || !c.ok) throw new Error('bench proof did not verify');
  }
  const row = (name: string, values: number[], p: number): BenchRow => ({
    name,
    value: percentile(values, p),
    unit: 'ms',
    baseline: percentile(server, p),
    target: '<= 50 ms',
  });
  return [
    row(`console verifyEvent p50 (${perBlock}-event block)`, warm, 50),
    row('console verifyEvent p99', warm, 99),
    row('console verifyEvent p50, keys imported each run', cold, 50),
    row('console verifyEvent p99, keys imported each run', cold, 99),
  ];
}
