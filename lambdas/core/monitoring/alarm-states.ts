/**
 * Alarm states on AWS, for `GET /v1/alarms`: CloudWatch sends every ALARM and OK
 * transition to the alarm topic; the alarms function records the latest state of each
 * alarm from those messages and serves the list. (Locally, LogRuleAlarms computes the
 * same statuses itself.)
 */
import type { AlarmStatus } from './log-rule-alarms';

/** A CloudWatch alarm state as the API shows it (INSUFFICIENT_DATA is possible on AWS). */
export type RecordedAlarmStatus = Omit<AlarmStatus, 'state'> & { readonly state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA' };

/** Where the latest state of each alarm is kept. */
export interface AlarmStateStore {
  /** Keeps `status` unless a newer one (by `since`) is already stored. */
  record(status: RecordedAlarmStatus): Promise<void>;
  list(): Promise<RecordedAlarmStatus[]>;
}

const STATES = new Set(['OK', 'ALARM', 'INSUFFICIENT_DATA']);

/**
 * The status in a CloudWatch alarm notification (the SNS message body), or undefined when
 * the message is not one. The name is the rule name the description starts with
 * (`[severity] name: ...`), so the API shows the same names as the local runtime.
 */
export function alarmStatusOfNotification(message: string): RecordedAlarmStatus | undefined {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(message) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const state = body.NewStateValue;
  if (typeof state !== 'string' || !STATES.has(state) || typeof body.StateChangeTime !== 'string') return undefined;
  const description = typeof body.AlarmDescription === 'string' ? body.AlarmDescription : '';
  const name = /^\[\w+\] ([\w-]+):/.exec(description)?.[1] ?? String(body.AlarmName);
  const trigger = (body.Trigger ?? {}) as Record<string, unknown>;
  // "Threshold Crossed: 1 datapoint [12.0 (23/11/26 18:00:00)] was greater than..." carries the value.
  const value = Number(/\[(-?\d+(?:\.\d+)?) \(/.exec(String(body.NewStateReason ?? ''))?.[1] ?? 0);
  return {
    name,
    state: state as RecordedAlarmStatus['state'],
    value,
    threshold: typeof trigger.Threshold === 'number' ? trigger.Threshold : 0,
    since: new Date(body.StateChangeTime).toISOString(),
  };
}
