/**
 * What the OCSF mapping reads from an event's free-form fields, by the conventions DMIS
 * writes them in: the role a grant names, the HTTP method of a denied request.
 */
import type { StoredEvent } from '../event-schema';

/**
 * The roles granted or revoked: `metadata.role`/`roles`/`privilege`/`privileges` (strings),
 * else the roles the `changes` entry of field `role` or `roles` added (grant) or removed
 * (revoke); `["unknown"]` when the event names none (OCSF requires the attribute).
 */
export function privilegesOf(event: StoredEvent): string[] {
  const meta = event.metadata ?? {};
  const named = ['role', 'roles', 'privilege', 'privileges'].flatMap((key) => strings(meta[key]));
  if (named.length > 0) return named;
  const grant = event.eventType !== 'authz.role.revoke';
  const change = event.changes?.find((c) => c.field === 'role' || c.field === 'roles');
  const before = new Set(strings(change?.oldValue));
  const after = new Set(strings(change?.newValue));
  const moved = grant ? [...after].filter((r) => !before.has(r)) : [...before].filter((r) => !after.has(r));
  return moved.length > 0 ? moved : ['unknown'];
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

const HTTP_METHODS = new Set(['CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE']);
const ACTIVITY_OF_METHOD: Readonly<Record<string, number>> = { GET: 2, HEAD: 2, POST: 1, PUT: 3, PATCH: 3, DELETE: 4 };

/** `metadata.method` when it is an HTTP method (the Django middleware records it with a 403), upper-case. */
export function httpMethodOf(event: StoredEvent): string | undefined {
  const method = event.metadata?.method;
  return typeof method === 'string' && HTTP_METHODS.has(method.toUpperCase()) ? method.toUpperCase() : undefined;
}

/** API Activity's activity for the method: GET/HEAD Read, POST Create, PUT/PATCH Update, DELETE Delete, else Unknown. */
export function activityOfMethod(method: string | undefined): number {
  return (method && ACTIVITY_OF_METHOD[method]) || 0;
}
