/**
 * Search: every filter of `GET /v1/events`, newest first, paged with the API's cursors.
 * The URL holds the filters, the page size, the current cursor and the cursors of the
 * newer pages (`prev`), so reload, back and a shared link show the same page. Search alone
 * (not export) also takes a source address, matched by its blind index when sealed.
 */
import { getJson } from '../api/client';
import type { SearchPage } from '../api/types';
import { measureSince, type Page } from '../context';
import { append, choice, errorBox, field, formValues, h, replaceChildren } from '../dom';
import { hashOf, paramsOf } from '../router';
import { filtersOf } from '../search-options';
import { eventTable } from './event-rows';
import { filterFields } from './filter-form';

const PAGE_SIZES = ['25', '50', '100', '200', '500'] as const;
/** Marks the first page in the `prev` stack (it has no cursor). */
const FIRST = '-';

/** The search page. */
export const searchPage: Page = async ({ api, view, route }) => {
  const params = paramsOf(route);
  const limit = params.limit ?? '50';
  const form = h('form', { class: 'filters', 'aria-label': 'Search filters' }, ...filterFields(params, 'search'),
    field('Source IP', 'ip', params.ip ?? '', { placeholder: 'e.g. 198.51.100.7' }),
    choice('Page size', 'limit', PAGE_SIZES, limit, '50'),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Search'), h('a', { href: hashOf('search') }, 'Clear')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = hashOf('search', [], formValues(form));
  });
  const results = h('section', { 'aria-live': 'polite', 'aria-label': 'Results' }, h('p', { class: 'muted' }, 'Searching…'));
  append(view, h('h1', { tabindex: -1 }, 'Search events'), form, results);
  try {
    const query = { ...searchFiltersOf(params), limit, ...(params.cursor ? { cursor: params.cursor } : {}) };
    const page = await getJson<SearchPage>(api, '/v1/events', query);
    performance.mark('console:rows-start');
    const late = new Set(page.lateArrivals.map((l) => l.eventId));
    replaceChildren(results,
      h('p', { class: 'muted', id: 'result-count' }, `${page.events.length} events on this page${page.nextCursor ? '' : ' (last page)'}`),
      page.events.length > 0 ? eventTable(page.events, late) : h('p', {}, 'No events match.'),
      pager(params, page.nextCursor));
    measureSince('console:rows', 'console:rows-start');
  } catch (error) {
    replaceChildren(results, errorBox(error));
  }
};

function pager(params: Record<string, string>, nextCursor: string | null): HTMLElement {
  const base = { ...searchFiltersOf(params), ...(params.limit ? { limit: params.limit } : {}) };
  const stack = params.prev ? params.prev.split(',') : [];
  const nav = h('nav', { class: 'actions', 'aria-label': 'Pages' });
  if (params.cursor) {
    const newer = stack[stack.length - 1];
    const rest = stack.slice(0, -1).join(',');
    const query = { ...base, ...(newer && newer !== FIRST ? { cursor: newer } : {}), ...(rest ? { prev: rest } : {}) };
    append(nav, h('a', { href: hashOf('search', [], base) }, 'Newest'), h('a', { href: hashOf('search', [], query), rel: 'prev' }, 'Newer'));
  }
  if (nextCursor) {
    const prev = [...stack, params.cursor ?? FIRST].join(',');
    append(nav, h('a', { href: hashOf('search', [], { ...base, cursor: nextCursor, prev }), rel: 'next' }, 'Older'));
  }
  return nav;
}

/** The shared filters plus the search-only source address. */
function searchFiltersOf(params: Record<string, string>): Record<string, string> {
  return { ...filtersOf(params), ...(params.ip ? { ip: params.ip } : {}) };
}
