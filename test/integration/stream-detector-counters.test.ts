/**
 * The detector's DynamoDB counters on DynamoDB Local: sliding-window sums across buckets
 * and a once-only alert claim under concurrency (several Lambda invocations at once).
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { DynamoDbDetectorCounters } from '../../lambdas/adapters/dynamodb/detector-counters';
import { ensureDetectorTable } from '../../local/monitoring';
import { createTestTable } from '../setup/table';

describe('DynamoDbDetectorCounters', () => {
  let counters: DynamoDbDetectorCounters;

  beforeAll(async () => {
    const { client, documentClient, tableName } = await createTestTable('detector');
    await ensureDetectorTable(client, `${tableName}-detector`);
    counters = new DynamoDbDetectorCounters(documentClient, `${tableName}-detector`);
  });

  it('sums the buckets of the window', async () => {
    // Prepare
    const key = `sourceIp#${randomUUID()}`;
    await counters.addAndCount(key, 100, [100], 9_999_999_999);
    await counters.addAndCount(key, 101, [101, 100], 9_999_999_999);
    // Act
    const count = await counters.addAndCount(key, 102, [102, 101, 100], 9_999_999_999);
    // Assess
    expect(count).toBe(3);
  });

  it('leaves buckets outside the window out', async () => {
    const key = `sourceIp#${randomUUID()}`;
    await counters.addAndCount(key, 100, [100], 9_999_999_999);
    expect(await counters.addAndCount(key, 200, [200, 199], 9_999_999_999)).toBe(1);
  });

  it('grants exactly one of many concurrent alert claims', async () => {
    const key = `targetUser#${randomUUID()}`;
    const claims = await Promise.all(Array.from({ length: 8 }, () => counters.claimAlert(key, 1000, 1300)));
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it('grants a new claim once the previous one has lapsed', async () => {
    const key = `targetUser#${randomUUID()}`;
    await counters.claimAlert(key, 1000, 1300);
    expect(await counters.claimAlert(key, 1300, 1600)).toBe(true);
  });
});
