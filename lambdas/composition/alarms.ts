import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AlarmStateStore } from '../core/monitoring/alarm-states';
import { DynamoDbAlarmStateStore } from '../adapters/dynamodb/dynamodb-alarm-state-store';

/** Where the alarms function keeps alarm states. */
export interface AlarmsOptions {
  readonly documentClient: DynamoDBDocumentClient;
  /** ALARM_STATE_TABLE_NAME on AWS (the detector table). */
  readonly alarmStateTableName: string;
}

/**
 * The alarms function's builder. Locally, `GET /v1/alarms` is answered by local/alarms.ts,
 * which evaluates the log rules itself: there is no CloudWatch to feed this store.
 */
export function buildAlarmStateStore(options: AlarmsOptions): AlarmStateStore {
  return new DynamoDbAlarmStateStore(options.documentClient, options.alarmStateTableName);
}
