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
import { AUDIT_TABLE } from '../lambdas/adapters/dynamodb/table-schema';
import { wasReapedLocally } from './ttl-reaper';

/** A stream record and the shard it was read from (what a redrive needs to find it again). */
export interface ShardRecord {
  readonly shardId: string;
  readonly record: _Record;
}

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

  async read(): Promise<ShardRecord[]> {
    await this.discover('TRIM_HORIZON');
    const records: ShardRecord[] = [];
    for (const [id, iterator] of this.iterators) {
      if (!iterator) continue;
      for (const record of await this.readShard(id, iterator)) records.push({ shardId: id, record });
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

/** One record of `shardId` by its sequence number, or undefined once the stream no longer holds it. */
export async function recordAt(
  streams: DynamoDBStreamsClient,
  streamArn: string,
  at: { readonly shardId: string; readonly sequenceNumber: string },
): Promise<_Record | undefined> {
  try {
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: at.shardId,
        ShardIteratorType: 'AT_SEQUENCE_NUMBER',
        SequenceNumber: at.sequenceNumber,
      }),
    );
    const { Records } = await streams.send(new GetRecordsCommand({ ShardIterator, Limit: 1 }));
    const record = Records?.[0];
    return record?.dynamodb?.SequenceNumber === at.sequenceNumber ? record : undefined;
  } catch (error) {
    // Past the stream's 24-hour retention the record is gone from the stream, not from the table.
    if ((error as Error).name === 'TrimmedDataAccessException' || (error as Error).name === 'ResourceNotFoundException')
      return undefined;
    throw error;
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
      : reapedIdentity(record, streamArn)),
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

/** The identity DynamoDB's TTL gives its deletions, for a REMOVE the local TTL reaper made (local/ttl-reaper.ts). */
function reapedIdentity(record: _Record, streamArn: string): Pick<DynamoDBRecord, 'userIdentity'> {
  const table = /:table\/([^/]+)\/stream\//.exec(streamArn)?.[1];
  const pk = record.dynamodb?.Keys?.[AUDIT_TABLE.partitionKey.name]?.S;
  if (record.eventName !== 'REMOVE' || table === undefined || pk === undefined || !wasReapedLocally(table, pk)) return {};
  return { userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' } };
}
