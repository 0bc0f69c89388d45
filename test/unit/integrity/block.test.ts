import { describe, expect, it } from '@jest/globals';
import { canonicalHash } from '../../../lambdas/core/canonical';
import {
  BlockSchema,
  GENESIS_PREV_HASH,
  computeBlockHash,
  inLeafOrder,
  type Block,
} from '../../../lambdas/core/integrity/block';

const block: Block = {
  seq: 3,
  from: '2030-01-01T00:03:00.000Z',
  to: '2030-01-01T00:04:00.000Z',
  count: 0,
  merkleRoot: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  prevBlockHash: 'ab'.repeat(32),
  keyId: 'local:0123456789abcdef',
  late: [],
  treeSize: 7,
  treeRoot: 'ef'.repeat(32),
  blockHash: 'cd'.repeat(32),
  signature: 'MEUCIQ==',
};

describe('block', () => {
  it('hashes the RFC 8785 form of every field but blockHash and signature', () => {
    // Prepare
    const { blockHash: _h, signature: _s, ...content } = block;
    // Act
    const hash = computeBlockHash(block);
    // Assess
    expect(hash).toBe(canonicalHash(content));
  });

  it('changes its hash when any signed field changes', () => {
    // Prepare
    const variants = [
      { seq: 4 },
      { count: 1 },
      { late: ['x'] },
      { keyId: 'other' },
      { to: '2030-01-01T00:05:00.000Z' },
      { treeSize: 8 },
      { treeRoot: '12'.repeat(32) },
    ];
    // Act
    const hashes = variants.map((v) => computeBlockHash({ ...block, ...v }));
    // Assess
    expect(new Set([computeBlockHash(block), ...hashes]).size).toBe(variants.length + 1);
  });

  it('leaves the unsigned frontier out of the hash', () => {
    // Act
    const withFrontier = computeBlockHash({ ...block, frontier: ['aa'.repeat(32)] } as Block);
    // Assess
    expect(withFrontier).toBe(computeBlockHash(block));
  });

  it('starts the chain from 64 zeros', () => {
    // Assess
    expect(GENESIS_PREV_HASH).toMatch(/^0{64}$/);
  });

  it('accepts a well-formed block and rejects unknown fields', () => {
    // Act
    const good = BlockSchema.safeParse(block);
    const extra = BlockSchema.safeParse({ ...block, note: 'x' });
    // Assess
    expect(good.success).toBe(true);
    expect(extra.success).toBe(false);
  });

  it('rejects a block whose merkleRoot is not a SHA-256 hex digest', () => {
    // Act
    const result = BlockSchema.safeParse({ ...block, merkleRoot: 'ABC' });
    // Assess
    expect(result.success).toBe(false);
  });

  it('orders leaves by ingestedAt as an instant, then by eventId', () => {
    // Prepare
    const events = [
      { eventId: 'b', ingestedAt: '2030-01-01T00:00:01.000Z' },
      { eventId: 'c', ingestedAt: '2030-01-01T00:00:00.500Z' },
      { eventId: 'a', ingestedAt: '2030-01-01T00:00:01.000Z' },
    ];
    // Act
    const ordered = inLeafOrder(events).map((e) => e.eventId);
    // Assess
    expect(ordered).toEqual(['c', 'a', 'b']);
  });
});
