/**
 * Integrity status: the verifier's verdict over a recent period (`GET /v1/integrity`), the
 * newest sealed block and the seal lag (found from the newest events' proofs), the latest
 * signed checkpoint, and the last scheduled verifier run (its `audit.integrity.*` event).
 */
import { getJson, getJsonOrNone } from '../api/client';
import type { ApiTransport } from '../api/transport';
import type { InclusionProof, IntegrityReport, SearchPage, StoredEvent } from '../api/types';
import type { Page } from '../context';
import { append, errorBox, h, replaceChildren } from '../dom';
import { duration, time } from '../format';
import { hashOf, paramsOf } from '../router';
import { periodForm, periodOf } from './period-form';

/** `#/integrity?from&to` (default: the last hour; the API allows at most 24 hours). */
export const integrityPage: Page = async ({ api, view, route }) => {
  const period = periodOf(paramsOf(route), 1);
  const verdict = h('section', { 'aria-live': 'polite', 'aria-labelledby': 'verdict-heading' }, h('h2', { id: 'verdict-heading' }, 'Verification of the period'), h('p', { class: 'muted' }, 'Verifying…'));
  const sealing = h('section', { 'aria-labelledby': 'sealing-heading' }, h('h2', { id: 'sealing-heading' }, 'Sealing'), h('p', { class: 'muted' }, 'Loading…'));
  const verifier = h('section', { 'aria-labelledby': 'verifier-heading' }, h('h2', { id: 'verifier-heading' }, 'Last scheduled verifier run'));
  append(view, h('h1', { tabindex: -1 }, 'Integrity status'), periodForm('integrity', period, 'Verification period'), verdict, sealing, verifier);
  await Promise.all([
    show(verdict, async () => verdictView(await getJson<IntegrityReport>(api, '/v1/integrity', period))),
    show(sealing, async () => sealingView(await newestSealed(api), await getJsonOrNone<{ treeSize: number; rootHash: string }>(api, '/v1/checkpoints/latest'))),
    show(verifier, async () => verifierView((await getJson<SearchPage>(api, '/v1/events', { eventType: 'audit.integrity.', limit: '1' })).events[0])),
  ]);
};

async function show(section: HTMLElement, build: () => Promise<HTMLElement>): Promise<void> {
  const heading = section.firstChild as Node;
  try {
    replaceChildren(section, heading, await build());
  } catch (error) {
    replaceChildren(section, heading, errorBox(error));
  }
}

function verdictView(report: IntegrityReport): HTMLElement {
  const errors = report.findings.filter((f) => f.severity === 'error');
  return h('div', { class: `result ${report.ok ? 'ok' : 'bad'}`, id: 'integrity-verdict', 'data-ok': String(report.ok) },
    h('p', {}, h('strong', {}, report.ok ? 'Intact' : `Not intact: ${errors.length} finding(s)`)),
    h('p', {}, `Blocks ${report.fromSeq}–${report.toSeq}: ${report.blocksChecked} blocks and ${report.eventsChecked} events checked.`),
    report.findings.length === 0 ? null : h('ul', {}, ...report.findings.map((f) => h('li', {}, `${f.severity} ${f.code}${f.seq !== undefined ? ` (block ${f.seq})` : ''}: ${f.message}`))));
}

interface Sealed {
  /** The newest event that has a proof, and that proof. */
  readonly proof?: InclusionProof;
  /** The oldest of the newest events still waiting for a block. */
  readonly oldestWaiting?: StoredEvent;
}

/**
 * Among the 50 most recent events (by ingest time), sealing is a prefix: every event
 * ingested before some instant is sealed, the later ones wait. A binary search over their
 * proofs finds the boundary in about six requests.
 */
async function newestSealed(api: ApiTransport): Promise<Sealed> {
  const page = await getJson<SearchPage>(api, '/v1/events', { limit: '50' });
  const events = [...page.events].sort((a, b) => (a.ingestedAt < b.ingestedAt ? 1 : -1));
  const proofOf = (e: StoredEvent) => getJsonOrNone<InclusionProof>(api, `/v1/events/${encodeURIComponent(e.eventId)}/proof`);
  let lo = 0;
  let hi = events.length;
  let found: InclusionProof | undefined;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const proof = await proofOf(events[mid] as StoredEvent);
    if (proof) {
      found = proof;
      hi = mid;
    } else lo = mid + 1;
  }
  return { ...(found ? { proof: found } : {}), ...(lo > 0 ? { oldestWaiting: events[lo - 1] } : {}) };
}

function sealingView(sealed: Sealed, checkpoint: { treeSize: number; rootHash: string } | undefined): HTMLElement {
  const list = h('dl', { class: 'fields' });
  const row = (name: string, value: Node | string) => append(list, h('dt', {}, name), h('dd', {}, value));
  const block = sealed.proof?.block;
  row('newest sealed event\'s block', block ? `#${block.seq}, ${time(block.from)} – ${time(block.to)}, ${block.count} event(s), sealed ${duration((Date.now() - Date.parse(block.to)) / 1000)} ago` : 'none of the newest events is sealed yet');
  if (block) row('its blockHash', h('span', { class: 'hash' }, block.blockHash));
  row('seal lag', sealed.oldestWaiting
    ? h('span', { id: 'seal-lag' }, `the oldest unsealed of the newest events was ingested ${duration((Date.now() - Date.parse(sealed.oldestWaiting.ingestedAt)) / 1000)} ago`)
    : h('span', { id: 'seal-lag' }, 'nothing waiting: the newest events are sealed'));
  row('latest checkpoint', checkpoint ? h('span', { class: 'hash' }, `tree size ${checkpoint.treeSize}, root ${checkpoint.rootHash}`) : 'none yet');
  return list;
}

function verifierView(event: StoredEvent | undefined): HTMLElement {
  if (!event) return h('p', { id: 'verifier-last' }, 'No scheduled verifier run recorded (locally, run npm run verify; the period check above runs on demand).');
  const ok = event.eventType === 'audit.integrity.verified';
  return h('p', { id: 'verifier-last', class: ok ? 'outcome-success' : 'outcome-failure' },
    h('a', { href: hashOf('event', [event.eventId]) }, time(event.occurredAt)), ` ${event.eventType}${event.reason ? `: ${event.reason}` : ''}`);
}
