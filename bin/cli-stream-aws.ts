/**
 * `dmis-audit stream redrive --aws`: re-processes the stream records the deployed stream
 * processor gave up on. Lambda's on-failure destination (the stream processor's SQS
 * queue) holds one message per failed batch that points at the records, never their
 * content: `DDBStreamBatchInfo` names the stream, the shard and the first and last
 * sequence numbers (https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html).
 * For each message the records are read back from the stream, the stream processor
 * function is invoked with them in the event shape Lambda sends, and the message is
 * deleted only when every record succeeded. Records older than the stream's 24-hour
 * retention can no longer be read: their message stays for an operator.
 */
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  type DynamoDBStreamsClient,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from '../lambdas/adapters/sigv4/node-sha256';
import { toLambdaRecord } from '../local/stream-shards';

/** One JSON call to SQS (AWS JSON 1.0 protocol) or Lambda, signed by the caller's credentials. */
export interface AwsCalls {
  sqs(action: 'ReceiveMessage' | 'DeleteMessage', body: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Invokes a function synchronously; `failed` when the function itself threw. */
  invoke(functionName: string, event: unknown): Promise<{ readonly payload: unknown; readonly failed: boolean }>;
}

/** What a redrive did, message by message. */
export interface AwsRedriveResult {
  readonly redriven: number;
  readonly failedAgain: number;
  readonly expired: number;
}

interface BatchInfo {
  readonly shardId: string;
  readonly startSequenceNumber: string;
  readonly endSequenceNumber: string;
  readonly streamArn: string;
}

/** Drains the on-failure queue once: every message visible now is tried once. */
export async function redriveFailureQueue(options: {
  readonly queueUrl: string;
  readonly functionName: string;
  readonly streams: DynamoDBStreamsClient;
  readonly aws: AwsCalls;
}): Promise<AwsRedriveResult> {
  const counts = { redriven: 0, failedAgain: 0, expired: 0 };
  // Messages tried stay invisible for the timeout, so a second receive returns new ones only.
  for (;;) {
    const received = await options.aws.sqs('ReceiveMessage', {
      QueueUrl: options.queueUrl,
      MaxNumberOfMessages: 10,
      VisibilityTimeout: 300,
      WaitTimeSeconds: 1,
    });
    const messages = (received.Messages ?? []) as { Body: string; ReceiptHandle: string }[];
    if (messages.length === 0) return counts;
    for (const message of messages) {
      const info = (JSON.parse(message.Body) as { DDBStreamBatchInfo: BatchInfo }).DDBStreamBatchInfo;
      const records = await recordsOf(options.streams, info);
      if (records.length === 0) {
        counts.expired += 1;
        continue;
      }
      const event = { Records: records.map((r) => toLambdaRecord(r, info.streamArn)) };
      const { payload, failed } = await options.aws.invoke(options.functionName, event);
      const failures = (payload as { batchItemFailures?: unknown[] } | null)?.batchItemFailures ?? [];
      if (failed || failures.length > 0) {
        counts.failedAgain += 1;
        continue;
      }
      await options.aws.sqs('DeleteMessage', { QueueUrl: options.queueUrl, ReceiptHandle: message.ReceiptHandle });
      counts.redriven += 1;
    }
  }
}

/** The records from start to end sequence number of one shard; none once trimmed. */
async function recordsOf(streams: DynamoDBStreamsClient, info: BatchInfo): Promise<_Record[]> {
  const end = BigInt(info.endSequenceNumber);
  let iterator: string | undefined;
  try {
    ({ ShardIterator: iterator } = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: info.streamArn,
        ShardId: info.shardId,
        ShardIteratorType: 'AT_SEQUENCE_NUMBER',
        SequenceNumber: info.startSequenceNumber,
      }),
    ));
  } catch (error) {
    if ((error as Error).name === 'TrimmedDataAccessException' || (error as Error).name === 'ResourceNotFoundException')
      return [];
    throw error;
  }
  const out: _Record[] = [];
  // An empty page does not mean the end of a shard; a bounded number of pages does.
  for (let pages = 0; iterator && pages < 50; pages++) {
    const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
    for (const record of page.Records ?? []) {
      if (BigInt(record.dynamodb?.SequenceNumber ?? '0') > end) return out;
      out.push(record);
    }
    if (out.length > 0 && BigInt(out.at(-1)?.dynamodb?.SequenceNumber ?? '0') >= end) return out;
    iterator = page.NextShardIterator;
  }
  return out;
}

/** SQS and Lambda over HTTPS with SigV4 and the default credential chain (no extra SDK clients). */
export function signedAwsCalls(region: string): AwsCalls {
  const call = async (service: 'sqs' | 'lambda', path: string, headers: Record<string, string>, body: unknown) => {
    const hostname = `${service}.${region}.amazonaws.com`;
    const signer = new SignatureV4({ service, region, credentials: defaultProvider(), sha256: NodeSha256 });
    const request = {
      method: 'POST',
      protocol: 'https:',
      hostname,
      path,
      headers: { host: hostname, ...headers },
      body: JSON.stringify(body),
    };
    const signed = (await signer.sign(request as never)) as unknown as { headers: Record<string, string> };
    const { host: _host, ...sent } = signed.headers;
    const response = await fetch(`https://${hostname}${path}`, { method: 'POST', headers: sent, body: request.body });
    const text = await response.text();
    if (!response.ok) throw new Error(`${service} answered ${response.status}: ${text.slice(0, 200)}`);
    return { text, functionError: response.headers.get('x-amz-function-error') };
  };
  return {
    sqs: async (action, body) => {
      const headers = { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AmazonSQS.${action}` };
      const { text } = await call('sqs', '/', headers, body);
      return text ? (JSON.parse(text) as Record<string, unknown>) : {};
    },
    invoke: async (functionName, event) => {
      const path = `/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`;
      const { text, functionError } = await call('lambda', path, { 'content-type': 'application/json' }, event);
      return { payload: text ? (JSON.parse(text) as unknown) : null, failed: functionError !== null };
    },
  };
}
