/**
 * The local runtime's detection component: the detector's counter table in DynamoDB
 * Local, the local notifier and alarms, and the stream poller feeding the stream
 * processor's Lambda handler from the audit table's real stream. Same rules, same
 * handler, same adapters as on AWS; only the log sink and the notifier are local.
 */
import { join } from 'node:path';
import {
  CreateTableCommand,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DETECTOR_TABLE } from '../lambdas/adapters/dynamodb/detector-counters';
import { LocalNotifier } from '../lambdas/adapters/local/local-notifier';
import { buildSecurityStreamProcessor } from '../lambdas/composition/stream-processor';
import type { BruteForceSettings } from '../lambdas/core/monitoring/brute-force-detector';
import { logRules, monitoringRules, type MonitoringRuleOptions } from '../lambdas/core/monitoring/rules';
import { createStreamProcessorHandler } from '../lambdas/functions/stream-processor/handler';
import { LocalAlarms } from './alarms';
import { pipelineRule } from './gauge-alarms';
import { readParked } from './stream-parked';
import { startStreamPoller } from './stream-poller';

/** What local monitoring needs. */
export interface LocalMonitoringOptions {
  readonly localDir: string;
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  readonly documentClient: DynamoDBDocumentClient;
  /** The audit table whose stream is read; the detector table is `<tableName>-detector`. */
  readonly tableName: string;
  readonly rules?: MonitoringRuleOptions;
  readonly detector?: Partial<BruteForceSettings>;
  /** @default 250 */
  readonly pollIntervalMs?: number;
}

/** Running local monitoring. */
export interface LocalMonitoring {
  readonly alarms: LocalAlarms;
  stop(): Promise<void>;
}

/** Starts detection; the files it writes are named in the module comment of each part. */
export async function startLocalMonitoring(options: LocalMonitoringOptions): Promise<LocalMonitoring> {
  const detectorTable = `${options.tableName}-detector`;
  await ensureDetectorTable(options.client, detectorTable);
  const notifier = new LocalNotifier(join(options.localDir, 'notifications.ndjson'));
  const failureFile = join(options.localDir, 'stream-failures.ndjson');
  const alarms = new LocalAlarms({
    rules: logRules(monitoringRules(options.rules)),
    securityLogFile: join(options.localDir, 'security.ndjson'),
    notifier,
    // The parked records are the local on-failure queue: its depth raises the same alarm.
    gauges: [
      {
        rule: pipelineRule('failureQueueDepth', options.rules),
        read: async () => (await readParked(failureFile)).length,
      },
    ],
  });
  // The same builder as the Lambda entry; only the log sink and the notifier are local.
  const handler = createStreamProcessorHandler(
    buildSecurityStreamProcessor({
      documentClient: options.documentClient,
      detectorTableName: detectorTable,
      securityLog: alarms.securityLog,
      notifier,
      ...(options.detector ? { detector: options.detector } : {}),
    }),
  );
  const poller = await startStreamPoller({
    client: options.client,
    endpoint: options.endpoint,
    tableName: options.tableName,
    handler,
    failureFile,
    ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
  });
  alarms.start();
  return {
    alarms,
    stop: async () => {
      await poller.stop();
      await alarms.stop();
    },
  };
}

/** Creates the detector table unless it exists, with TTL so counters clean themselves up. */
export async function ensureDetectorTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: DETECTOR_TABLE.partitionKey.name, AttributeType: DETECTOR_TABLE.partitionKey.type },
        ],
        KeySchema: [{ AttributeName: DETECTOR_TABLE.partitionKey.name, KeyType: 'HASH' }],
      }),
    );
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { Enabled: true, AttributeName: DETECTOR_TABLE.timeToLiveAttribute },
      }),
    );
  } catch (error) {
    // A restart finds the table (and its TTL) already there.
    if (!(error instanceof ResourceInUseException)) throw error;
  }
}
