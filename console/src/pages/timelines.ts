/**
 * Timelines: a user's activity over a period, a DMIS record's history (every event on one
 * target, with before and after side by side), and the configuration change history. Each
 * is one search of the API, newest first, paged with its cursor.
 */
import { getJson } from '../api/client';
import type { SearchPage, StoredEvent } from '../api/types';
import type { Page } from '../context';
import { append, errorBox, field, formValues, h, replaceChildren } from '../dom';
import { time } from '../format';
import { hashOf, paramsOf } from '../router';
import { changesTable } from './changes';
import { eventTable } from './event-rows';

type Kind = 'user' | 'record' | 'config';

interface TimelineSpec {
  readonly title: string;
  /** The form's fields. */
  readonly fields: readonly (readonly [label: string, name: string])[];
  /** The search query for the form's values; undefined until the required fields are filled. */
  query(values: Record<string, string>): Record<string, string> | undefined;
  /** Whether each event is shown with its changes. */
  readonly withChanges: boolean;
}

const PERIOD = [['From (inclusive, ISO 8601)', 'from'], ['To (exclusive, ISO 8601)', 'to']] as const;
const pick = (values: Record<string, string>, names: readonly string[]) =>
  Object.fromEntries(names.filter((n) => values[n]).map((n) => [n, values[n] as string]));

const SPECS: Record<Kind, TimelineSpec> = {
  user: {
    title: 'User activity', withChanges: false, fields: [['User id', 'actor'], ...PERIOD],
    query: (v) => (v.actor ? pick(v, ['actor', 'from', 'to']) : undefined),
  },
  record: {
    title: 'Record history', withChanges: true, fields: [['Record type (e.g. donation)', 'targetType'], ['Record id', 'targetId'], ...PERIOD],
    query: (v) => (v.targetType && v.targetId ? pick(v, ['targetType', 'targetId', 'from', 'to']) : undefined),
  },
  config: {
    title: 'Configuration changes', withChanges: true, fields: [...PERIOD],
    query: (v) => ({ eventType: 'config.change', ...pick(v, ['from', 'to']) }),
  },
};

/** `#/timeline/<user|record|config>?...`. */
export const timelinePage: Page = async ({ api, view, route }) => {
  const kind: Kind = route.rest[0] === 'record' || route.rest[0] === 'config' ? route.rest[0] : 'user';
  const spec = SPECS[kind];
  const params = paramsOf(route);
  const form = h('form', { class: 'filters', 'aria-label': `${spec.title} filters` }, ...spec.fields.map(([label, name]) => field(label, name, params[name] ?? '')),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Show')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = hashOf('timeline', [kind], formValues(form));
  });
  const results = h('section', { 'aria-live': 'polite', 'aria-label': 'Timeline' });
  append(view, h('h1', { tabindex: -1 }, `Timelines: ${spec.title}`), tabs(kind), form, results);
  const query = spec.query(params);
  if (!query) {
    append(results, h('p', { class: 'muted' }, 'Fill in the form to see the timeline.'));
    return;
  }
  try {
    const page = await getJson<SearchPage>(api, '/v1/events', { ...query, limit: '100', ...(params.cursor ? { cursor: params.cursor } : {}) });
    replaceChildren(results, h('p', { id: 'timeline-count' }, `${page.events.length} event(s)${page.nextCursor ? ' on this page' : ''}, newest first`),
      spec.withChanges ? changeList(page.events) : eventTable(page.events), pager(kind, params, page.nextCursor));
  } catch (error) {
    replaceChildren(results, errorBox(error));
  }
};

function tabs(current: Kind): HTMLElement {
  return h('nav', { class: 'tabs', 'aria-label': 'Timelines' }, ...(Object.keys(SPECS) as Kind[]).map((kind) =>
    h('a', { href: hashOf('timeline', [kind]), 'aria-current': kind === current ? 'page' : undefined }, SPECS[kind].title)));
}

function changeList(events: readonly StoredEvent[]): HTMLElement {
  if (events.length === 0) return h('p', {}, 'No events.');
  return h('ol', { class: 'timeline' }, ...events.map((event) => h('li', {},
    h('p', {}, h('a', { href: hashOf('event', [event.eventId]) }, time(event.occurredAt)), ` ${event.eventType} by ${event.actor?.userId ?? '?'} — `,
      h('span', { class: `outcome-${event.outcome}` }, event.outcome), event.target ? ` — ${event.target.type} ${event.target.id}` : ''),
    changesTable(event))));
}

function pager(kind: Kind, params: Record<string, string>, nextCursor: string | null): HTMLElement {
  const { cursor: _cursor, ...base } = params;
  const nav = h('nav', { class: 'actions', 'aria-label': 'Pages' });
  if (params.cursor) append(nav, h('a', { href: hashOf('timeline', [kind], base) }, 'Newest'));
  if (nextCursor) append(nav, h('a', { href: hashOf('timeline', [kind], { ...base, cursor: nextCursor }), rel: 'next' }, 'Older'));
  return nav;
}
