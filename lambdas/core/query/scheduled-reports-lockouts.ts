import type { BruteForceSettings, DetectorKeyKind } from '../monitoring/brute-force-detector';

/** A source IP or user whose failed logins reached the brute-force threshold within one window. */
export interface LockoutPattern {
  readonly keyKind: DetectorKeyKind;
  readonly key: string;
  /** Failed logins of the key over the whole period. */
  readonly failures: number;
  /** The most failures within any one window. */
  readonly peakInWindow: number;
  /** When the threshold was first reached (the failure that completed it). */
  readonly firstReachedAt: string;
}

/** One key's failures still inside the window, newest first. */
interface KeyWindow {
  readonly times: number[];
  head: number;
  failures: number;
  peak: number;
  reachedAt?: number;
}

/**
 * Finds lockout-worthy patterns with the real-time detector's thresholds: at least
 * `threshold` failed logins for one key within `windowSeconds`. The detector counts in
 * one-minute buckets as events stream in; this looks back over the whole day exactly, with
 * a window sliding over the failures' own times, so it also finds bursts the detector saw
 * split over two of its windows.
 */
export class LockoutFinder {
  private readonly keys = new Map<string, KeyWindow>();
  private readonly windowMs: number;

  constructor(private readonly settings: BruteForceSettings) {
    this.windowMs = settings.windowSeconds * 1000;
  }

  /** Adds one failed login for a key; failures must arrive newest first. */
  add(keyKind: DetectorKeyKind, key: string, occurredAt: string): void {
    const id = `${keyKind}#${key}`;
    const w = this.keys.get(id) ?? { times: [], head: 0, failures: 0, peak: 0 };
    this.keys.set(id, w);
    const t = Date.parse(occurredAt);
    w.times.push(t);
    w.failures += 1;
    // Keep the failures in [t, t + window): the window that starts at this one.
    while ((w.times[w.head] as number) - t >= this.windowMs) w.head += 1;
    const inWindow = w.times.length - w.head;
    w.peak = Math.max(w.peak, inWindow);
    if (inWindow >= this.settings.threshold) {
      // Going forward in time, the window from t reaches the threshold at its threshold-th failure.
      const reached = w.times[w.times.length - this.settings.threshold] as number;
      w.reachedAt = Math.min(w.reachedAt ?? reached, reached);
    }
    if (w.head > 1024 && w.head * 2 > w.times.length) {
      w.times.splice(0, w.head);
      w.head = 0;
    }
  }

  /** The keys that reached the threshold, by peak (largest first), then kind and key. */
  patterns(): LockoutPattern[] {
    const found: LockoutPattern[] = [];
    for (const [id, w] of this.keys) {
      if (w.reachedAt === undefined) continue;
      const at = id.indexOf('#');
      found.push({
        keyKind: id.slice(0, at) as DetectorKeyKind,
        key: id.slice(at + 1),
        failures: w.failures,
        peakInWindow: w.peak,
        firstReachedAt: new Date(w.reachedAt).toISOString(),
      });
    }
    return found.sort((a, b) => b.peakInWindow - a.peakInWindow || compare(a.keyKind, b.keyKind) || compare(a.key, b.key));
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
