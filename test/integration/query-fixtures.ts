/**
 * A varied, reproducible set of DMIS events for the query tests, and an independent
 * reference filter over them written without the production predicate or planner.
 */
import type { AuditServices } from '../../lambdas/composition/audit-services';
import { UnavailableError } from '../../lambdas/core/errors';
import type { StoredEvent } from '../../lambdas/core/event-schema';
import type { AuditEventInput } from '../../lambdas/core/event-schema';
import { anEvent } from '../fixtures/events';

/** Writes in the test table are stamped at this instant; every occurredAt is before it. */
export const NOW = '2026-11-20T12:00:00.000Z';
/** Upper bound that excludes the audit.read events the searches themselves write at NOW. */
export const BEFORE_READS = '2026-11-20T11:00:00.000Z';

const ACTORS = ['officer-1', 'officer-2', 'admin-1', 'clerk-9', 'jdoe'];
const TYPES = [
  'auth.login.success', 'auth.login.failure', 'auth.logout', 'authz.access.denied', 'authz.role.grant',
  'donation.update', 'dispatch.create', 'config.change', 'custom.warehouse.stock_count',
];
const OUTCOMES = ['success', 'failure', 'denied', 'error'] as const;
const REASONS = [undefined, 'Bad Password', 'route /admin forbidden', '=HYPERLINK("http://x")', 'quota, "soft" limit'];

/** A small deterministic PRNG (mulberry32), so a failing case can be replayed. */
export function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` inputs spread over 2026-10-25 .. 2026-11-20 11:00 (two months, many days). */
export function variedEvents(count: number, seed = 7): AuditEventInput[] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const start = Date.parse('2026-10-25T00:00:00.000Z');
  const span = Date.parse(BEFORE_READS) - start;
  return Array.from({ length: count }, () => {
    const eventType = pick(TYPES);
    const reason = pick(REASONS);
    return anEvent({
      eventType,
      occurredAt: new Date(start + Math.floor(rnd() * span)).toISOString(),
      actor: { userId: pick(ACTORS), ip: `198.51.100.${1 + Math.floor(rnd() * 5)}` },
      target: rnd() < 0.8 ? { type: pick(['donation', 'dispatch', 'user']), id: `R-${Math.floor(rnd() * 6)}` } : undefined,
      outcome: pick(OUTCOMES),
      ...(rnd() < 0.3 ? { severity: pick(['low', 'medium', 'high', 'critical'] as const) } : {}),
      ...(eventType.startsWith('custom.') ? { category: 'data_change' as const } : {}),
      ...(reason ? { reason } : {}),
    });
  });
}

/**
 * Ingests inputs in batches of 25 and returns what was stored. Like a real client, a call
 * the store could not answer in time (503: the writer bounds each DynamoDB attempt at 5 s,
 * which a loaded DynamoDB Local can exceed) is sent again with the same eventIds.
 */
export async function ingestAll(services: AuditServices, inputs: readonly AuditEventInput[]): Promise<StoredEvent[]> {
  const stored: StoredEvent[] = [];
  for (let i = 0; i < inputs.length; i += 25) {
    const batch = inputs.slice(i, i + 25);
    await retryUnavailable(() => services.ingestEvents.execute({ events: batch }, { principal: 'arn:aws:iam::1:role/AuditWriter' }));
    // Read back per batch, not all at once: hundreds of parallel reads time out on a busy machine.
    stored.push(...(await Promise.all(batch.map((e) => retryUnavailable(() => services.getEvent.execute(e.eventId))))));
  }
  return stored;
}

async function retryUnavailable<T>(call: () => Promise<T>, attempts = 6): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof UnavailableError) || attempt >= attempts) throw error;
    }
  }
}

const RANK = { low: 0, medium: 1, high: 2, critical: 3 } as const;

/** The reference filter: the query's meaning, written independently of the production code. */
export function expectedIds(events: readonly StoredEvent[], query: Record<string, string>): string[] {
  const type = query.eventType;
  const prefix = type?.endsWith('*') ? type.slice(0, -1) : type?.endsWith('.') ? type : undefined;
  return events
    .filter((e) => query.actor === undefined || e.actor.userId === query.actor)
    .filter((e) => query.targetType === undefined || e.target?.type === query.targetType)
    .filter((e) => query.targetId === undefined || e.target?.id === query.targetId)
    .filter((e) => type === undefined || (prefix !== undefined ? e.eventType.startsWith(prefix) : e.eventType === type))
    .filter((e) => query.category === undefined || e.category === query.category)
    .filter((e) => query.severity === undefined || RANK[e.severity] >= RANK[query.severity as keyof typeof RANK])
    .filter((e) => query.outcome === undefined || e.outcome === query.outcome)
    .filter((e) => query.from === undefined || Date.parse(e.occurredAt) >= Date.parse(query.from))
    .filter((e) => query.to === undefined || Date.parse(e.occurredAt) < Date.parse(query.to))
    .filter((e) => query.q === undefined || `${e.action}\n${e.reason ?? ''}`.toLowerCase().includes(query.q.toLowerCase()))
    .sort((a, b) => (b.occurredAt === a.occurredAt ? (b.eventId < a.eventId ? -1 : 1) : b.occurredAt < a.occurredAt ? -1 : 1))
    .map((e) => e.eventId);
}
