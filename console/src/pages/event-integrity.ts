/** The integrity parts of the event page: the block, the pinned keys, and a verification result. */
import type { InclusionProof } from '../api/types';
import { append, h } from '../dom';
import { time } from '../format';
import { trustedKeysOf } from '../verify/keys';
import type { VerifyResult } from '../verify/index';

/** What the proof says about the event's block (checked only when Verify runs). */
export function blockFacts(proof: InclusionProof): HTMLElement {
  const b = proof.block;
  const rows: [string, string][] = [
    ['block', `#${b.seq}, ingested ${time(b.from)} – ${time(b.to)}, ${b.count} event(s)`],
    ['position in block', `${proof.leafIndex} of ${b.count}`],
    ['merkleRoot', b.merkleRoot],
    ['blockHash', b.blockHash],
    ['prevBlockHash', b.prevBlockHash],
    ['signed by', b.keyId],
  ];
  const list = h('dl', { class: 'fields' });
  for (const [name, value] of rows) append(list, h('dt', {}, name), h('dd', { class: 'hash' }, value));
  return list;
}

/** The keys pinned in config.json, each with its fingerprint and validity window. */
export async function pinnedKeys(trustedKeys: unknown): Promise<HTMLElement> {
  try {
    const keys = await trustedKeysOf(trustedKeys);
    return h('div', {}, h('p', {}, 'Signatures are checked against these pinned keys (SHA-256 of the public key, from the console\'s configuration, not from the server\'s answer):'),
      h('ul', { id: 'pinned-keys' }, ...keys.map((k) => h('li', {},
        h('span', { class: 'hash' }, k.fingerprint), ` ${k.keyId ?? 'any key id'}, valid ${k.validFrom ? time(k.validFrom) : 'always'} – ${k.validTo ? time(k.validTo) : 'now'}`))));
  } catch (error) {
    return h('p', { class: 'error' }, `The pinned keys in config.json are not usable: ${error instanceof Error ? error.message : 'unknown problem'}`);
  }
}

/** Green with every step checked, or red naming the step that failed and why. */
export function verifyResultBox(result: VerifyResult): HTMLElement {
  const failed = result.steps.find((s) => !s.ok);
  const headline = result.ok
    ? 'Verified: this event is exactly as sealed and signed.'
    : `Not verified: ${failed ? `${failed.label} failed — ${failed.detail}` : 'a step failed'}`;
  const box = h('div', { class: `result ${result.ok ? 'ok' : 'bad'}`, role: 'status', 'data-ok': String(result.ok), 'data-failed-step': failed?.id },
    h('p', {}, h('strong', {}, headline)));
  const steps = h('ul', {});
  for (const step of result.steps) {
    append(steps, h('li', { 'data-step': step.id, 'data-ok': String(step.ok) }, `${step.ok ? '✔' : '✘'} ${step.label}: ${step.detail}`));
  }
  append(box, steps);
  if (result.keyFingerprint) append(box, h('p', {}, 'Signing key fingerprint: ', h('span', { class: 'hash', id: 'signing-key' }, result.keyFingerprint)));
  return box;
}
