/**
 * The writer's cache in front of the key store: a subject's key is fetched (and unwrapped)
 * once per few minutes, not once per event, and concurrent requests for one subject share
 * one fetch. Bounded: the least recently used subject is dropped first.
 *
 * The retention end recorded in the store is only pushed later when an event needs more
 * than a day beyond what this cache last recorded; the retention sweep keeps a one-day
 * grace past `retainUntil` before destroying a key, which covers the difference.
 * An erased subject's key may be served for up to `ttlMs` after erasure: values sealed
 * under it in that time read `[erased]`, like the rest of the subject's data.
 */
import type { SubjectKey, SubjectKeyStore } from './ports';

const DAY_MS = 86_400_000;

/** How long and how many keys the cache keeps. */
export interface SubjectKeyCacheOptions {
  /** @default 5 minutes */
  readonly ttlMs?: number;
  /** @default 10 000 subjects */
  readonly maxSubjects?: number;
  /** @default the system clock */
  readonly now?: () => number;
}

interface Entry {
  readonly key: Promise<SubjectKey>;
  readonly fetchedAt: number;
  /** The latest retention end this cache has recorded in the store, epoch ms. */
  readonly recordedUntil: number;
}

/** Subject keys for sealing, cached (see the module comment for what that costs). */
export class SubjectKeyCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxSubjects: number;
  private readonly now: () => number;

  constructor(
    private readonly store: Pick<SubjectKeyStore, 'keyFor'>,
    options: SubjectKeyCacheOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.maxSubjects = options.maxSubjects ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** The subject's current key; the store is asked when not cached, stale, or `retainUntil` runs past the grace. */
  keyFor(subjectId: string, retainUntil: string): Promise<SubjectKey> {
    const now = this.now();
    const until = Date.parse(retainUntil);
    const cached = this.entries.get(subjectId);
    this.entries.delete(subjectId);
    if (cached && now - cached.fetchedAt < this.ttlMs && until <= cached.recordedUntil + DAY_MS) {
      this.entries.set(subjectId, cached); // most recently used goes last
      return cached.key;
    }
    const recordedUntil = Math.max(until, cached?.recordedUntil ?? 0);
    const key = this.store.keyFor(subjectId, new Date(recordedUntil).toISOString());
    this.entries.set(subjectId, { key, fetchedAt: now, recordedUntil });
    // A failed fetch is not cached: the next event asks again.
    key.catch(() => {
      if (this.entries.get(subjectId)?.key === key) this.entries.delete(subjectId);
    });
    this.evict();
    return key;
  }

  private evict(): void {
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxSubjects) return;
      this.entries.delete(oldest);
    }
  }
}
