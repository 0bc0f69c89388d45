/**
 * The events table shared by search and the timelines. Rows are cloned from one template
 * into one DocumentFragment and attached once, so 100 rows cost one layout.
 */
import { isSealedValue } from '../../../lambdas/core/privacy/sealed-value';
import type { StoredEvent } from '../api/types';
import { h } from '../dom';
import { time } from '../format';
import { hashOf } from '../router';
import { sealedChip } from './sealed-values';

const COLUMNS = ['occurred (UTC)', 'event type', 'outcome', 'severity', 'actor', 'source IP', 'target', 'reason'] as const;

let rowTemplate: HTMLTableRowElement | undefined;

function template(): HTMLTableRowElement {
  if (!rowTemplate) {
    rowTemplate = document.createElement('tr');
    const first = document.createElement('td');
    first.appendChild(document.createElement('a'));
    rowTemplate.appendChild(first);
    for (let i = 1; i < COLUMNS.length; i++) rowTemplate.appendChild(document.createElement('td'));
  }
  return rowTemplate;
}

/** The table of `events`; `late` names the late arrivals (marked in the time column). */
export function eventTable(events: readonly StoredEvent[], late: ReadonlySet<string> = new Set()): HTMLTableElement {
  const table = h('table', { class: 'events' });
  table.appendChild(h('thead', {}, h('tr', {}, ...COLUMNS.map((c) => h('th', { scope: 'col' }, c)))));
  const body = document.createElement('tbody');
  const fragment = document.createDocumentFragment();
  const proto = template();
  for (const event of events) fragment.appendChild(fillRow(proto.cloneNode(true) as HTMLTableRowElement, event, late.has(event.eventId)));
  body.appendChild(fragment);
  table.appendChild(body);
  return table;
}

function fillRow(row: HTMLTableRowElement, event: StoredEvent, isLate: boolean): HTMLTableRowElement {
  const cells = row.cells;
  const link = cells[0]?.firstChild as HTMLAnchorElement;
  link.href = hashOf('event', [event.eventId]);
  link.textContent = time(event.occurredAt) + (isLate ? ' (late arrival)' : '');
  setText(cells[1], event.eventType);
  setText(cells[2], event.outcome);
  cells[2]?.setAttribute('class', `outcome-${event.outcome}`);
  setText(cells[3], event.severity);
  cells[3]?.setAttribute('class', `sev-${event.severity}`);
  setText(cells[4], event.actor?.userId ?? '');
  const ip = event.actor?.ip;
  if (isSealedValue(ip)) cells[5]?.replaceChildren(sealedChip(ip));
  else setText(cells[5], ip ?? '');
  setText(cells[6], event.target ? `${event.target.type} ${event.target.id}` : '');
  setText(cells[7], event.reason ?? '');
  return row;
}

function setText(cell: HTMLTableCellElement | undefined, text: string): void {
  if (cell) cell.textContent = text;
}
