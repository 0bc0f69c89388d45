import {
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { redriveFailureQueue, signedAwsCalls, type AwsCalls } from '../../../bin/cli-stream-aws';

const STREAM_ARN = 'arn:aws:dynamodb:eu-west-1:123456789012:table/audit/stream/2026-11-01T00:00:00.000';
const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/stream-failures';
const streamsMock = mockClient(DynamoDBStreamsClient);

/** The message Lambda's event source mapping sends to its on-failure destination. */
const failureMessage = (start: string, end: string) => ({
  ReceiptHandle: `handle-${start}`,
  Body: JSON.stringify({
    requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 4 },
    version: '1.0',
    DDBStreamBatchInfo: {
      shardId: 'shardId-1',
      startSequenceNumber: start,
      endSequenceNumber: end,
      batchSize: 2,
      streamArn: STREAM_ARN,
    },
  }),
});

const aRecord = (seq: string) => ({
  eventID: `id-${seq}`,
  eventName: 'INSERT' as const,
  dynamodb: {
    Keys: { pk: { S: `EVENT#e-${seq}` }, sk: { S: 'EVENT' } },
    SequenceNumber: seq,
    StreamViewType: 'NEW_IMAGE' as const,
  },
});

/** SQS and Lambda as seen by the redrive: every call recorded, answers scripted. */
function fakeAws(batchItemFailures: unknown[], messages = [failureMessage('100', '101')]) {
  const calls: { action: string; body: unknown }[] = [];
  let pending = [...messages];
  const aws: AwsCalls = {
    sqs: async (action, body) => {
      calls.push({ action, body });
      if (action !== 'ReceiveMessage') return {};
      const batch = pending;
      pending = [];
      return { Messages: batch };
    },
    invoke: async (functionName, event) => {
      calls.push({ action: `Invoke ${functionName}`, body: event });
      return { payload: { batchItemFailures }, failed: false };
    },
  };
  return { aws, calls };
}

const run = (aws: AwsCalls) =>
  redriveFailureQueue({
    queueUrl: QUEUE_URL,
    functionName: 'stream-processor',
    streams: new DynamoDBStreamsClient({ region: 'eu-west-1' }),
    aws,
  });

beforeEach(() => {
  streamsMock.reset();
  streamsMock.on(GetShardIteratorCommand).resolves({ ShardIterator: 'it-1' });
  streamsMock
    .on(GetRecordsCommand)
    .resolves({ Records: [aRecord('100'), aRecord('101'), aRecord('102')], NextShardIterator: 'it-2' });
});

describe('stream redrive on AWS', () => {
  it('reads the pointed range from the shard at its first sequence number', async () => {
    await run(fakeAws([]).aws);
    expect(streamsMock.commandCalls(GetShardIteratorCommand).map((c) => c.args[0].input)).toEqual([
      { StreamArn: STREAM_ARN, ShardId: 'shardId-1', ShardIteratorType: 'AT_SEQUENCE_NUMBER', SequenceNumber: '100' },
    ]);
  });

  it('invokes the stream processor with exactly the failed records, in the Lambda event shape', async () => {
    const { aws, calls } = fakeAws([]);
    await run(aws);
    const invoke = calls.find((c) => c.action === 'Invoke stream-processor')?.body as {
      Records: { eventSourceARN: string; dynamodb: { SequenceNumber: string } }[];
    };
    expect(invoke.Records.map((r) => [r.eventSourceARN, r.dynamodb.SequenceNumber])).toEqual([
      [STREAM_ARN, '100'],
      [STREAM_ARN, '101'],
    ]);
  });

  it('deletes the message once every record succeeded', async () => {
    const { aws, calls } = fakeAws([]);
    expect(await run(aws)).toEqual({ redriven: 1, failedAgain: 0, expired: 0 });
    expect(calls.filter((c) => c.action === 'DeleteMessage').map((c) => c.body)).toEqual([
      { QueueUrl: QUEUE_URL, ReceiptHandle: 'handle-100' },
    ]);
  });

  it('keeps the message when a record fails again', async () => {
    const { aws, calls } = fakeAws([{ itemIdentifier: '101' }]);
    expect(await run(aws)).toEqual({ redriven: 0, failedAgain: 1, expired: 0 });
    expect(calls.some((c) => c.action === 'DeleteMessage')).toBe(false);
  });

  it('keeps the message of records past the stream retention, without invoking', async () => {
    streamsMock
      .on(GetShardIteratorCommand)
      .rejects(new TrimmedDataAccessException({ message: 'trimmed', $metadata: {} }));
    const { aws, calls } = fakeAws([]);
    expect(await run(aws)).toEqual({ redriven: 0, failedAgain: 0, expired: 1 });
    expect(calls.map((c) => c.action)).toEqual(['ReceiveMessage', 'ReceiveMessage']);
  });
});

describe('signed SQS and Lambda calls', () => {
  const sent: { url: string; init: RequestInit }[] = [];
  beforeEach(() => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
    jest.spyOn(globalThis, 'fetch').mockImplementation(async (url, init) => {
      sent.push({ url: String(url), init: init as RequestInit });
      return new Response('{"batchItemFailures":[]}', { status: 200 });
    });
  });
  afterEach(() => {
    jest.restoreAllMocks();
    sent.length = 0;
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
  });

  it('sends SQS actions as signed AWS JSON 1.0 requests', async () => {
    await signedAwsCalls('eu-west-1').sqs('DeleteMessage', { QueueUrl: QUEUE_URL, ReceiptHandle: 'h' });
    const headers = sent[0]?.init.headers as Record<string, string>;
    expect([
      sent[0]?.url,
      headers['x-amz-target'],
      headers['content-type'],
      JSON.parse(String(sent[0]?.init.body)),
    ]).toEqual([
      'https://sqs.eu-west-1.amazonaws.com/',
      'AmazonSQS.DeleteMessage',
      'application/x-amz-json-1.0',
      { QueueUrl: QUEUE_URL, ReceiptHandle: 'h' },
    ]);
    expect(headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/sqs\/aws4_request/,
    );
  });

  it('invokes a function synchronously through the Lambda Invoke API', async () => {
    const result = await signedAwsCalls('eu-west-1').invoke('stream-processor', { Records: [] });
    expect([sent[0]?.url, result]).toEqual([
      'https://lambda.eu-west-1.amazonaws.com/2015-03-31/functions/stream-processor/invocations',
      { payload: { batchItemFailures: [] }, failed: false },
    ]);
  });
});
