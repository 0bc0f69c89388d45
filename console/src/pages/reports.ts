/**
 * Reports and exports: the compliance report of a period (`GET /v1/reports/compliance`),
 * rendered and downloadable as Markdown or JSON, and CSV/NDJSON exports of a search
 * (`GET /v1/export`), optionally with a proof per event.
 */
import { getJson, getText } from '../api/client';
import type { ApiTransport } from '../api/transport';
import type { ComplianceReport, ExportLink } from '../api/types';
import type { Page } from '../context';
import { append, errorBox, formValues, h, replaceChildren, download } from '../dom';
import { paramsOf } from '../router';
import { filterFields } from './filter-form';
import { periodForm, periodOf } from './period-form';
import { reportView } from './report-view';

/** `#/reports?from&to` (default: the last 30 days). */
export const reportsPage: Page = async ({ api, view, route }) => {
  const period = periodOf(paramsOf(route), 30 * 24);
  const status = h('p', { 'aria-live': 'polite', id: 'download-status' });
  const body = h('div', { 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Loading the report…'));
  append(view, h('h1', { tabindex: -1 }, 'Reports and exports'), h('h2', {}, 'Compliance report'), periodForm('reports', period, 'Report period'),
    downloads(api, period, status), status, body, exportForm(api));
  try {
    replaceChildren(body, reportView(await getJson<ComplianceReport>(api, '/v1/reports/compliance', period)));
  } catch (error) {
    replaceChildren(body, errorBox(error));
  }
};

function downloads(api: ApiTransport, period: { from: string; to: string }, status: HTMLElement): HTMLElement {
  const name = `compliance-report-${period.from.slice(0, 10)}-${period.to.slice(0, 10)}`;
  const markdown = h('button', { type: 'button', id: 'download-markdown' }, 'Download Markdown');
  const json = h('button', { type: 'button', class: 'secondary', id: 'download-json' }, 'Download JSON');
  const run = (work: () => Promise<void>) => {
    work().then(() => replaceChildren(status, 'Downloaded.'), (error: unknown) => replaceChildren(status, errorBox(error)));
  };
  markdown.addEventListener('click', () => run(async () => download(`${name}.md`, await getText(api, '/v1/reports/compliance', { ...period, format: 'markdown' }), 'text/markdown')));
  json.addEventListener('click', () => run(async () => download(`${name}.json`, await getText(api, '/v1/reports/compliance', period), 'application/json')));
  return h('div', { class: 'actions' }, markdown, json);
}

function exportForm(api: ApiTransport): HTMLElement {
  const status = h('div', { 'aria-live': 'polite', id: 'export-status' });
  const form = h('form', { class: 'filters', 'aria-label': 'Export filters' }, ...filterFields({}, 'export'),
    h('label', {}, 'Format', h('select', { name: 'format' }, h('option', { value: 'csv' }, 'CSV'), h('option', { value: 'ndjson' }, 'NDJSON'))),
    h('label', { class: 'inline' }, h('input', { type: 'checkbox', name: 'includeProofs', value: 'true' }), 'With proofs (NDJSON only)'),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Export')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const query = formValues(form);
    replaceChildren(status, h('p', { class: 'muted' }, 'Exporting…'));
    runExport(api, query).then((line) => replaceChildren(status, h('p', {}, line)), (error: unknown) => replaceChildren(status, errorBox(error)));
  });
  return h('section', { 'aria-labelledby': 'export-heading' }, h('h2', { id: 'export-heading' }, 'Export events'), form, status);
}

async function runExport(api: ApiTransport, query: Record<string, string>): Promise<string> {
  const response = await api.get('/v1/export', query);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${response.status}: ${errorMessage(text)}`);
  const type = response.headers?.get('content-type') ?? '';
  if (type.startsWith('application/json')) {
    const link = JSON.parse(text) as ExportLink;
    return `${link.rows} rows: too large to pass through the page; the file is ready until ${link.expiresAt} at the link the API returned (${link.url.split('?')[0] ?? ''}).`;
  }
  const csv = query.format === 'csv';
  download(`audit-export.${csv ? 'csv' : 'ndjson'}`, text, csv ? 'text/csv' : 'application/x-ndjson');
  return `Exported ${response.headers?.get('x-export-rows') ?? 'the'} rows.`;
}

function errorMessage(text: string): string {
  try {
    return (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? 'export failed';
  } catch {
    return 'export failed';
  }
}
