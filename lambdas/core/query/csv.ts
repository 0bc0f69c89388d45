import { neutraliseControls } from '../display-text';
import type { StoredEvent } from '../event-schema';

/**
 * CSV export rows (RFC 4180: CRLF line ends, quoted fields). Cells that a spreadsheet
 * would run as a formula — starting with `=`, `+`, `-`, `@`, tab or CR — get a leading
 * `'` (OWASP's CSV-injection advice), so opening an export never executes its content;
 * control characters other than tab and line breaks are shown as `\uXXXX`, so printing one
 * in a terminal never runs an escape sequence.
 */

/** Column names, in order. Nested details go into one JSON column. */
export const CSV_COLUMNS = [
  'eventId', 'occurredAt', 'eventType', 'category', 'severity', 'outcome', 'action',
  'actorUserId', 'actorIp', 'actorSessionId', 'targetType', 'targetId', 'reason',
  'source', 'ingestedAt', 'redactedPaths', 'contentHash', 'details',
] as const;

const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell safe for spreadsheets: formula triggers neutralised. */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One CSV field: neutralised, then quoted when it holds a quote, comma or line break. */
export function csvField(value: string | undefined): string {
  const safe = neutraliseCell(neutraliseControls(value ?? ''));
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV line (with its CRLF) from raw cell values. */
export function csvLine(cells: readonly (string | undefined)[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

/** The header line. */
export function csvHeader(): string {
  return csvLine(CSV_COLUMNS);
}

/** The CSV line of one event. */
export function csvRow(e: StoredEvent): string {
  const details = { previousState: e.previousState, newState: e.newState, changes: e.changes, metadata: e.metadata };
  const hasDetails = Object.values(details).some((v) => v !== undefined);
  return csvLine([
    e.eventId, e.occurredAt, e.eventType, e.category, e.severity, e.outcome, e.action,
    e.actor.userId, e.actor.ip, e.actor.sessionId, e.target?.type, e.target?.id, e.reason,
    e.source, e.ingestedAt, e.redactedPaths.join(';'), e.contentHash, hasDetails ? JSON.stringify(details) : undefined,
  ]);
}
