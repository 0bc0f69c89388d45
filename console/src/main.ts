/**
 * The auditor console: loads config.json, signs in (the local reader token, or Cognito on
 * AWS, loaded only when needed), then renders the page the URL's hash names. Every page
 * reads through the API, so every read is authorised and audited there.
 */
import { createBearerTransport, savedToken } from './api/bearer';
import type { ApiTransport } from './api/transport';
import { loadConfig, type ConsoleConfig } from './config';
import type { Page } from './context';
import { append, errorBox, h, replaceChildren } from './dom';
import { alarmsPage } from './pages/alarms';
import { eventPage } from './pages/event-detail';
import { integrityPage } from './pages/integrity';
import { reportsPage } from './pages/reports';
import { searchPage } from './pages/search';
import { signIn } from './pages/sign-in';
import { statsPage } from './pages/stats';
import { timelinePage } from './pages/timelines';
import { hashOf, parseHash, type Route } from './router';

const PAGES: Readonly<Record<string, Page>> = {
  search: searchPage, event: eventPage, timeline: timelinePage, stats: statsPage,
  alarms: alarmsPage, reports: reportsPage, integrity: integrityPage,
};

const NAV: readonly (readonly [page: string, label: string])[] = [
  ['search', 'Search'], ['timeline', 'Timelines'], ['stats', 'Stats'], ['alarms', 'Alarms'],
  ['reports', 'Reports'], ['integrity', 'Integrity'],
];

const DEFAULT_ROUTE: Route = { page: 'search', rest: [], params: new URLSearchParams() };

async function transportFor(config: ConsoleConfig, main: HTMLElement): Promise<ApiTransport> {
  if (config.mode === 'aws' && config.aws) {
    const { createAwsTransport } = await import('./auth/aws-transport');
    return createAwsTransport(config.aws);
  }
  const token = savedToken();
  if (token) return createBearerTransport(config.apiBase, token);
  const view = h('section');
  replaceChildren(main, view);
  return signIn(view, config.apiBase);
}

function renderNav(current: string): void {
  const nav = document.getElementById('nav') as HTMLElement;
  replaceChildren(nav, ...NAV.map(([page, label]) => h('a', { href: hashOf(page), 'aria-current': page === current ? 'page' : undefined }, label)));
  nav.hidden = false;
}

function startRouter(api: ApiTransport, config: ConsoleConfig, main: HTMLElement): void {
  let shown = '';
  const render = () => {
    const route = parseHash(location.hash) ?? (shown ? undefined : DEFAULT_ROUTE);
    if (!route) return;
    const page = PAGES[route.page] ?? searchPage;
    const view = h('section');
    replaceChildren(main, view);
    renderNav(route.page);
    document.title = `${route.page || 'search'} — DMIS audit trail`;
    page({ api, config, view, route }).catch((error: unknown) => append(view, errorBox(error)));
    if (shown !== route.page) (view.querySelector('h1') ?? main).focus();
    shown = route.page;
  };
  window.addEventListener('hashchange', render);
  render();
}

async function start(): Promise<void> {
  const main = document.getElementById('main') as HTMLElement;
  try {
    const config = await loadConfig();
    const api = await transportFor(config, main);
    const signOut = document.getElementById('sign-out') as HTMLButtonElement;
    signOut.hidden = false;
    signOut.addEventListener('click', () => {
      api.signOut();
      location.hash = '';
      location.reload();
    });
    startRouter(api, config, main);
  } catch (error) {
    replaceChildren(main, h('h1', {}, 'The console could not start'), errorBox(error));
  }
}

void start();
