/**
 * The alarms function's handler: fed by the alarm topic (SNS), it records each alarm's
 * latest state; called by API Gateway on `GET /v1/alarms` (reader), it lists them as
 * `{"alarms": [{name, state, value, threshold, since}]}`, the shape the local runtime serves.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, SNSEvent } from 'aws-lambda';
import { alarmStatusOfNotification, type AlarmStateStore } from '../../core/monitoring/alarm-states';
import { errorResponse, jsonResponse } from '../shared/http-response';

/** Handles SNS deliveries (returns nothing) and API requests. */
export function createAlarmsHandler(store: AlarmStateStore) {
  return async (event: SNSEvent | APIGatewayProxyEvent): Promise<APIGatewayProxyResult | void> => {
    if ('Records' in event) {
      for (const record of event.Records) {
        const status = alarmStatusOfNotification(record.Sns.Message);
        // Detector alerts share the topic; only alarm transitions carry a state.
        if (status) await store.record(status);
      }
      return;
    }
    try {
      return jsonResponse(200, { alarms: await store.list() });
    } catch (error) {
      return errorResponse(error);
    }
  };
}
