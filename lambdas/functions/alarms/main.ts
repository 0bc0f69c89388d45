/** Lambda entry of the alarms function (alarm topic subscriber and `GET /v1/alarms`): wiring only. */
import type { APIGatewayProxyEvent, SNSEvent } from 'aws-lambda';
import { buildAlarmStateStore } from '../../composition/alarms';
import { readEnvironment } from '../../composition/environment';
import { FUNCTION_ENVIRONMENTS } from '../../composition/function-environments';
import { tracedDocumentClient } from '../shared/traced-clients';
import { instrumented } from '../shared/observability';
import { createAlarmsHandler } from './handler';

// Composition root: built once per cold start.
const env = readEnvironment(FUNCTION_ENVIRONMENTS.alarms);
const alarms = createAlarmsHandler(
  buildAlarmStateStore({
    documentClient: tracedDocumentClient(),
    alarmStateTableName: env.ALARM_STATE_TABLE_NAME,
  }),
);

/** Lambda entry. */
export const handler = instrumented((event: SNSEvent | APIGatewayProxyEvent) => alarms(event));
