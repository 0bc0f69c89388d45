/** Before and after, side by side: an event's `changes`, or its previous and new state field by field. */
import type { StoredEvent } from '../api/types';
import { h } from '../dom';
import { jsonText } from '../format';

interface Change {
  readonly field: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** The event's changes: the explicit list when given, otherwise every field that differs between the states. */
export function changesOf(event: StoredEvent): Change[] {
  if (event.changes && event.changes.length > 0) {
    return event.changes.map((c) => ({ field: c.field, before: c.oldValue, after: c.newValue }));
  }
  const before = event.previousState ?? {};
  const after = event.newState ?? {};
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return fields
    .filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]))
    .map((field) => ({ field, before: before[field], after: after[field] }));
}

/** The side-by-side table, or a line saying there is nothing to compare. */
export function changesTable(event: StoredEvent): HTMLElement {
  const changes = changesOf(event);
  if (changes.length === 0) return h('p', { class: 'muted' }, 'No field changes recorded.');
  const body = h('tbody');
  for (const c of changes) {
    body.appendChild(h('tr', {}, h('th', { scope: 'row' }, c.field), h('td', { class: 'before' }, jsonText(c.before)), h('td', { class: 'after' }, jsonText(c.after))));
  }
  return h('table', { class: 'side-by-side' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'field'), h('th', { scope: 'col' }, 'before'), h('th', { scope: 'col' }, 'after'))), body);
}
