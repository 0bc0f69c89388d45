/** The from/to form of the stats, reports and integrity pages, with a default period. */
import { field, formValues, h } from '../dom';
import { hoursAgo } from '../format';
import { hashOf } from '../router';

/** The period of a page: the URL's `from`/`to`, or the last `defaultHours`. */
export function periodOf(params: Record<string, string>, defaultHours: number): { from: string; to: string } {
  return { from: params.from ?? hoursAgo(defaultHours), to: params.to ?? hoursAgo(0) };
}

/** A form that navigates to `page` with the period typed in. */
export function periodForm(page: string, period: { from: string; to: string }, label: string): HTMLFormElement {
  const form = h('form', { class: 'filters', 'aria-label': label },
    field('From (inclusive, ISO 8601)', 'from', period.from), field('To (exclusive, ISO 8601)', 'to', period.to),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Show')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = hashOf(page, [], formValues(form));
  });
  return form;
}
