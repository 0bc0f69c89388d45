import { neutraliseControls } from '../display-text';
import { formatDelay } from '../late-arrival';
import type { ComplianceReport, IntegrityStatus } from './api-schemas';

/**
 * The compliance report as Markdown, for filing. Cells are escaped so event data cannot break
 * the tables, and control characters are shown as `\uXXXX` so printing it in a terminal is safe.
 */
export function renderReportMarkdown(r: ComplianceReport): string {
  const out: string[] = [
    `# DMIS audit trail — compliance report`,
    '',
    `Period: ${r.period.from} to ${r.period.to} (end exclusive). Generated ${r.generatedAt} by ${cell(r.generatedBy)}.`,
    '',
    ...integritySection(r.integrity),
    ...lateSealedSection(r),
    '## Coverage',
    '',
    `Events: ${r.coverage.totalEvents}; first ${r.coverage.firstEvent ?? '—'}; last ${r.coverage.lastEvent ?? '—'}.`,
    '',
    ...table(['Gap from', 'Gap to', 'Hours'], r.coverage.gaps.map((g) => [g.from, g.to, String(g.hours)])),
    ...lateArrivalsSection(r),
    '## Event types',
    '',
    ...table(['Event type', 'Category', 'Count', 'Not successful'], r.eventTypes.map((t) => [t.eventType, t.category, String(t.count), String(t.failures)])),
    '## User activity',
    '',
    ...table(['User', 'Events', 'Failures', 'Denials', 'First seen', 'Last seen'], r.users.map((u) => [u.userId, String(u.events), String(u.failures), String(u.denials), u.firstSeen, u.lastSeen])),
    `## High and critical events (${r.highAndCritical.total})`,
    '',
    ...table(['Occurred', 'Type', 'Severity', 'Outcome', 'User', 'Target', 'Event id'], r.highAndCritical.listed.map((e) => [
      e.occurredAt, e.eventType, e.severity, e.outcome, e.userId, e.target ? `${e.target.type}/${e.target.id}` : '', e.eventId,
    ])),
    `## Failed logins (${r.failedLogins.total})`,
    '',
    ...table(['User', 'Count'], r.failedLogins.byUser.map((x) => [x.key, String(x.count)])),
    ...table(['Source IP', 'Count'], r.failedLogins.byIp.map((x) => [x.key, String(x.count)])),
    `## Denials (${r.denials.total})`,
    '',
    ...table(['User', 'Count'], r.denials.byUser.map((x) => [x.key, String(x.count)])),
    ...table(['Source IP', 'Count'], r.denials.byIp.map((x) => [x.key, String(x.count)])),
  ];
  return `${neutraliseControls(out.join('\n')).trimEnd()}\n`;
}

/** The verifier's verdict on the period, with its error findings (shared with the scheduled reports). */
export function integritySection(i: IntegrityStatus): string[] {
  return [
    '## Integrity',
    '',
    `Status: **${i.status}**` + (i.blocksChecked === undefined ? '' : ` (${i.blocksChecked} blocks, ${i.eventsChecked ?? 0} events checked)`),
    ...(i.findings ?? []).map((f) => `- ${f.code}${f.seq === undefined ? '' : ` block ${f.seq}`}${f.eventId ? ` event ${f.eventId}` : ''}: ${cell(f.message)}`),
    '',
  ];
}

/** A Markdown table of escaped cells, or "None." when there are no rows. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  if (rows.length === 0) return ['None.', ''];
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
    '',
  ];
}

/** Pipes, backslashes, line breaks and HTML-ish characters in event data must not alter the document. */
export function cell(value: string): string {
  return value.replace(/[\\|`*_<>[\]]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ');
}

/** Events sealed into a later block than their interval's: each a slow write or an insert into the past. */
function lateSealedSection(r: ComplianceReport): string[] {
  const late = r.integrity.lateSealedEvents ?? [];
  if (late.length === 0) return [];
  return [
    `### Late-sealed events (${late.length})`,
    '',
    ...table(['Event', 'Sealed in block', 'Seal delay (s)'], late.map((l) => [l.eventId, String(l.seq), l.sealDelaySeconds === undefined ? '—' : String(l.sealDelaySeconds)])),
  ];
}

/** Events that reached the server long after they occurred (a client's outbox bridging an outage). */
function lateArrivalsSection(r: ComplianceReport): string[] {
  const l = r.lateArrivals;
  const max = l.maxDelaySeconds === null ? '' : `; longest delay ${formatDelay(l.maxDelaySeconds)} (${l.maxDelaySeconds} s)`;
  return [
    `## Late arrivals (${l.total})`,
    '',
    `Events stored more than ${l.thresholdSeconds} s after they occurred${max}.` + (l.total > l.latest.length ? ` The ${l.latest.length} latest ingested:` : ''),
    '',
    ...table(['Occurred', 'Ingested', 'Delay', 'Type', 'User', 'Event id'], l.latest.map((e) => [
      e.occurredAt, e.ingestedAt, formatDelay(e.delaySeconds), e.eventType, e.userId, e.eventId,
    ])),
  ];
}
