/**
 * The security line: one flat JSON object per audit-table change, written to the security
 * log group. It carries exactly the fields the metric filters, Contributor Insights and a
 * SIEM need, copied field by field from the (already redacted) stored event, so nothing
 * else of the event (states, changes, metadata, reasons) can ever reach the log. A sealed
 * source address goes as its blind index (`h:<blind>`, privacy/sealed-ip.ts): never its
 * plaintext nor its ciphertext, and the same for the same address, so the per-IP metric
 * filters, Contributor Insights and the detector count it as before.
 */
import { DMIS_RECORD_TYPES } from '../catalogue';
import { sourceIpName } from '../privacy/sealed-ip';
import type { TableChange, TableChangeKind } from './table-change';

/** Marks our lines among the function's other log output; every rule pattern requires it. */
export const SECURITY_LOG_TYPE = 'security';

/** The one shape of a security line. */
export interface SecurityLine {
  readonly logType: typeof SECURITY_LOG_TYPE;
  readonly streamEvent: TableChangeKind;
  /** False for a MODIFY, or a REMOVE that TTL expiry did not make: append-only was broken. */
  readonly expected: boolean;
  /** Only on REMOVE: who removed the item. */
  readonly removedBy?: 'ttl' | 'principal';
  readonly eventId: string;
  readonly eventType: string;
  readonly category: string;
  readonly severity: string;
  readonly outcome: string;
  readonly actorUserId: string;
  /** actor.ip as stored when clear; `h:<blind>` when sealed. */
  readonly sourceIp?: string;
  readonly targetType?: string;
  readonly targetId?: string;
  /** The DMIS record type for the six audited record kinds, so change volume can be split by it. */
  readonly recordType?: string;
  readonly occurredAt: string;
}

const RECORD_TYPES = new Set<string>(DMIS_RECORD_TYPES);

/** The line for a table change, or undefined for changes that are not security-relevant (a new block). */
export function securityLineOf(change: TableChange): SecurityLine | undefined {
  const { item } = change;
  if (change.kind === 'INSERT') return item.kind === 'event' && change.newItem ? eventLine(change.newItem) : undefined;
  return item.kind === 'event'
    ? tamperLine(change, 'audit_event', item.eventId)
    : tamperLine(change, 'audit_item', item.key);
}

function eventLine(item: Readonly<Record<string, unknown>>): SecurityLine {
  const actor = (item.actor ?? {}) as Record<string, unknown>;
  const target = item.target as Record<string, unknown> | undefined;
  const eventType = String(item.eventType);
  const sourceIp = sourceIpName(actor.ip);
  const recordType = eventType.slice(0, eventType.lastIndexOf('.'));
  return {
    logType: SECURITY_LOG_TYPE,
    streamEvent: 'INSERT',
    expected: true,
    eventId: String(item.eventId),
    eventType,
    category: String(item.category),
    severity: String(item.severity),
    outcome: String(item.outcome),
    actorUserId: String(actor.userId),
    ...(sourceIp !== undefined ? { sourceIp } : {}),
    ...(target ? { targetType: String(target.type), targetId: String(target.id) } : {}),
    ...(RECORD_TYPES.has(recordType) ? { recordType } : {}),
    occurredAt: String(item.occurredAt),
  };
}

/** A MODIFY or REMOVE on an append-only table: evidence of tampering unless TTL expired it. */
function tamperLine(change: TableChange, targetType: string, targetId: string): SecurityLine {
  const expected = change.kind === 'REMOVE' && change.byTimeToLive;
  return {
    logType: SECURITY_LOG_TYPE,
    streamEvent: change.kind,
    expected,
    ...(change.kind === 'REMOVE' ? ({ removedBy: change.byTimeToLive ? 'ttl' : 'principal' } as const) : {}),
    eventId: targetType === 'audit_event' ? targetId : '-',
    eventType:
      change.kind === 'MODIFY' ? 'audit.item.modified' : expected ? 'audit.item.expired' : 'audit.item.removed',
    category: 'audit',
    severity: expected ? 'low' : 'critical',
    outcome: 'success',
    actorUserId: change.byTimeToLive ? 'dynamodb.amazonaws.com' : 'unknown',
    targetType,
    targetId,
    occurredAt: change.changedAt,
  };
}
