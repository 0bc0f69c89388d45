/** Lambda entry of the alarms function (alarm topic subscriber and `GET /v1/alarms`). */
import type { APIGatewayProxyEvent, Context, SNSEvent } from 'aws-lambda';
import { documentClientFor, requiredEnv } from '../../adapters/dynamodb/document-client';
import { DynamoDbAlarmStateStore } from '../../adapters/dynamodb/dynamodb-alarm-state-store';
import { createAlarmsHandler } from './handler';
import { logger } from '../shared/observability';

// Composition root: built once per cold start.
const alarms = createAlarmsHandler(
  new DynamoDbAlarmStateStore(documentClientFor(), requiredEnv('ALARM_STATE_TABLE_NAME')),
);

/** Lambda entry. */
export const handler = async (event: SNSEvent | APIGatewayProxyEvent, context: Context) => {
  logger.addContext(context);
  return alarms(event);
};
