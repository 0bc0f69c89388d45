/** The search filter form, shared by search and export: every filter the API takes. */
import { append, choice, field, h } from '../dom';
import { CATEGORIES, OUTCOMES, SEVERITIES, eventTypeSuggestions } from '../search-options';

const ISO_HINT = 'ISO 8601 UTC, e.g. 2026-11-20T10:00:00Z';

/** The filter fields, filled from `values`. */
export function filterFields(values: Record<string, string>, idPrefix: string): HTMLElement[] {
  const listId = `${idPrefix}-types`;
  const types = h('datalist', { id: listId });
  append(types, ...eventTypeSuggestions().map((t) => h('option', { value: t })));
  const v = (name: string) => values[name] ?? '';
  return [
    field('Actor (user id)', 'actor', v('actor')),
    field('Target type', 'targetType', v('targetType'), { placeholder: 'e.g. donation' }),
    field('Target id', 'targetId', v('targetId')),
    field('Event type or prefix', 'eventType', v('eventType'), { list: listId, placeholder: 'e.g. auth.login.failure or auth.' }),
    types,
    choice('Category', 'category', CATEGORIES, v('category')),
    choice('Minimum severity', 'severity', SEVERITIES, v('severity')),
    choice('Outcome', 'outcome', OUTCOMES, v('outcome')),
    field('From (inclusive)', 'from', v('from'), { placeholder: ISO_HINT }),
    field('To (exclusive)', 'to', v('to'), { placeholder: ISO_HINT }),
    field('Text in action or reason', 'q', v('q')),
    h('label', { class: 'inline' }, h('input', { type: 'checkbox', name: 'lateArrivals', value: 'true', checked: v('lateArrivals') === 'true' }), 'Late arrivals only'),
  ];
}
