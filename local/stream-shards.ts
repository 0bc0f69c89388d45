/**
 * Reading a DynamoDB Local stream the way Lambda's event source mapping sees it: every
 * shard followed, new shards picked up, and records in the Lambda event's shape.
 */
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type DynamoDBStreamsClient,
  type ShardIteratorType,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';

/** Follows every open shard; shards that appear later are read from their start. */
export class ShardReader {
  private readonly iterators = new Map<string, string | undefined>();
  /** Last sequence number seen per shard, to resume after an expired or trimmed iterator. */
  private readonly lastSeen = new Map<string, string>();

  constructor(
    private readonly streams: DynamoDBStreamsClient,
    private readonly streamArn: string,
  ) {}

  async discover(type: 'LATEST' | 'TRIM_HORIZON'): Promise<void> {
    const { StreamDescription } = await this.streams.send(new DescribeStreamCommand({ StreamArn: this.streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      const id = shard.ShardId as string;
      if (this.iterators.has(id)) continue;
      const open = shard.SequenceNumberRange?.EndingSequenceNumber === undefined;
      this.iterators.set(id, type === 'LATEST' && !open ? undefined : await this.iteratorFor(id, type));
    }
  }

  async read(): Promise<_Record[]> {
    await this.discover('TRIM_HORIZON');
    const records: _Record[] = [];
    for (const [id, iterator] of this.iterators) {
      if (!iterator) continue;
      records.push(...(await this.readShard(id, iterator)));
    }
    return records;
  }

  private async readShard(id: string, iterator: string): Promise<_Record[]> {
    try {
      const out = await this.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
      const records = out.Records ?? [];
      const last = records.at(-1)?.dynamodb?.SequenceNumber;
      if (last) this.lastSeen.set(id, last);
      // A closed shard has no next iterator; keep its id so discovery does not reopen it.
      this.iterators.set(id, out.NextShardIterator);
      return records;
    } catch (error) {
      const name = (error as Error).name;
      if (name !== 'ExpiredIteratorException' && name !== 'TrimmedDataAccessException') throw error;
      // Like the event source mapping: resume right after the last record processed.
      const after = this.lastSeen.get(id);
      this.iterators.set(id, await this.iteratorFor(id, after ? 'AFTER_SEQUENCE_NUMBER' : 'TRIM_HORIZON', after));
      return [];
    }
  }

  private async iteratorFor(
    shardId: string,
    type: ShardIteratorType,
    sequenceNumber?: string,
  ): Promise<string | undefined> {
    const { ShardIterator } = await this.streams.send(
      new GetShardIteratorCommand({
        StreamArn: this.streamArn,
        ShardId: shardId,
        ShardIteratorType: type,
        ...(sequenceNumber ? { SequenceNumber: sequenceNumber } : {}),
      }),
    );
    return ShardIterator;
  }
}

/** The SDK's GetRecords shape → the Lambda event's record shape (camelCase identity, epoch seconds). */
export function toLambdaRecord(record: _Record, streamArn: string): DynamoDBRecord {
  const d = record.dynamodb ?? {};
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventSource: 'aws:dynamodb',
    eventVersion: record.eventVersion,
    awsRegion: record.awsRegion,
    eventSourceARN: streamArn,
    ...(record.userIdentity
      ? { userIdentity: { type: record.userIdentity.Type, principalId: record.userIdentity.PrincipalId } }
      : {}),
    dynamodb: {
      Keys: d.Keys as never,
      ...(d.NewImage ? { NewImage: d.NewImage as never } : {}),
      SequenceNumber: d.SequenceNumber,
      SizeBytes: d.SizeBytes,
      StreamViewType: d.StreamViewType,
      ...(d.ApproximateCreationDateTime
        ? { ApproximateCreationDateTime: d.ApproximateCreationDateTime.getTime() / 1000 }
        : {}),
    },
  };
}
