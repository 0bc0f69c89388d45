import type { APIGatewayProxyEvent, SNSEvent } from 'aws-lambda';
import { describe, expect, it } from '@jest/globals';
import {
  alarmStatusOfNotification,
  type AlarmStateStore,
  type RecordedAlarmStatus,
} from '../../../lambdas/core/monitoring/alarm-states';
import { createAlarmsHandler } from '../../../lambdas/functions/alarms/handler';

/** What CloudWatch publishes to SNS on a transition (trimmed to the fields read). */
const cloudWatchMessage = {
  AlarmName: 'AuditTest-DetectionMonitoringAlarmfailedlogins-ABC',
  AlarmDescription: '[high] failed-logins: Many failed logins. Runbook: MONITORING.md#failed-logins',
  NewStateValue: 'ALARM',
  NewStateReason:
    'Threshold Crossed: 1 out of the last 1 datapoints [12.0 (23/11/26 18:00:00)] was greater than or equal to the threshold (10.0).',
  StateChangeTime: '2026-11-23T18:05:00.123+0000',
  Trigger: { Threshold: 10 },
};

class MemoryStore implements AlarmStateStore {
  readonly items: RecordedAlarmStatus[] = [];
  async record(status: RecordedAlarmStatus): Promise<void> {
    this.items.push(status);
  }
  async list(): Promise<RecordedAlarmStatus[]> {
    return this.items;
  }
}

const snsEvent = (message: string): SNSEvent => ({ Records: [{ Sns: { Message: message } }] }) as unknown as SNSEvent;

describe('alarmStatusOfNotification', () => {
  it('reads name, state, value, threshold and time from a CloudWatch alarm message', () => {
    expect(alarmStatusOfNotification(JSON.stringify(cloudWatchMessage))).toEqual({
      name: 'failed-logins',
      state: 'ALARM',
      value: 12,
      threshold: 10,
      since: '2026-11-23T18:05:00.123Z',
    });
  });

  it('ignores a detector alert on the same topic', () => {
    expect(
      alarmStatusOfNotification(JSON.stringify({ subject: 'brute force', source: 'detector', detail: {} })),
    ).toBeUndefined();
  });

  it('ignores a message that is not JSON', () => {
    expect(alarmStatusOfNotification('hello')).toBeUndefined();
  });
});

describe('alarms handler', () => {
  it('records the state carried by an SNS delivery', async () => {
    const store = new MemoryStore();
    await createAlarmsHandler(store)(snsEvent(JSON.stringify(cloudWatchMessage)));
    expect(store.items.map((s) => s.name)).toEqual(['failed-logins']);
  });

  it('lists the states for GET /v1/alarms', async () => {
    // Prepare
    const store = new MemoryStore();
    await store.record({
      name: 'access-denied',
      state: 'OK',
      value: 0,
      threshold: 20,
      since: '2026-11-23T18:00:00.000Z',
    });
    // Act
    const response = await createAlarmsHandler(store)({
      httpMethod: 'GET',
      path: '/v1/alarms',
    } as APIGatewayProxyEvent);
    // Assess
    expect([response?.statusCode, JSON.parse(response?.body ?? '{}')]).toEqual([200, { alarms: store.items }]);
  });
});
