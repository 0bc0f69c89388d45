/**
 * Realistic stored events for every catalogue type and a custom one, as DMIS sends them
 * (the Django middleware's access-denied shape, a role grant naming its role, the verifier's
 * own findings), stored through the real buildStoredEvent. Also `siemExamples()`, the
 * records MONITORING.md shows ("What the SIEM receives"): print them with
 * `npx tsx test/unit/siem/sample-events.ts`; test/unit/siem/siem-docs.test.ts fails when
 * the page and the code disagree.
 */
import { buildStoredEvent } from '../../../lambdas/core/build-event';
import { EVENT_CATALOGUE } from '../../../lambdas/core/catalogue';
import type { AuditEventInput, StoredEvent } from '../../../lambdas/core/event-schema';
import { siemRecord } from '../../../lambdas/core/siem/records';
import { syslogMessage } from '../../../lambdas/core/siem/syslog';
import { anEvent } from '../../fixtures/events';

const INGESTED_AT = new Date('2026-11-20T10:15:31.250Z');
const SOURCE = 'arn:aws:iam::123456789012:role/dmis-api-writer';

/** What differs from the default sample (a donation update) for each type family. */
function inputFor(eventType: string): Partial<AuditEventInput> {
  const login = { actor: { userId: 'jdoe', ip: '198.51.100.23', userAgent: 'Mozilla/5.0' }, target: { type: 'user', id: 'jdoe' }, changes: undefined, metadata: undefined };
  const admin = { actor: { userId: 'idm-admin', roles: ['identity_admin'], ip: '203.0.113.7', sessionId: 's-77' }, target: { type: 'user', id: 'jdoe' }, changes: undefined };
  const verifier = { actor: { userId: 'audit-verifier' }, target: undefined, changes: undefined, metadata: { checkedBlocks: 1440 } };
  if (eventType === 'auth.login.failure') return { ...login, outcome: 'failure', reason: 'bad password' };
  if (eventType.startsWith('auth.login') || eventType === 'auth.logout') return login;
  if (eventType.startsWith('auth.')) return { ...login, metadata: { stage: 'completed' } };
  if (eventType === 'authz.role.grant') return { ...admin, metadata: { role: 'logistics_supervisor' } };
  if (eventType === 'authz.role.revoke') return { ...admin, changes: [{ field: 'roles', oldValue: ['logistics_officer', 'approver'], newValue: ['logistics_officer'] }] };
  if (eventType === 'authz.access.denied') {
    return { actor: { userId: 'officer-17', ip: '203.0.113.9' }, outcome: 'denied', target: { type: 'route', id: '/admin/users/' }, changes: undefined, metadata: { method: 'GET', path: '/admin/users/' } };
  }
  if (eventType.startsWith('account.')) return { ...admin, changes: [{ field: 'email', oldValue: 'a@example.gov', newValue: 'b@example.gov' }] };
  if (eventType === 'config.change') return { ...admin, target: { type: 'setting', id: 'dispatch.max_parcel_kg' }, changes: [{ field: 'value', oldValue: 40, newValue: 60 }] };
  if (eventType === 'audit.integrity.failed') return { ...verifier, outcome: 'failure', reason: 'block 1207: merkleRoot differs' };
  if (eventType.startsWith('audit.integrity')) return verifier;
  if (eventType.startsWith('audit.')) return { actor: { userId: 'auditor-3', ip: '192.0.2.44' }, target: undefined, changes: undefined, metadata: { from: '2026-11-01', to: '2026-11-20' } };
  if (eventType.startsWith('system.')) return { actor: { userId: 'dmis-worker' }, target: undefined, changes: undefined, outcome: 'error', reason: 'queue timeout' };
  if (eventType.endsWith('.create')) return { changes: undefined, newState: { quantity: 40, unit: 'kg' } };
  return {};
}

/** A stored event of the type, with a fixed id per type so examples are stable. */
export function storedSample(eventType: string, overrides: Partial<AuditEventInput> = {}): StoredEvent {
  const input = anEvent({ eventType, ...inputFor(eventType), ...overrides });
  return buildStoredEvent(input, { eventId: stableId(eventType), source: SOURCE, ingestedAt: INGESTED_AT });
}

/** Every catalogue type and one custom type. */
export const SAMPLE_TYPES = [...Object.keys(EVENT_CATALOGUE), 'custom.warehouse.stock_count'];

function stableId(text: string): string {
  let h = 0x811c9dc5;
  for (const c of text) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  const hex = h.toString(16).padStart(8, '0');
  return `${hex}-7d4b-4c1e-9a2f-${hex}${hex.slice(0, 4)}`;
}

/** The examples MONITORING.md shows, keyed by their heading in the page. */
export function siemExamples(): Record<string, string> {
  const failedLogin = storedSample('auth.login.failure');
  const grant = storedSample('authz.role.grant');
  return {
    'CEF in RFC 5424 syslog': syslogMessage({ hostname: 'audit.dmis.example.gov' }, failedLogin, siemRecord('cef', failedLogin).body),
    JSON: siemRecord('json', failedLogin).body,
    'OCSF 1.8.0': JSON.stringify(JSON.parse(siemRecord('ocsf', grant).body), null, 2),
  };
}

if (process.argv[1]?.endsWith('sample-events.ts')) {
  for (const [title, text] of Object.entries(siemExamples())) console.log(`#### ${title}\n\n\`\`\`\n${text}\n\`\`\`\n`);
}
