import type * as z from 'zod/mini';
import { ALLOWED_EVENT_TYPES_HINT, isCatalogued, lookupEventType } from './catalogue';
import { type ErrorDetail, PayloadTooLargeError, ValidationError } from './errors';
import { AuditBatchInputSchema, AuditEventInputSchema, type AuditEventInput } from './event-schema';
import { jsonShapeDetails } from './json-shape';

/** Query-string parameters as API Gateway hands them over (the read routes' input). */
export type QueryStringParameters = Readonly<Record<string, string | undefined>> | null | undefined;

/** Largest accepted request body (API Gateway and direct invoke alike). */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Largest accepted single event, as JSON. */
const MAX_EVENT_BYTES = 32 * 1024;
/** How far in the future occurredAt may be (clock skew between DMIS hosts and us). */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;
/** The earliest accepted occurredAt: DMIS holds no earlier records, so an older one is a client bug. */
export const EARLIEST_OCCURRED_AT = '2000-01-01T00:00:00.000Z';

/**
 * Validates a whole ingest request — one event, or `{"events": [...]}` — and returns the
 * events only when every one of them is valid. Otherwise throws one error naming every
 * bad field by path, so nothing is ever stored from a partly bad request.
 */
export function parseIngestRequest(body: unknown, now: Date): IngestRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ValidationError('the body must be a JSON object: one event, or {"events": [...]}', [
      { path: '', message: 'expected a JSON object' },
    ]);
  }
  // Before any schema: zod drops __proto__ keys silently, and deep nesting must not reach recursive code.
  const shape = jsonShapeDetails(body);
  if (shape.length > 0) throw new ValidationError('the request is invalid; nothing was stored', shape);
  const batch = 'events' in body;
  const raws = batch ? parseBatch(body) : [body];
  const prefix = (i: number) => (batch ? `events[${i}]` : '');
  rejectOversized(raws, prefix);
  const details: ErrorDetail[] = [];
  const events: AuditEventInput[] = [];
  raws.forEach((raw, i) => {
    const parsed = AuditEventInputSchema.safeParse(raw);
    if (!parsed.success) details.push(...zodDetails(parsed.error, prefix(i)));
    else {
      details.push(...domainDetails(parsed.data, now, prefix(i)));
      events.push(normalised(parsed.data));
    }
  });
  details.push(...duplicateIdDetails(events, prefix));
  if (details.length > 0) throw new ValidationError('the request is invalid; nothing was stored', details);
  return { events, pathOf: prefix };
}

/** A valid ingest request: its events, and how to name event i in an error. */
export interface IngestRequest {
  readonly events: AuditEventInput[];
  readonly pathOf: (index: number) => string;
}

/** UUIDs compare case-insensitively; stored lower case so an upper-case retry is the same event. */
function normalised(event: AuditEventInput): AuditEventInput {
  return event.eventId === undefined ? event : { ...event, eventId: event.eventId.toLowerCase() };
}

function parseBatch(body: object): unknown[] {
  const parsed = AuditBatchInputSchema.safeParse(body);
  if (!parsed.success) throw new ValidationError('the batch is invalid; nothing was stored', zodDetails(parsed.error, ''));
  return parsed.data.events;
}

function rejectOversized(raws: unknown[], prefix: (i: number) => string): void {
  const details = raws.flatMap((raw, i) =>
    Buffer.byteLength(JSON.stringify(raw) ?? '') > MAX_EVENT_BYTES
      ? [{ path: prefix(i) || '.', message: `event is larger than ${MAX_EVENT_BYTES} bytes` }]
      : [],
  );
  if (details.length > 0) throw new PayloadTooLargeError('an event is too large; nothing was stored', details);
}

function domainDetails(event: AuditEventInput, now: Date, prefix: string): ErrorDetail[] {
  const details: ErrorDetail[] = unstorableValueDetails(event, prefix);
  const at = (field: string) => joinPath(prefix, field);
  if (!lookupEventType(event.eventType, event.category)) {
    details.push({ path: at('eventType'), message: `unknown event type; ${ALLOWED_EVENT_TYPES_HINT}` });
  } else if (event.category !== undefined && isCatalogued(event.eventType)) {
    details.push({ path: at('category'), message: 'category comes from the catalogue; only custom types may set it' });
  }
  const occurred = Date.parse(event.occurredAt);
  if (occurred > now.getTime() + MAX_FUTURE_SKEW_MS) {
    details.push({ path: at('occurredAt'), message: 'must not be more than 5 minutes in the future' });
  } else if (!(occurred >= Date.parse(EARLIEST_OCCURRED_AT))) {
    details.push({ path: at('occurredAt'), message: `must not be before ${EARLIEST_OCCURRED_AT}` });
  }
  return details;
}

// DynamoDB numbers hold magnitudes from 1e-130 to below 1e126; JSON.parse gives Infinity past 1e308.
const MIN_MAGNITUDE = 1e-130;
const MAX_MAGNITUDE = 1e126;

/**
 * Values JSON can carry but the store or RFC 8785 cannot: strings (or keys) with a lone
 * UTF-16 surrogate, empty keys, and numbers outside DynamoDB's range. Bad input, so a 400, never a 500.
 */
function unstorableValueDetails(value: unknown, path: string, found: ErrorDetail[] = []): ErrorDetail[] {
  // Pushes into one array rather than concatenating: this walks every value of every event.
  if (typeof value === 'string') {
    if (!value.isWellFormed()) found.push({ path: path || '.', message: 'text contains a lone UTF-16 surrogate; it has no canonical JSON form' });
  } else if (typeof value === 'number') {
    const magnitude = Math.abs(value);
    if (magnitude !== 0 && (magnitude < MIN_MAGNITUDE || magnitude >= MAX_MAGNITUDE)) {
      found.push({ path: path || '.', message: 'number is out of the storable range (1e-130 to 1e126)' });
    }
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) unstorableValueDetails(value[i], `${path}[${i}]`, found);
  } else if (value !== null && typeof value === 'object') {
    for (const key in value) {
      const child = (value as Record<string, unknown>)[key];
      if (key === '') found.push({ path: joinPath(path, '""'), message: 'keys must not be empty' });
      else if (!key.isWellFormed()) found.push({ path: joinPath(path, '?'), message: 'a key contains a lone UTF-16 surrogate' });
      else unstorableValueDetails(child, joinPath(path, key), found);
    }
  }
  return found;
}

function duplicateIdDetails(events: AuditEventInput[], prefix: (i: number) => string): ErrorDetail[] {
  const seen = new Set<string>();
  return events.flatMap((event, i) => {
    if (event.eventId === undefined) return [];
    if (!seen.has(event.eventId)) return (seen.add(event.eventId), []);
    return [{ path: joinPath(prefix(i), 'eventId'), message: 'the same eventId appears twice in the request' }];
  });
}

/** zod issues as details; messages come from the schema and never contain input values. */
export function zodDetails(error: z.core.$ZodError, prefix: string): ErrorDetail[] {
  return error.issues.flatMap((issue) => {
    const base = formatPath(prefix, issue.path);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: joinPath(base, key), message: 'unknown field' }));
    }
    return [{ path: base || '.', message: issue.message }];
  });
}

function formatPath(prefix: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : joinPath(acc, String(part))),
    prefix,
  );
}

/** `prefix.field`, or `field` alone at the root. */
export function joinPath(prefix: string, field: string): string {
  return prefix ? `${prefix}.${field}` : field;
}
