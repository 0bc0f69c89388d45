/**
 * Stats: the API's counts for a period (`GET /v1/stats`) and charts over time built from
 * the period's events (`GET /v1/events`, newest first, at most MAX_PAGES pages): events
 * per hour by category, failed logins and denials over time, top actors and source IPs.
 */
import { sourceIpName } from '../../../lambdas/core/privacy/sealed-ip';
import { getJson } from '../api/client';
import type { SearchPage, Stats, StoredEvent } from '../api/types';
import type { ApiTransport } from '../api/transport';
import { barList, columnChart } from '../charts';
import type { Page } from '../context';
import { append, errorBox, h, replaceChildren } from '../dom';
import { paramsOf } from '../router';
import { periodForm, periodOf } from './period-form';

const MAX_PAGES = 20;
const PAGE_SIZE = '500';
const HOUR_MS = 3_600_000;

/** `#/stats?from&to` (default: the last 24 hours). */
export const statsPage: Page = async ({ api, view, route }) => {
  const period = periodOf(paramsOf(route), 24);
  const body = h('div', { 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Loading…'));
  append(view, h('h1', { tabindex: -1 }, 'Stats'), periodForm('stats', period, 'Stats period'), body);
  try {
    const [stats, sample] = await Promise.all([getJson<Stats>(api, '/v1/stats', period), eventsOf(api, period)]);
    replaceChildren(body, cards(stats), charts(stats, sample.events, period),
      sample.complete ? null : h('p', { class: 'muted' }, `The charts over time show the newest ${sample.events.length} events of the period; the counts above cover all of it.`));
  } catch (error) {
    replaceChildren(body, errorBox(error));
  }
};

async function eventsOf(api: ApiTransport, period: { from: string; to: string }): Promise<{ events: StoredEvent[]; complete: boolean }> {
  const events: StoredEvent[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer: SearchPage = await getJson<SearchPage>(api, '/v1/events', { ...period, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
    events.push(...answer.events);
    cursor = answer.nextCursor;
    if (!cursor) return { events, complete: true };
  }
  return { events, complete: false };
}

function cards(stats: Stats): HTMLElement {
  const card = (label: string, value: number, id: string) => h('div', { class: 'card' }, h('div', { class: 'value', id }, value), h('div', {}, label));
  return h('div', { class: 'cards' },
    card('events in the period', stats.total, 'stat-total'),
    card('failed logins, last 24 h', stats.failedLoginsLast24h, 'stat-failed-logins'),
    card('access denied, last 24 h', stats.denialsLast24h, 'stat-denials'),
    card('critical events, last 7 days', stats.criticalLast7d, 'stat-critical'),
    card('denied in the period', stats.byOutcome.denied ?? 0, 'stat-denied-period'));
}

function charts(stats: Stats, events: readonly StoredEvent[], period: { from: string; to: string }): HTMLElement {
  const buckets = bucketsOf(period);
  const categories = Object.keys(stats.byCategory).sort();
  const perCategory = categories.map((name) => ({ name, values: countBy(events.filter((e) => e.category === name), buckets) }));
  const failed = countBy(events.filter((e) => e.eventType === 'auth.login.failure'), buckets);
  const denied = countBy(events.filter((e) => e.outcome === 'denied'), buckets);
  return h('div', { class: 'charts' },
    columnChart(`Events per ${buckets.unit} by category`, buckets.labels, perCategory),
    columnChart(`Failed logins per ${buckets.unit}`, buckets.labels, [{ name: 'failed logins', values: failed }]),
    columnChart(`Access denied per ${buckets.unit}`, buckets.labels, [{ name: 'denied', values: denied }]),
    barList('Top actors', stats.topActors.map((a) => ({ label: a.userId, value: a.count }))),
    barList('Top source IPs', topIps(events)));
}

interface Buckets {
  readonly start: number;
  readonly size: number;
  readonly labels: string[];
  readonly unit: 'hour' | 'day';
}

/** Hours for periods up to three days, days beyond. */
function bucketsOf(period: { from: string; to: string }): Buckets {
  const from = Date.parse(period.from);
  const to = Date.parse(period.to);
  const size = to - from <= 72 * HOUR_MS ? HOUR_MS : 24 * HOUR_MS;
  const start = Math.floor(from / size) * size;
  const labels: string[] = [];
  for (let t = start; t < to; t += size) labels.push(new Date(t).toISOString().slice(size === HOUR_MS ? 5 : 0, size === HOUR_MS ? 13 : 10).replace('T', ' '));
  return { start, size, labels, unit: size === HOUR_MS ? 'hour' : 'day' };
}

function countBy(events: readonly StoredEvent[], buckets: Buckets): number[] {
  const counts = new Array<number>(buckets.labels.length).fill(0);
  for (const event of events) {
    const i = Math.floor((Date.parse(event.occurredAt) - buckets.start) / buckets.size);
    if (i >= 0 && i < counts.length) counts[i] = (counts[i] ?? 0) + 1;
  }
  return counts;
}

/** Sealed addresses count by their blind name (`h:<blind>`, the same for the same address). */
function topIps(events: readonly StoredEvent[]): { label: string; value: number }[] {
  const counts = new Map<string, number>();
  for (const event of events) {
    const ip = sourceIpName(event.actor?.ip);
    if (ip) counts.set(ip, (counts.get(ip) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 10).map(([label, value]) => ({ label, value }));
}
