/**
 * One event: every field as stored (sealed personal values as a chip, with "Show personal
 * data" to read them in clear where permitted), the redaction manifest, its contentHash and block,
 * and Verify, which fetches the proof and checks it here in the browser against the keys
 * pinned in config.json (console/src/verify/), never against the key the server sends.
 */
import { getJson, getJsonOrNone } from '../api/client';
import type { InclusionProof, StoredEvent } from '../api/types';
import type { Page, PageContext } from '../context';
import { append, errorBox, h, replaceChildren } from '../dom';
import { time } from '../format';
import { hashOf } from '../router';
import { verifyEvent } from '../verify/index';
import { blockFacts, pinnedKeys, verifyResultBox } from './event-integrity';
import { holdsSealed, personalDataSection, readableJson, shownValue } from './sealed-values';

/** The event page, `#/event/<eventId>`. */
export const eventPage: Page = async (context) => {
  const { api, view, route } = context;
  const eventId = route.rest[0] ?? '';
  append(view, h('h1', { tabindex: -1 }, 'Event'), h('p', { class: 'hash' }, eventId));
  let event: unknown;
  try {
    event = await getJson<unknown>(api, `/v1/events/${encodeURIComponent(eventId)}`);
  } catch (error) {
    append(view, errorBox(error));
    return;
  }
  const stored = event as StoredEvent;
  append(view, related(stored), h('h2', {}, 'Fields'), fieldList(stored));
  if (holdsSealed(stored)) append(view, personalDataSection(api, stored.eventId));
  append(view, h('h2', {}, 'Redaction'), redaction(stored));
  append(view, await integritySection(context, event, stored));
};

function related(event: StoredEvent): HTMLElement {
  const links = h('p', { class: 'actions' });
  if (event.actor?.userId) append(links, h('a', { href: hashOf('timeline', ['user'], { actor: event.actor.userId }) }, `Activity of ${event.actor.userId}`));
  if (event.target) append(links, h('a', { href: hashOf('timeline', ['record'], { targetType: event.target.type, targetId: event.target.id }) }, `History of ${event.target.type} ${event.target.id}`));
  return links;
}

/** Every top-level field: scalars as text, objects as indented JSON; sealed values as a chip. */
function fieldList(event: StoredEvent): HTMLElement {
  const list = h('dl', { class: 'fields' });
  for (const [name, value] of Object.entries(event)) {
    const shown = value !== null && typeof value === 'object' ? h('pre', {}, readableJson(value)) : shownValue(value);
    append(list, h('dt', {}, name), h('dd', { class: name === 'contentHash' ? 'hash' : undefined }, name.endsWith('At') ? `${String(value)} (${time(String(value))})` : shown));
  }
  return list;
}

function redaction(event: StoredEvent): HTMLElement {
  const paths = event.redactedPaths ?? [];
  if (paths.length === 0) return h('p', {}, 'Nothing was redacted from this event.');
  return h('div', {}, h('p', {}, `${paths.length} value(s) were replaced by [REDACTED] before the event was stored and hashed:`),
    h('ul', { id: 'redacted-paths' }, ...paths.map((p) => h('li', {}, h('code', {}, p)))));
}

async function integritySection({ api, config }: PageContext, event: unknown, stored: StoredEvent): Promise<HTMLElement> {
  const section = h('section', { 'aria-labelledby': 'integrity-heading' }, h('h2', { id: 'integrity-heading' }, 'Integrity'));
  append(section, h('dl', { class: 'fields' }, h('dt', {}, 'contentHash'), h('dd', { class: 'hash', id: 'content-hash' }, stored.contentHash)));
  const block = h('div', { id: 'block' });
  const result = h('div', { id: 'verify-result', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', id: 'verify' }, 'Verify in this browser');
  append(section, block, await pinnedKeys(config.trustedKeys), h('div', { class: 'actions' }, button), result);
  try {
    const proof = await getJsonOrNone<InclusionProof>(api, `/v1/events/${encodeURIComponent(stored.eventId)}/proof`);
    replaceChildren(block, proof ? blockFacts(proof) : h('p', {}, 'Not sealed yet: the sealer seals each interval about a minute after it closes.'));
  } catch (error) {
    replaceChildren(block, errorBox(error));
  }
  button.addEventListener('click', () => {
    button.disabled = true;
    replaceChildren(result, h('p', { class: 'muted' }, 'Verifying…'));
    verify(api, config.trustedKeys, event, stored.eventId)
      .then((box) => replaceChildren(result, box), (error: unknown) => replaceChildren(result, errorBox(error)))
      .finally(() => {
        button.disabled = false;
      });
  });
  return section;
}

async function verify(api: PageContext['api'], trustedKeys: unknown, event: unknown, eventId: string): Promise<HTMLElement> {
  const proof = await getJsonOrNone<InclusionProof>(api, `/v1/events/${encodeURIComponent(eventId)}/proof`);
  if (!proof) return h('p', { class: 'result bad' }, 'No proof yet: this event is not sealed. Try again in a minute.');
  performance.mark('console:verify-start');
  const outcome = await verifyEvent(event, proof, trustedKeys);
  performance.measure('console:verify', 'console:verify-start');
  return verifyResultBox(outcome);
}
