/**
 * The privacy settings, one schema for every place they come from: `.local/privacy.json`
 * locally, the CDK config rendered into the privacy function's `PRIVACY_SETTINGS` (JSON)
 * on AWS. Whether auditors (the reader role) may read personal data in clear, and the
 * legal holds that stop a subject's erasure.
 */
import '../zod-messages';
import * as z from 'zod/mini';

/** One legal hold: while it applies, the subjects it names cannot be erased. */
export const LegalHoldSchema = z.strictObject({
  id: z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/), z.describe('the hold\'s reference, e.g. a case number')),
  reason: z.string().check(z.minLength(1), z.maxLength(500)),
  subjects: z.union([
    z.literal('*').check(z.describe('every subject')),
    z.array(z.string().check(z.minLength(1), z.maxLength(256))).check(z.minLength(1)),
  ]),
  until: z.optional(z.union([z.iso.date(), z.iso.datetime({ offset: true })]).check(
    z.describe('the hold no longer applies after this instant (a date: after the end of that UTC day)'),
  )),
});

/** A legal hold as configured. */
export type LegalHold = z.infer<typeof LegalHoldSchema>;

/** The privacy settings. */
export const PrivacySettingsSchema = z.strictObject({
  auditorsReadPersonalData: z._default(z.boolean(), false),
  legalHolds: z._default(z.array(LegalHoldSchema).check(z.maxLength(1000)), []),
});

/** Validated privacy settings. */
export type PrivacySettings = z.infer<typeof PrivacySettingsSchema>;

/** The settings when nothing is configured: auditors read sealed values only, no holds. */
export const DEFAULT_PRIVACY_SETTINGS: PrivacySettings = { auditorsReadPersonalData: false, legalHolds: [] };

/** Parses settings JSON; throws an Error naming each bad key (a configuration error, not a request error). */
export function parsePrivacySettings(text: string | undefined, where: string): PrivacySettings {
  if (text === undefined || text.trim() === '') return DEFAULT_PRIVACY_SETTINGS;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error(`${where}: not valid JSON`);
  }
  const parsed = PrivacySettingsSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(settings)'}: ${i.message}`).join('; ');
    throw new Error(`${where}: ${problems}`);
  }
  const ids = parsed.data.legalHolds.map((h) => h.id);
  if (new Set(ids).size !== ids.length) throw new Error(`${where}: legalHolds: every hold needs its own id`);
  return parsed.data;
}
