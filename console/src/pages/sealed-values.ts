/**
 * Personal values sealed at ingest (`pii:v1:<keyId>:<blind>:<payload>`,
 * lambdas/core/privacy/sealed-value.ts) shown for what they are, an "encrypted (key …)"
 * chip, never as their ciphertext; and, on the event page, "Show personal data", which
 * asks `GET /v1/events/{eventId}/personal-data` for them in clear. That read is itself
 * audited, and answers 403 unless the deployment lets this caller read personal data.
 */
import { isSealedValue, parseSealedValue } from '../../../lambdas/core/privacy/sealed-value';
import { ApiError, getJson } from '../api/client';
import type { ApiTransport } from '../api/transport';
import { append, errorBox, h, replaceChildren } from '../dom';
import { jsonText } from '../format';

/** `encrypted (key 1a2b3c4d…)`: the sealed value's key id, shortened. */
export function sealedLabel(value: string): string {
  const keyId = parseSealedValue(value)?.keyId ?? '';
  return `encrypted (key ${keyId.length > 8 ? `${keyId.slice(0, 8)}…` : keyId})`;
}

/** The chip standing for one sealed value. */
export function sealedChip(value: string): HTMLElement {
  return h('span', { class: 'badge muted sealed', title: 'personal data, encrypted under the person\'s own key' }, sealedLabel(value));
}

/** A scalar as text, or the chip when it is sealed. */
export function shownValue(value: unknown): HTMLElement | string {
  return isSealedValue(value) ? sealedChip(value) : jsonText(value);
}

/** Indented JSON with every sealed string replaced by its label. */
export function readableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (isSealedValue(v) ? `[${sealedLabel(v)}]` : v), 2);
}

/** True when any string anywhere in `value` is sealed. */
export function holdsSealed(value: unknown): boolean {
  return readableJson(value) !== JSON.stringify(value, null, 2);
}

interface PersonalData {
  readonly fields: Readonly<Record<string, unknown>>;
}

/** The "Personal data" section: a button that fetches and shows the clear values. */
export function personalDataSection(api: ApiTransport, eventId: string): HTMLElement {
  const result = h('div', { id: 'personal-data', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', id: 'show-personal-data', class: 'secondary' }, 'Show personal data');
  button.addEventListener('click', () => {
    button.disabled = true;
    replaceChildren(result, h('p', { class: 'muted' }, 'Decrypting…'));
    getJson<PersonalData>(api, `/v1/events/${encodeURIComponent(eventId)}/personal-data`)
      .then((data) => replaceChildren(result, fieldsList(data.fields)), (error: unknown) => replaceChildren(result, refusal(error)))
      .finally(() => {
        button.disabled = false;
      });
  });
  return h('section', { 'aria-labelledby': 'personal-data-heading' },
    h('h2', { id: 'personal-data-heading' }, 'Personal data'),
    h('p', { class: 'muted' }, 'Shown in clear only to callers allowed to read personal data; each time it is shown is recorded in the trail.'),
    h('div', { class: 'actions' }, button), result);
}

function fieldsList(fields: Readonly<Record<string, unknown>>): HTMLElement {
  const entries = Object.entries(fields);
  if (entries.length === 0) return h('p', {}, 'This event holds no personal data.');
  const list = h('dl', { class: 'fields' });
  for (const [path, value] of entries) append(list, h('dt', {}, h('code', {}, path)), h('dd', {}, jsonText(value)));
  return list;
}

function refusal(error: unknown): HTMLElement {
  if (error instanceof ApiError && error.status === 403) {
    return h('p', { class: 'result bad', id: 'personal-data-refused' }, 'Not permitted: your role may not read personal data.');
  }
  return errorBox(error);
}
