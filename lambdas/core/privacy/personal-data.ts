/**
 * What counts as personal data in an audit event, and whose it is: the one definition
 * used by ingest (seal-event.ts) and rendered for the docs (`renderPersonalDataTable`).
 *
 * - The actor's `ip`, `userAgent` and `sessionId` (already a `sha256:` digest, sealed too:
 *   it still links one person's events). `actor.userId` stays in clear: the staff account
 *   id is what accountability needs, and it is not the person's name, e-mail or address.
 * - In `metadata`, `previousState`, `newState` (any depth) and a change's `oldValue` /
 *   `newValue` when the last segment of its `field` is personal: the whole value under a
 *   key whose name is personal (`PERSONAL_KEY_NAMES`, compared lower-case with `_` and `-`
 *   ignored, exact names only, so `filename` or `eventName` are not personal), plus config's
 *   extra names; and any string that is, as a whole, an e-mail address or an international
 *   phone number (`isPersonalShape`). Free text that merely contains an address is not
 *   detected: `reason` is never scanned.
 * - Whose key seals it: actor fields belong to `actor.userId`; content values belong to
 *   `target.id` when the target is a user account (`USER_TARGET_TYPES`), else to the actor.
 */

/** Key names whose values are personal, normalised (lower case, no `_` or `-`). */
export const PERSONAL_KEY_NAMES: readonly string[] = [
  'email', 'emailaddress', 'phone', 'phonenumber', 'mobile', 'telephone', 'name', 'firstname',
  'lastname', 'fullname', 'givenname', 'surname', 'displayname', 'address', 'streetaddress',
  'homeaddress', 'postaddress', 'postalcode', 'nationalid', 'nationalidnumber', 'trn', 'passport',
  'passportnumber', 'dateofbirth', 'dob', 'driverslicence', 'ipaddress', 'ip',
];

/** The actor's personal fields, sealed under the actor's own key. */
export const ACTOR_PERSONAL_FIELDS = ['ip', 'userAgent', 'sessionId'] as const;

/** The actor field whose keyed hash is kept for search (`?ip=`). */
export const SEARCHABLE_ACTOR_FIELD = 'ip';

/** Target types that name a person's account: their content belongs to that person. */
export const USER_TARGET_TYPES: readonly string[] = ['user', 'user_account', 'account'];

/** The free-form parts of an event that are scanned for personal values. */
export const SCANNED_CONTAINERS = ['metadata', 'previousState', 'newState'] as const;

/** A key name as compared: lower case, `_` and `-` removed (`E-Mail`, `e_mail` → `email`). */
export function normaliseKeyName(key: string): string {
  return key.toLowerCase().replace(/[_-]/g, '');
}

/** A test for personal key names: the fixed list plus `extra` (config `personalDataKeys`). */
export function personalKeyTest(extra: readonly string[] = []): (key: string) => boolean {
  const names = new Set([...PERSONAL_KEY_NAMES, ...extra.map(normaliseKeyName)]);
  return (key) => names.has(normaliseKeyName(key));
}

// A whole-string e-mail address: a dot-atom local part (RFC 5322 atext, at most 64 chars),
// a domain of at least two labels, and an alphabetic top-level domain, so `a@b` or
// `user@host.123` are not matched.
const EMAIL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
// `+`, then 8 to 15 digits (E.164 allows 15), single spaces or dashes between digits only.
// The leading `+` is required: it is what tells a phone number from an id, an amount or a date.
const PHONE = /^\+\d(?:[ -]?\d){7,14}$/;

/** True when the whole string is an e-mail address or an international phone number. */
export function isPersonalShape(value: string): boolean {
  if (value.length < 6 || value.length > 320) return false;
  if (value.charCodeAt(0) === 43 /* + */) return PHONE.test(value);
  return value.includes('@') && value.indexOf('@') <= 64 && EMAIL.test(value);
}

/** The parts of an event that decide whose key seals a value. */
export interface SubjectSource {
  readonly actor: { readonly userId: string };
  readonly target?: { readonly type: string; readonly id: string } | undefined;
}

/** Whose key seals the actor's fields: the actor. */
export function actorSubjectOf(event: SubjectSource): string {
  return event.actor.userId;
}

/** Whose key seals values in metadata, states and changes: the target user, else the actor. */
export function contentSubjectOf(event: SubjectSource): string {
  return event.target && USER_TARGET_TYPES.includes(event.target.type) ? event.target.id : event.actor.userId;
}

/** One row of the description of personal data, for the docs. */
export interface PersonalDataRow {
  readonly field: string;
  readonly personal: string;
  readonly subject: string;
  readonly searchable: string;
}

/** What is sealed, where, under whose key, and whether it can be searched. */
export const PERSONAL_DATA: readonly PersonalDataRow[] = [
  { field: '`actor.ip`', personal: 'always', subject: 'the actor (`actor.userId`)', searchable: 'yes, by keyed hash (`?ip=`)' },
  { field: '`actor.userAgent`', personal: 'always', subject: 'the actor (`actor.userId`)', searchable: 'no' },
  { field: '`actor.sessionId`', personal: 'always (stored as a `sha256:` digest, then sealed)', subject: 'the actor (`actor.userId`)', searchable: 'no' },
  { field: '`actor.userId`', personal: 'no: the staff account id stays in clear for accountability', subject: '-', searchable: 'yes' },
  {
    field: '`metadata`, `previousState`, `newState` (any depth)',
    personal: `values under a personal key (${PERSONAL_KEY_NAMES.map((k) => `\`${k}\``).join(', ')}, plus \`personalDataKeys\`; case, \`_\` and \`-\` ignored); any string that is an e-mail address or a \`+\` phone number`,
    subject: `\`target.id\` when \`target.type\` is ${USER_TARGET_TYPES.map((t) => `\`${t}\``).join(', ')}; else the actor`,
    searchable: 'no',
  },
  {
    field: '`changes[i].oldValue`, `changes[i].newValue`',
    personal: 'the whole value when the last segment of `changes[i].field` is a personal key; else as above',
    subject: 'as above',
    searchable: 'no',
  },
];

/** The description as a Markdown table (docs/security/privacy.md holds a copy a test compares). */
export function renderPersonalDataTable(): string {
  const lines = ['| field | personal | whose key | searchable |', '|---|---|---|---|'];
  for (const row of PERSONAL_DATA) lines.push(`| ${row.field} | ${row.personal} | ${row.subject} | ${row.searchable} |`);
  return lines.join('\n');
}
