import { describe, expect, it } from '@jest/globals';
import type { TableChange } from '../../../lambdas/core/monitoring/table-change';
import { securityLineOf } from '../../../lambdas/core/monitoring/security-line';
import { blindNameOf, sealedIp } from '../../fixtures/sealed-actor';

const storedEvent = {
  eventId: 'e-1',
  eventType: 'donation.update',
  category: 'data_change',
  severity: 'medium',
  outcome: 'success',
  occurredAt: '2026-11-20T10:15:30.000Z',
  actor: { userId: 'officer-17', ip: '203.0.113.7', sessionId: 's-secret-ish' },
  target: { type: 'donation', id: 'DN-2041' },
  reason: 'r',
  metadata: { token: '[REDACTED]' },
  changes: [{ field: 'quantity' }],
};
const insert = (newItem: Record<string, unknown>): TableChange => ({
  kind: 'INSERT',
  item: { kind: 'event', eventId: String(newItem.eventId) },
  newItem,
  byTimeToLive: false,
  changedAt: '2026-11-20T10:16:00.000Z',
});

describe('securityLineOf', () => {
  it('copies only the listed fields of a new event', () => {
    // Act
    const line = securityLineOf(insert(storedEvent));
    // Assess
    expect(line).toEqual({
      logType: 'security',
      streamEvent: 'INSERT',
      expected: true,
      eventId: 'e-1',
      eventType: 'donation.update',
      category: 'data_change',
      severity: 'medium',
      outcome: 'success',
      actorUserId: 'officer-17',
      sourceIp: '203.0.113.7',
      targetType: 'donation',
      targetId: 'DN-2041',
      recordType: 'donation',
      occurredAt: '2026-11-20T10:15:30.000Z',
    });
  });

  it('gives no recordType to events outside the six DMIS record types', () => {
    const line = securityLineOf(insert({ ...storedEvent, eventType: 'auth.login.failure' }));
    expect(line?.recordType).toBeUndefined();
  });

  it('ignores a new block (not a security event)', () => {
    const change: TableChange = {
      kind: 'INSERT',
      item: { kind: 'other', key: 'BLOCK/000000000001' },
      newItem: { seq: 1 },
      byTimeToLive: false,
      changedAt: '2026-11-20T10:16:00.000Z',
    };
    expect(securityLineOf(change)).toBeUndefined();
  });

  it('marks a REMOVE by TTL expiry as expected', () => {
    // Prepare
    const change: TableChange = {
      kind: 'REMOVE',
      item: { kind: 'event', eventId: 'e-1' },
      byTimeToLive: true,
      changedAt: '2033-01-01T00:00:00.000Z',
    };
    // Act
    const line = securityLineOf(change);
    // Assess
    expect(line).toMatchObject({
      streamEvent: 'REMOVE',
      expected: true,
      removedBy: 'ttl',
      eventType: 'audit.item.expired',
      severity: 'low',
      actorUserId: 'dynamodb.amazonaws.com',
    });
  });

  it('marks a REMOVE by a principal as unexpected and critical', () => {
    const change: TableChange = {
      kind: 'REMOVE',
      item: { kind: 'event', eventId: 'e-1' },
      byTimeToLive: false,
      changedAt: '2026-11-20T10:16:00.000Z',
    };
    expect(securityLineOf(change)).toMatchObject({
      expected: false,
      removedBy: 'principal',
      eventType: 'audit.item.removed',
      severity: 'critical',
      targetId: 'e-1',
    });
  });

  it('marks a MODIFY of a block as unexpected', () => {
    const change: TableChange = {
      kind: 'MODIFY',
      item: { kind: 'other', key: 'BLOCK/000000000007' },
      newItem: { seq: 7 },
      byTimeToLive: false,
      changedAt: '2026-11-20T10:16:00.000Z',
    };
    expect(securityLineOf(change)).toMatchObject({
      streamEvent: 'MODIFY',
      expected: false,
      eventType: 'audit.item.modified',
      targetType: 'audit_item',
      targetId: 'BLOCK/000000000007',
    });
  });

  it('names a sealed source address by its blind, never by its ciphertext or plaintext', () => {
    // Prepare
    const actor = { userId: 'officer-17', ip: sealedIp('203.0.113.7', 'e-1'), sessionId: 'pii:v1:k-1::QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9w' };
    // Act
    const line = securityLineOf(insert({ ...storedEvent, actor }));
    // Assess
    expect(line?.sourceIp).toBe(blindNameOf('203.0.113.7'));
    expect(JSON.stringify(line)).not.toMatch(/pii:v1:|203\.0\.113\.7/);
  });

  it('names the same sealed address alike in every event', () => {
    const lines = ['e-1', 'e-2'].map((eventId) => securityLineOf(insert({ ...storedEvent, eventId, actor: { userId: 'u', ip: sealedIp('2001:db8::7', eventId) } })));
    expect(lines[0]?.sourceIp).toBe(lines[1]?.sourceIp);
  });

  it('leaves out a sealed address that has no blind index', () => {
    const ip = 'pii:v1:k-1::QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9w';
    expect(securityLineOf(insert({ ...storedEvent, actor: { userId: 'u', ip } }))).not.toHaveProperty('sourceIp');
  });
});
