import type { LegalHold } from './privacy-settings';

/**
 * Which legal hold stops a subject's erasure. A hold applies to the subjects it names, or
 * to everyone (`"*"`), until its `until` instant; a hold past `until` no longer applies.
 */

/** The first configured hold that applies to `subjectId` at `now`, or undefined. */
export function holdOn(holds: readonly LegalHold[], subjectId: string, now: Date): LegalHold | undefined {
  return holds.find((hold) => applies(hold, subjectId, now));
}

function applies(hold: LegalHold, subjectId: string, now: Date): boolean {
  if (hold.until !== undefined && endOf(hold.until) <= now.getTime()) return false;
  return hold.subjects === '*' || hold.subjects.includes(subjectId);
}

/** When a hold's `until` ends, in epoch ms: a bare date holds through that whole UTC day. */
export function endOf(until: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(until) ? Date.parse(`${until}T00:00:00Z`) + 86_400_000 : Date.parse(until);
}
