/** The compliance report rendered as sections and tables, in the order the Markdown form uses. */
import type { ComplianceReport } from '../api/types';
import { h } from '../dom';
import { duration, time } from '../format';
import { hashOf } from '../router';

type Cell = string | number;

function table(caption: string, head: readonly string[], rows: readonly (readonly Cell[])[]): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'muted' }, `${caption}: none.`);
  return h('table', {}, h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', { class: typeof c === 'number' ? 'num' : undefined }, c))))));
}

function section(title: string, ...content: (Node | string)[]): HTMLElement {
  return h('section', { class: 'report-section' }, h('h3', {}, title), ...content);
}

/** The whole report. */
export function reportView(report: ComplianceReport): HTMLElement {
  const integrity = report.integrity;
  return h('div', { id: 'report' },
    h('p', {}, `Period ${time(report.period.from)} – ${time(report.period.to)}; generated ${time(report.generatedAt)} by ${report.generatedBy}.`),
    section('Integrity', h('p', { id: 'report-integrity' }, `${integrity.status}${integrity.blocksChecked !== undefined ? `: ${integrity.blocksChecked} blocks, ${integrity.eventsChecked ?? 0} events checked` : ''}`),
      table('Findings', ['code', 'block', 'event', 'message'], (integrity.findings ?? []).map((f) => [f.code, f.seq ?? '', f.eventId ?? '', f.message]))),
    section('Coverage', h('p', { id: 'report-total' }, `${report.coverage.totalEvents} events; first ${time(report.coverage.firstEvent ?? undefined) || '—'}, last ${time(report.coverage.lastEvent ?? undefined) || '—'}.`),
      table('Silences of 6 hours or more', ['from', 'to', 'hours'], report.coverage.gaps.map((g) => [time(g.from), time(g.to), g.hours]))),
    section('Event types', table('Events by type', ['event type', 'category', 'events', 'not successful'], report.eventTypes.map((t) => [t.eventType, t.category, t.count, t.failures]))),
    section('Users', table('Activity by user', ['user', 'events', 'failures', 'denials', 'first seen', 'last seen'], report.users.map((u) => [u.userId, u.events, u.failures, u.denials, time(u.firstSeen), time(u.lastSeen)]))),
    section('High and critical events', h('p', {}, `${report.highAndCritical.total} in the period.`),
      h('ul', {}, ...report.highAndCritical.listed.slice(0, 50).map((e) => h('li', {}, h('a', { href: hashOf('event', [e.eventId]) }, time(e.occurredAt)), ` ${e.eventType} (${e.severity}, ${e.outcome}) by ${e.userId}`)))),
    section('Failed logins', h('p', { id: 'report-failed-logins' }, `${report.failedLogins.total} failed logins.`),
      table('By user', ['user', 'count'], report.failedLogins.byUser.map((k) => [k.key, k.count])),
      table('By source IP', ['source IP', 'count'], report.failedLogins.byIp.map((k) => [k.key, k.count]))),
    section('Access denied', h('p', {}, `${report.denials.total} denials.`),
      table('By user', ['user', 'count'], report.denials.byUser.map((k) => [k.key, k.count])),
      table('By source IP', ['source IP', 'count'], report.denials.byIp.map((k) => [k.key, k.count]))),
    section('Late arrivals', h('p', {}, `${report.lateArrivals.total} late arrival(s)${report.lateArrivals.maxDelaySeconds !== null ? `, longest delay ${duration(report.lateArrivals.maxDelaySeconds)}` : ''}.`)));
}
