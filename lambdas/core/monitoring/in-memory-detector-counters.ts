/**
 * DetectorCounters in memory: for unit tests and single-process tools. The DynamoDB
 * adapter (lambdas/adapters/dynamodb/detector-counters.ts) is what Lambda and `npm start` use.
 */
import type { DetectorCounters } from './ports';

/** Counters and alert claims held in maps; expiry is checked on read, like DynamoDB TTL's effect. */
export class InMemoryDetectorCounters implements DetectorCounters {
  private readonly buckets = new Map<string, number>();
  private readonly claims = new Map<string, number>();

  async addAndCount(key: string, bucket: number, windowBuckets: readonly number[]): Promise<number> {
    const id = `${key}@${bucket}`;
    this.buckets.set(id, (this.buckets.get(id) ?? 0) + 1);
    return windowBuckets.reduce((sum, b) => sum + (this.buckets.get(`${key}@${b}`) ?? 0), 0);
  }

  async claimAlert(key: string, nowEpoch: number, untilEpoch: number): Promise<boolean> {
    const held = this.claims.get(key);
    if (held !== undefined && held > nowEpoch) return false;
    this.claims.set(key, untilEpoch);
    return true;
  }
}
