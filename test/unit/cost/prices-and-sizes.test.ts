import { describe, expect, it } from '@jest/globals';
import { dynamoSize, itemSize, measureEventSizes, TYPICAL_EVENT } from '../../../lib/cost/event-size';
import { costOf, PRICE_TABLE_DATE, PRICE_TABLE_REGION, PRICES } from '../../../lib/cost/prices-us-east-1';

describe('the price table', () => {
  it('is dated, for one region, and names the AWS pricing page of every price', () => {
    expect(PRICE_TABLE_DATE).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(PRICE_TABLE_REGION).toBe('us-east-1');
    for (const price of Object.values(PRICES)) {
      expect(price.source).toMatch(/^https:\/\/aws\.amazon\.com\/[\w-]+\/pricing\/$/);
      expect(price.usd).toBeGreaterThan(0);
    }
  });

  it('prices a quantity in the unit of the price', () => {
    expect(costOf(PRICES.apiGatewayRestRequests, 2_000_000)).toBeCloseTo(7, 10);
    expect(costOf(PRICES.kmsAsymmetricRequests, 43_200)).toBeCloseTo(0.648, 10);
  });
});

describe('event sizes', () => {
  it('counts DynamoDB sizes as attribute names plus values', () => {
    expect(itemSize({ ab: 'xyz' })).toBe(5);
    expect(dynamoSize(12345)).toBe(4);
    expect(itemSize({ m: { k: 'v' } })).toBe(1 + 3 + 1 + 1 + 1);
  });

  it('measures the typical event through the real item mapping and security line', () => {
    // Act
    const sizes = measureEventSizes();
    // Assess: the item carries the event plus its key attributes; the line only a few fields.
    expect(sizes.itemBytes).toBeGreaterThan(sizes.eventJsonBytes * 0.9);
    expect(sizes.securityLineBytes).toBeLessThan(sizes.eventJsonBytes);
    expect(measureEventSizes({ ...TYPICAL_EVENT, metadata: { note: 'x'.repeat(1000) } }).itemBytes).toBeGreaterThan(sizes.itemBytes + 900);
  });
});
