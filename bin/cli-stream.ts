/**
 * `dmis-audit stream redrive`: processes again the stream records that failed every
 * attempt. Locally they are parked in `.local/stream-failures.ndjson` (see
 * local/stream-parked.ts) and re-read from DynamoDB Local's stream; on AWS (`--aws`) they
 * are the messages of the stream processor's on-failure queue (see cli-stream-aws.ts).
 * Redriven security lines go to the security log like any other; locally that is
 * `.local/security.ndjson`, evaluated by the alarms of the process that writes them.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { LocalNotifier } from '../lambdas/adapters/local/local-notifier';
import { buildSecurityStreamProcessor } from '../lambdas/composition/stream-processor';
import { logRules, monitoringRules } from '../lambdas/core/monitoring/rules';
import { createStreamProcessorHandler } from '../lambdas/functions/stream-processor/handler';
import { LocalAlarms } from '../local/alarms';
import { createLocalClients, LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/clients';
import { redriveParked } from '../local/stream-parked';
import { CliError } from './cli-client';
import { redriveFailureQueue, signedAwsCalls } from './cli-stream-aws';

/** The usage lines of the stream commands. */
export const STREAM_USAGE = `  stream redrive [--local-dir DIR]                re-process parked stream records (local stack)
  stream redrive --aws --queue-url URL --function NAME [--region R]   the on-failure queue of a deployment`;

/** Runs `stream <sub>` with its own options; prints what was redriven. */
export async function streamCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv.slice(1),
    allowPositionals: true,
    options: {
      aws: { type: 'boolean' },
      'queue-url': { type: 'string' },
      function: { type: 'string' },
      region: { type: 'string' },
      'local-dir': { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  if (positionals[0] !== 'redrive')
    throw new CliError(`unknown command "stream ${positionals.join(' ')}"\n${STREAM_USAGE}`);
  const result = values.aws
    ? await redriveAws(values['queue-url'], values.function, values.region ?? process.env.AWS_REGION)
    : await redriveLocal(values['local-dir'] ?? join(process.cwd(), '.local'));
  console.log(
    values.json
      ? JSON.stringify(result, null, 2)
      : Object.entries(result)
          .map(([k, v]) => `${k}: ${v}`)
          .join('\n'),
  );
  if (Object.entries(result).some(([k, v]) => k !== 'processed' && k !== 'redriven' && v > 0)) process.exitCode = 2;
}

async function redriveAws(queueUrl?: string, functionName?: string, region?: string) {
  if (!queueUrl || !functionName) throw new CliError('stream redrive --aws needs --queue-url and --function');
  if (!region) throw new CliError('cannot tell the AWS region: pass --region or set AWS_REGION');
  const streams = new DynamoDBStreamsClient({ region });
  try {
    return await redriveFailureQueue({ queueUrl, functionName, streams, aws: signedAwsCalls(region) });
  } finally {
    streams.destroy();
  }
}

async function redriveLocal(localDir: string) {
  const runtime = JSON.parse(
    await readFile(join(localDir, 'runtime.json'), 'utf8').catch(() => {
      throw new CliError(
        `cannot read ${join(localDir, 'runtime.json')}: is the local stack started? run \`npm start\``,
      );
    }),
  ) as { dynamodbEndpoint: string; tableName: string };
  const { documentClient } = createLocalClients(runtime.dynamodbEndpoint);
  const notifier = new LocalNotifier(join(localDir, 'notifications.ndjson'));
  const alarms = new LocalAlarms({
    rules: logRules(monitoringRules()),
    securityLogFile: join(localDir, 'security.ndjson'),
    notifier,
  });
  // The same processor the local runtime runs: same detector table, same log file.
  const handler = createStreamProcessorHandler(
    buildSecurityStreamProcessor({
      documentClient,
      detectorTableName: `${runtime.tableName}-detector`,
      securityLog: alarms.securityLog,
      notifier,
    }),
  );
  const streams = new DynamoDBStreamsClient({
    endpoint: runtime.dynamodbEndpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  try {
    return await redriveParked({ file: join(localDir, 'stream-failures.ndjson'), streams, handler });
  } finally {
    streams.destroy();
    await alarms.stop();
  }
}
