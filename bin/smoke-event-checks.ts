/**
 * The smoke test's path of one event: rejected bad input, a signed write, the stored
 * event read back (hash recomputed here, secret redacted), its block, and its inclusion
 * proof checked locally with the same code an auditor would use.
 */
import { randomUUID } from 'node:crypto';
import { pathOf } from '../lambdas/core/api/route-match';
import { contentHashOf } from '../lambdas/core/content-hash';
import type { StoredEvent } from '../lambdas/core/event-schema';
import { verifyInclusionProof, type InclusionProof } from '../lambdas/core/integrity/proof';
import type { SmokeCall } from './smoke-client';
import { expectThat, notRun, timed, type SmokeRow } from './smoke-report';

/** How long to wait for the sealer, how often to ask, and an optional pinned public key. */
export interface EventCheckOptions {
  readonly sealTimeoutMs: number;
  readonly pollMs: number;
  readonly trustedPublicKeyPem?: string;
}

/** A value the stored event must never show: it is sent under a secret-looking key. */
const SMOKE_SECRET = `smoke-secret-${randomUUID()}`;

/** The event the smoke test writes: a custom type, so no rule counts it and a search can find it. */
export function smokeEvent(): Record<string, unknown> {
  return {
    eventId: randomUUID(),
    occurredAt: new Date().toISOString(),
    eventType: 'custom.smoke.check',
    actor: { userId: 'smoke-test', ip: '192.0.2.10' },
    outcome: 'success',
    reason: 'post-deploy smoke test',
    metadata: { password: SMOKE_SECRET, tool: 'npm run smoke' },
  };
}

const waitUntil = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs the event checks in order; a failed step marks the steps that need it as not run. */
export async function eventChecks(call: SmokeCall, options: EventCheckOptions): Promise<SmokeRow[]> {
  const rows = [await health(call), await badInputRefused(call)];
  const written = await writeAndReadBack(call);
  rows.push(...written.rows);
  if (!written.stored) return [...rows, ...['event sealed in a block', 'proof verifies locally'].map((c) => notRun(c, 'the write or read'))];
  const sealed = await sealedProof(call, written.stored.eventId, options);
  rows.push(sealed.row);
  if (!sealed.proof) return [...rows, notRun('proof verifies locally', 'sealing')];
  return [...rows, await proofVerifies(sealed.proof, written.stored, options.trustedPublicKeyPem)];
}

function health(call: SmokeCall): Promise<SmokeRow> {
  return timed('health answers', async () => {
    const res = await call('none', pathOf('GET /v1/health'));
    return expectThat(res.status === 200, 'GET /v1/health 200', `GET /v1/health answered ${res.status}`);
  });
}

/** An event without its required fields: a JSON 400 naming a code, nothing stored. */
function badInputRefused(call: SmokeCall): Promise<SmokeRow> {
  return timed('bad input refused', async () => {
    const res = await call('writer', pathOf('POST /v1/events'), { eventType: 'auth.login.failure' });
    const code = (res.body as { error?: { code?: string } } | undefined)?.error?.code;
    return expectThat(res.status === 400 && typeof code === 'string', `400 ${code}`, `expected a JSON 400, got ${res.status}`);
  });
}

/** Writes the smoke event as the writer, reads it back as the reader, re-hashes it here. */
async function writeAndReadBack(call: SmokeCall): Promise<{ rows: SmokeRow[]; stored?: StoredEvent }> {
  const event = smokeEvent();
  const eventId = String(event.eventId);
  let accepted: { contentHash?: string } | undefined;
  const write = await timed('event written (writer)', async () => {
    const res = await call('writer', pathOf('POST /v1/events'), event);
    accepted = (res.body as { accepted?: { contentHash: string }[] } | undefined)?.accepted?.[0];
    return expectThat(res.status === 201 && accepted !== undefined, `201 ${eventId}`, `POST /v1/events answered ${res.status}`);
  });
  if (!accepted) return { rows: [write, notRun('event read back (reader)', 'the write')] };
  let stored: StoredEvent | undefined;
  const read = await timed('event read back (reader)', async () => {
    const res = await call('reader', pathOf('GET /v1/events/{eventId}', { eventId }));
    stored = res.status === 200 ? (res.body as StoredEvent) : undefined;
    if (!stored) return { status: 'fail', detail: `GET /v1/events/{id} answered ${res.status}` };
    const hashOk = contentHashOf(stored) === stored.contentHash && stored.contentHash === accepted?.contentHash;
    const redacted = !JSON.stringify(stored).includes(SMOKE_SECRET);
    return expectThat(hashOk && redacted, 'contentHash recomputed here matches; secret redacted',
      hashOk ? 'the secret sent in metadata.password was stored' : 'contentHash does not match the event');
  });
  return stored ? { rows: [write, read], stored } : { rows: [write, read] };
}

/** The proof checked with the same code an offline auditor runs. */
function proofVerifies(proof: InclusionProof, event: StoredEvent, trustedPublicKeyPem?: string): Promise<SmokeRow> {
  return timed('proof verifies locally', async () => {
    const check = verifyInclusionProof(proof, { event, ...(trustedPublicKeyPem ? { trustedPublicKeyPem } : {}) });
    const key = trustedPublicKeyPem ? 'the pinned key' : 'the key in the proof';
    return expectThat(check.ok, `block ${proof.block.seq}: signature by ${key}, audit path, event hash`, check.problems.join('; '));
  });
}

/** Polls the proof route until the event is sealed (404 meanwhile), up to the timeout. */
async function sealedProof(call: SmokeCall, eventId: string, options: EventCheckOptions): Promise<{ row: SmokeRow; proof?: InclusionProof }> {
  let proof: InclusionProof | undefined;
  const row = await timed('event sealed in a block', async () => {
    for (const end = Date.now() + options.sealTimeoutMs; Date.now() < end; await waitUntil(options.pollMs)) {
      const res = await call('reader', pathOf('GET /v1/events/{eventId}/proof', { eventId }));
      if (res.status === 200) {
        proof = res.body as InclusionProof;
        return { status: 'pass', detail: `sealed in block ${proof.block.seq}` };
      }
      if (res.status !== 404) return { status: 'fail', detail: `GET /v1/events/{id}/proof answered ${res.status}` };
    }
    return { status: 'fail', detail: `not sealed within ${options.sealTimeoutMs / 1000} s (is the sealer running?)` };
  });
  return proof ? { row, proof } : { row };
}
