/**
 * The OCSF 1.8.0 record of a stored event: the class and activity from ocsf-classes.ts,
 * the common attributes every class has (time, severity, status, metadata), the class's own
 * attributes (user, privileges, api, resources, finding), and every stored field OCSF has
 * no place for, `contentHash` first, in `unmapped`, so nothing the trail stored is lost.
 *
 * A sealed personal value (privacy/sealed-value.ts) fills no OCSF attribute: a sealed
 * address is no `src_endpoint.ip`, a sealed user agent no `http_request.user_agent`, a
 * sealed session id no `session.uid`. The sealed strings stay in `unmapped.sealedActor`,
 * and a sealed address's blind index in `unmapped.sourceIpBlind` (`h:<blind>`, the same
 * for the same address), so a SIEM can still group by source.
 */
import { lookupEventType, type Severity } from '../catalogue';
import type { Outcome, StoredEvent } from '../event-schema';
import { clearIpOf, sealedIpName } from '../privacy/sealed-ip';
import { ACTIVITY_NAMES, OCSF_CLASSES, ocsfMappingOf, type OcsfClassName } from './ocsf-classes';
import { activityOfMethod, httpMethodOf, privilegesOf } from './ocsf-facts';
import { SIEM_PRODUCT } from './product';
import { clear, sealedActorOf } from './sealed-fields';

/** The OCSF schema version our records follow. */
export const OCSF_VERSION = '1.8.0';

/** One OCSF event: the attributes every class has, typed; the class's own ones beside them. */
export interface OcsfRecord {
  readonly class_uid: number;
  readonly category_uid: number;
  readonly activity_id: number;
  readonly type_uid: number;
  readonly severity_id: number;
  readonly time: number;
  readonly metadata: { readonly version: string; readonly uid: string; readonly [key: string]: unknown };
  readonly unmapped: { readonly contentHash: string; readonly [key: string]: unknown };
  readonly [attribute: string]: unknown;
}

const SEVERITY: Readonly<Record<Severity, readonly [number, string]>> = {
  low: [2, 'Low'], medium: [3, 'Medium'], high: [4, 'High'], critical: [5, 'Critical'],
};
const STATUS: Readonly<Record<Outcome, readonly [number, string]>> = {
  success: [1, 'Success'], failure: [2, 'Failure'], denied: [2, 'Failure'], error: [2, 'Failure'],
};
/** Classes whose `actor`, `src_endpoint` and `http_request` are their own (not a profile's). */
const WITH_ACTOR = new Set<OcsfClassName>(['authentication', 'account_change', 'user_access', 'api_activity']);
const USER_TARGETS = new Set(['user', 'account']);

/** The event as an OCSF 1.8.0 record. */
export function ocsfEvent(event: StoredEvent): OcsfRecord {
  const mapping = ocsfMappingOf(event.eventType, event.category);
  const cls = OCSF_CLASSES[mapping.className];
  const denied = event.eventType === 'authz.access.denied';
  const activityId = denied ? activityOfMethod(httpMethodOf(event)) : mapping.activityId;
  const activityName = ACTIVITY_NAMES[mapping.className][activityId] ?? titleCase(event.action);
  const [severityId, severity] = SEVERITY[event.severity];
  const [statusId, status] = mapping.className === 'compliance_finding' ? [1, 'New'] : STATUS[event.outcome];
  return {
    class_uid: cls.uid,
    class_name: cls.name,
    category_uid: cls.categoryUid,
    category_name: cls.categoryName,
    activity_id: activityId,
    activity_name: activityName,
    type_uid: cls.uid * 100 + activityId,
    type_name: `${cls.name}: ${activityName}`,
    severity_id: severityId,
    severity,
    time: Date.parse(event.occurredAt),
    message: lookupEventType(event.eventType, event.category)?.description ?? event.eventType,
    status_id: statusId,
    status,
    status_code: event.outcome,
    ...(event.reason !== undefined ? { status_detail: event.reason } : {}),
    metadata: metadataOf(event, denied),
    ...(WITH_ACTOR.has(mapping.className) ? actorAttributes(event, mapping.className === 'api_activity') : {}),
    ...classAttributes(mapping.className, event),
    ...(denied ? { action_id: 2, action: 'Denied', disposition_id: 2, disposition: 'Blocked' } : {}),
    unmapped: unmappedOf(event, WITH_ACTOR.has(mapping.className)),
  };
}

