/**
 * The smoke test's alarm checks: the reader sees alarm states at `GET /v1/alarms`, and,
 * when asked, a round trip: as many failed logins as the failed-logins rule's threshold,
 * from a documentation-range IP, until that alarm shows ALARM. The round trip notifies
 * whoever subscribes to the alarm topic, so on AWS it runs only with --trigger-alarm.
 */
import { pathOf } from '../lambdas/core/api/route-match';
import { monitoringRules } from '../lambdas/core/monitoring/rules';
import type { AlarmStatus } from '../lambdas/core/monitoring/log-rule-alarms';
import type { SmokeCall } from './smoke-client';
import { expectThat, timed, type SmokeRow } from './smoke-report';

/** Whether to fire an alarm, and how long to wait for it. */
export interface AlarmCheckOptions {
  readonly triggerAlarm: boolean;
  readonly alarmTimeoutMs: number;
  readonly pollMs: number;
}

/** The rule the round trip fires: counted from security lines, so it crosses the whole pipeline. */
const ROUND_TRIP_RULE = 'failed-logins';

async function alarmStates(call: SmokeCall): Promise<AlarmStatus[] | undefined> {
  const res = await call('reader', pathOf('GET /v1/alarms'));
  const alarms = (res.body as { alarms?: unknown } | undefined)?.alarms;
  return res.status === 200 && Array.isArray(alarms) ? (alarms as AlarmStatus[]) : undefined;
}

/** The failed-logins threshold the stack reports, else the rule's default. */
function thresholdOf(states: readonly AlarmStatus[]): number {
  const reported = states.find((a) => a.name === ROUND_TRIP_RULE)?.threshold;
  const defined = monitoringRules().find((r) => r.name === ROUND_TRIP_RULE)?.threshold ?? 10;
  return Math.min(Math.max(reported ?? defined, 1), 100);
}

function failedLogins(count: number): Record<string, unknown> {
  const run = Date.now().toString(36);
  const events = Array.from({ length: count }, (_, i) => ({
    eventId: crypto.randomUUID(),
    occurredAt: new Date().toISOString(),
    eventType: 'auth.login.failure',
    actor: { userId: `smoke-${run}-${i}`, ip: '192.0.2.99' },
    target: { type: 'user', id: `smoke-${run}-${i}` },
    outcome: 'failure',
    reason: 'smoke test: alarm round trip',
  }));
  return { events };
}

/** Runs the alarm checks. */
export async function alarmChecks(call: SmokeCall, options: AlarmCheckOptions): Promise<SmokeRow[]> {
  let states: AlarmStatus[] | undefined;
  const listed = await timed('alarm states answer (reader)', async () => {
    states = await alarmStates(call);
    return expectThat(states !== undefined, `GET /v1/alarms: ${states?.length ?? 0} alarms`, 'GET /v1/alarms did not answer a list');
  });
  if (!states) return [listed];
  if (!options.triggerAlarm) {
    return [listed, { check: 'alarm round trip', status: 'skipped', detail: 'pass --trigger-alarm (it notifies the alarm subscribers)', seconds: 0 }];
  }
  const threshold = thresholdOf(states);
  const roundTrip = await timed('alarm round trip', async () => {
    const res = await call('writer', pathOf('POST /v1/events'), failedLogins(threshold));
    if (res.status !== 201) return { status: 'fail', detail: `posting ${threshold} failed logins answered ${res.status}` };
    for (const end = Date.now() + options.alarmTimeoutMs; Date.now() < end; await new Promise((r) => setTimeout(r, options.pollMs))) {
      const alarm = (await alarmStates(call))?.find((a) => a.name === ROUND_TRIP_RULE);
      if (alarm?.state === 'ALARM') return { status: 'pass', detail: `${threshold} failed logins → ${ROUND_TRIP_RULE} ALARM` };
    }
    return { status: 'fail', detail: `${ROUND_TRIP_RULE} not in ALARM within ${options.alarmTimeoutMs / 1000} s` };
  });
  return [listed, roundTrip];
}
