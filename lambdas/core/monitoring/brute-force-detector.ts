/**
 * The real-time brute-force detector: counts failed logins per source IP and per target
 * user over a sliding window (one-minute buckets) and raises one notification per key per
 * window as soon as the threshold is reached, seconds after the events, long before a
 * CloudWatch alarm period ends. Counting lives behind the DetectorCounters port so the
 * Lambda shares counts across concurrent invocations (DynamoDB) and tests stay in memory.
 * A sealed source address arrives as its blind index (`h:<blind>`, the same for the same
 * address), so it is counted, and named in the alert, without its plaintext.
 */
import { BLIND_NAME_PREFIX } from '../privacy/sealed-ip';
import type { DetectorCounters, Notifier, SecurityNotification } from './ports';
import type { SecurityLine } from './security-line';

/** Detector tuning (typed config on AWS and locally). */
export interface BruteForceSettings {
  /** Failures per key within the window that raise an alert. @default 10 */
  readonly threshold: number;
  /** Window length in seconds, a whole number of minutes. @default 300 */
  readonly windowSeconds: number;
}

/** Defaults match the failed-logins alarm, so the detector is its early warning. */
export const DEFAULT_BRUTE_FORCE_SETTINGS: BruteForceSettings = { threshold: 10, windowSeconds: 300 };

const BUCKET_SECONDS = 60;

/** What a key counts: failures from one source IP, or against one user. */
export type DetectorKeyKind = 'sourceIp' | 'targetUser';

/** One key reaching the threshold. */
export interface BruteForceAlert {
  readonly keyKind: DetectorKeyKind;
  readonly key: string;
  readonly count: number;
}

/** Counts failed logins and notifies once per key per window. */
export class BruteForceDetector {
  private readonly settings: BruteForceSettings;

  constructor(
    private readonly counters: DetectorCounters,
    private readonly notifier: Notifier,
    settings: Partial<BruteForceSettings> = {},
  ) {
    this.settings = { ...DEFAULT_BRUTE_FORCE_SETTINGS, ...settings };
    const { threshold, windowSeconds } = this.settings;
    if (!Number.isInteger(threshold) || threshold < 1)
      throw new Error('BruteForceDetector: threshold must be a positive integer');
    if (!Number.isInteger(windowSeconds / BUCKET_SECONDS) || windowSeconds < BUCKET_SECONDS) {
      throw new Error('BruteForceDetector: windowSeconds must be a whole number of minutes');
    }
  }

  /** Observes one security line at `now`; returns the alerts it raised (already published). */
  async observe(line: SecurityLine, now: Date): Promise<BruteForceAlert[]> {
    if (line.streamEvent !== 'INSERT' || line.eventType !== 'auth.login.failure') return [];
    const alerts: BruteForceAlert[] = [];
    for (const [keyKind, key] of keysOf(line)) {
      const alert = await this.count(keyKind, key, now);
      if (alert) alerts.push(alert);
    }
    return alerts;
  }

  private async count(keyKind: DetectorKeyKind, key: string, now: Date): Promise<BruteForceAlert | undefined> {
    const nowEpoch = Math.floor(now.getTime() / 1000);
    const bucket = Math.floor(nowEpoch / BUCKET_SECONDS);
    const size = this.settings.windowSeconds / BUCKET_SECONDS;
    const window = Array.from({ length: size }, (_, i) => bucket - i);
    const counterKey = `${keyKind}#${key}`;
    const expires = nowEpoch + 2 * this.settings.windowSeconds;
    const count = await this.counters.addAndCount(counterKey, bucket, window, expires);
    if (count < this.settings.threshold) return undefined;
    if (!(await this.counters.claimAlert(counterKey, nowEpoch, nowEpoch + this.settings.windowSeconds)))
      return undefined;
    const alert = { keyKind, key, count };
    await this.notifier.publish(this.notificationOf(alert, now.toISOString()));
    return alert;
  }

  private notificationOf(alert: BruteForceAlert, at: string): SecurityNotification {
    const who = alert.keyKind === 'targetUser' ? `user ${alert.key}` : `${ipLabel(alert.key)} ${alert.key}`;
    return {
      subject: `DMIS audit: brute force suspected (${alert.count} failed logins, ${alert.keyKind})`.slice(0, 100),
      severity: 'high',
      source: 'detector',
      detail: {
        rule: 'brute-force-realtime',
        message: `${alert.count} failed logins for ${who} within ${this.settings.windowSeconds} s`,
        keyKind: alert.keyKind,
        key: alert.key,
        count: alert.count,
        threshold: this.settings.threshold,
        windowSeconds: this.settings.windowSeconds,
        at,
      },
    };
  }
}

/** Source IP and target user of a failed login; the target falls back to the actor (the claimed username). */
function keysOf(line: SecurityLine): [DetectorKeyKind, string][] {
  const keys: [DetectorKeyKind, string][] = [];
  if (line.sourceIp) keys.push(['sourceIp', line.sourceIp]);
  const user = line.targetType === 'user' && line.targetId ? line.targetId : line.actorUserId;
  keys.push(['targetUser', user]);
  return keys;
}

function ipLabel(key: string): string {
  return key.startsWith(BLIND_NAME_PREFIX) ? 'source IP (blind index)' : 'source IP';
}