function metadataOf(event: StoredEvent, denied: boolean): OcsfRecord['metadata'] {
  return {
    version: OCSF_VERSION,
    product: { name: SIEM_PRODUCT.name, vendor_name: SIEM_PRODUCT.vendor, version: SIEM_PRODUCT.version },
    uid: event.eventId,
    event_code: event.eventType,
    original_time: event.occurredAt,
    logged_time: Date.parse(event.ingestedAt),
    log_name: 'audit',
    ...(denied ? { profiles: ['security_control'] } : {}),
  };
}

/** actor, src_endpoint and http_request; API Activity requires a source endpoint: the caller principal without an IP. */
function actorAttributes(event: StoredEvent, needsEndpoint: boolean): Record<string, unknown> {
  const { actor } = event;
  const method = httpMethodOf(event);
  const ip = clearIpOf(actor.ip);
  const [userAgent, sessionId] = [clear(actor.userAgent), clear(actor.sessionId)];
  const source = ip !== undefined ? { ip } : needsEndpoint ? { svc_name: event.source } : undefined;
  const request = { ...(userAgent !== undefined ? { user_agent: userAgent } : {}), ...(method ? { http_method: method } : {}) };
  return {
    actor: { user: { uid: actor.userId }, ...(sessionId !== undefined ? { session: { uid: sessionId } } : {}) },
    ...(source ? { src_endpoint: source } : {}),
    ...(Object.keys(request).length > 0 ? { http_request: request } : {}),
  };
}

function classAttributes(className: OcsfClassName, event: StoredEvent): Record<string, unknown> {
  const subject = { uid: event.target && USER_TARGETS.has(event.target.type) ? event.target.id : event.actor.userId };
  const description = lookupEventType(event.eventType, event.category)?.description ?? event.eventType;
  switch (className) {
    case 'authentication':
      return { user: subject, service: { name: 'DMIS' } };
    case 'account_change':
      return { user: subject };
    case 'user_access':
      return { user: subject, privileges: privilegesOf(event) };
    case 'api_activity':
      return { api: { operation: event.eventType }, ...(event.target ? { resources: [{ type: event.target.type, uid: event.target.id }] } : {}) };
    case 'compliance_finding':
      return { finding_info: { uid: event.eventId, title: description }, compliance: complianceOf(event) };
    case 'application_error':
    case 'base_event':
      return {};
  }
}

function complianceOf(event: StoredEvent): Record<string, unknown> {
  const pass = event.eventType === 'audit.integrity.verified';
  return {
    control: event.eventType === 'audit.integrity.monitoring_drift' ? 'SI-4' : 'AU-9',
    standards: ['NIST SP 800-53 Rev. 5'],
    status_id: pass ? 1 : 3,
    status: pass ? 'Pass' : 'Fail',
  };
}

function titleCase(action: string): string {
  return action.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
}

/** Every stored field with no OCSF attribute of its own. */
function unmappedOf(event: StoredEvent, actorMapped: boolean): OcsfRecord['unmapped'] {
  const { contentHash, category, action, source, schemaVersion, retention, redactedPaths, target, changes, previousState, newState, metadata, actor } = event;
  const sourceIpBlind = sealedIpName(actor.ip);
  return {
    contentHash,
    category,
    action,
    source,
    schemaVersion,
    retention,
    redactedPaths,
    ...(actorMapped ? { ...(actor.roles ? { actorRoles: actor.roles } : {}), ...sealedActorOf(actor) } : { actor }),
    ...(sourceIpBlind !== undefined ? { sourceIpBlind } : {}),
    ...(target ? { target } : {}),
    ...(changes ? { changes } : {}),
    ...(previousState ? { previousState } : {}),
    ...(newState ? { newState } : {}),
    ...(metadata ? { metadata } : {}),
  };
}
