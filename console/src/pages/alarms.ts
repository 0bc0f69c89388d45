/**
 * Alarms: the state of every alarm (`GET /v1/alarms`), the rule behind it (the one rule
 * set, lambdas/core/monitoring/rules.ts, with the deployment's threshold from the API), and
 * for rules over the security line, the recent events that rule counts: each event's
 * security line is built and matched with the same code the stream processor and the
 * local alarms use.
 */
import { getJson } from '../api/client';
import type { AlarmList, SearchPage, StoredEvent } from '../api/types';
import { renderFilterPattern } from '../../../lambdas/core/monitoring/filter-pattern';
import { compileFilterPattern } from '../../../lambdas/core/monitoring/filter-pattern-evaluator';
import { monitoringRules } from '../../../lambdas/core/monitoring/rules';
import type { MonitoringRule } from '../../../lambdas/core/monitoring/rule-types';
import { securityLineOf } from '../../../lambdas/core/monitoring/security-line';
import { sourceIpName } from '../../../lambdas/core/privacy/sealed-ip';
import type { Page } from '../context';
import { append, errorBox, h, replaceChildren } from '../dom';
import { hoursAgo, time } from '../format';
import { hashOf } from '../router';

/** How far back the page looks for triggering events, and how many it lists per alarm. */
const LOOKBACK_HOURS = 24;
const LISTED = 5;

/** `#/alarms`. */
export const alarmsPage: Page = async ({ api, view }) => {
  const body = h('div', { 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Loading…'));
  append(view, h('h1', { tabindex: -1 }, 'Alarms'), body);
  try {
    const [list, recent] = await Promise.all([
      getJson<AlarmList>(api, '/v1/alarms'),
      getJson<SearchPage>(api, '/v1/events', { from: hoursAgo(LOOKBACK_HOURS), limit: '500' }),
    ]);
    const rules = new Map(monitoringRules().map((rule) => [rule.name, rule]));
    const alarming = list.alarms.filter((a) => a.state === 'ALARM').length;
    replaceChildren(body, h('p', { id: 'alarm-summary' }, `${list.alarms.length} alarms, ${alarming} in ALARM.`),
      ...list.alarms.map((alarm) => alarmSection(alarm, rules.get(alarm.name), recent.events)));
  } catch (error) {
    replaceChildren(body, errorBox(error));
  }
};

function alarmSection(alarm: AlarmList['alarms'][number], rule: MonitoringRule | undefined, events: readonly StoredEvent[]): HTMLElement {
  const section = h('section', { class: 'report-section', 'aria-label': alarm.name },
    h('h2', {}, `${alarm.name} `, h('span', { class: `badge state-${alarm.state}` }, alarm.state)),
    h('p', {}, `${alarm.value} in the latest period, threshold ${alarm.threshold}; in this state since ${time(alarm.since)}.`));
  if (!rule) return section;
  append(section, h('p', {}, `${rule.severity}: ${rule.meaning} Period ${rule.periodMinutes} min, ${rule.evaluationPeriods} period(s).`));
  if (rule.source !== 'log') return section;
  const pattern = renderFilterPattern(rule.pattern);
  append(section, h('p', {}, 'Counts security lines matching ', h('code', {}, pattern)));
  const matches = triggering(pattern, events);
  append(section, matches.length === 0
    ? h('p', { class: 'muted' }, `No matching events in the last ${LOOKBACK_HOURS} hours.`)
    : h('ul', {}, ...matches.slice(0, LISTED).map((e) => h('li', {}, h('a', { href: hashOf('event', [e.eventId]) }, time(e.occurredAt)), ` ${e.eventType} by ${e.actor?.userId ?? '?'}${sourceOf(e)}`))));
  return section;
}

/** The events whose security line the rule's pattern counts, newest first. */
function triggering(pattern: string, events: readonly StoredEvent[]): StoredEvent[] {
  const matches = compileFilterPattern(pattern);
  return events.filter((event) => {
    const line = securityLineOf({ kind: 'INSERT', item: { kind: 'event', eventId: event.eventId }, newItem: event, byTimeToLive: false, changedAt: event.ingestedAt });
    return line !== undefined && matches(JSON.stringify(line));
  });
}

/** ` from <address>`, a sealed one by its blind name (`h:<blind>`), or nothing. */
function sourceOf(event: StoredEvent): string {
  const ip = sourceIpName(event.actor?.ip);
  return ip ? ` from ${ip}` : '';
}
