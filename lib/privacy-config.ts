/**
 * Personal-data protection's configuration (context keys personalDataKeys,
 * auditorsReadPersonalData, legalHolds, privacyOfficerPrincipalArns), resolved for
 * lib/config.ts. The settings the privacy function applies at run time travel as one JSON
 * value of the schema the local runtime reads too (lambdas/core/privacy/privacy-settings.ts).
 *
 * `legalHolds` is a JSON array of holds: an array in cdk.json, a JSON string on the
 * command line, or `file:<path>` naming a JSON file. Holds travel in the privacy function's
 * environment, which Lambda caps at 4 KB in all, so their compact JSON may take at most
 * MAX_PRIVACY_SETTINGS_BYTES.
 */
import { readFileSync } from 'node:fs';
import { parsePrivacySettings, type PrivacySettings } from '../lambdas/core/privacy/privacy-settings';
import { ConfigError, readList, type ConfigSource } from './config-readers';

/** Who may read and erase personal data, what else is personal, and what may not be erased. */
export interface PrivacyConfig {
  /** Metadata keys whose values are personal and sealed at ingest, besides the built-in ones (context `personalDataKeys`). */
  readonly personalDataKeys: readonly string[];
  /** The settings the privacy function applies: auditors' clear reads and legal holds. */
  readonly settings: PrivacySettings;
  /** Principal ARNs allowed to assume PrivacyOfficer (context `privacyOfficerPrincipalArns`). Empty: this account's root. */
  readonly privacyOfficerPrincipalArns: readonly string[];
}

/** Nothing more is personal than the built-in fields, auditors read sealed values, no holds. */
export const DEFAULT_PRIVACY: PrivacyConfig = {
  personalDataKeys: [],
  settings: { auditorsReadPersonalData: false, legalHolds: [] },
  privacyOfficerPrincipalArns: [],
};

/** Compact JSON of the settings, leaving room for the rest of the 4 KB environment. */
export const MAX_PRIVACY_SETTINGS_BYTES = 2000;

/** A metadata key as events carry it: a plain name, no path syntax. */
const METADATA_KEY = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const PRINCIPAL_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:(root|role\/[\w+=,.@/-]+|user\/[\w+=,.@/-]+)$/;

/** The privacy settings; a bad value names its context key. */
export function readPrivacy(source: ConfigSource): PrivacyConfig {
  const settings = readSettings(source);
  const size = Buffer.byteLength(JSON.stringify(settings), 'utf8');
  if (size > MAX_PRIVACY_SETTINGS_BYTES) {
    throw new ConfigError('legalHolds', `take ${size} bytes as JSON, more than the ${MAX_PRIVACY_SETTINGS_BYTES} the function environment leaves them`);
  }
  return {
    personalDataKeys: readList(source, 'personalDataKeys', METADATA_KEY, 'a metadata key such as email (letters, digits, _ and -)'),
    settings,
    privacyOfficerPrincipalArns: readList(
      source,
      'privacyOfficerPrincipalArns',
      PRINCIPAL_ARN,
      'an IAM role, user or root ARN such as arn:aws:iam::111111111111:role/privacy-officer',
    ),
  };
}

function readSettings(source: ConfigSource): PrivacySettings {
  const auditorsReadPersonalData = readBoolean(source, 'auditorsReadPersonalData');
  const legalHolds = readLegalHolds(source);
  try {
    return parsePrivacySettings(JSON.stringify({ auditorsReadPersonalData, legalHolds }), 'privacy settings');
  } catch (error) {
    throw new ConfigError('legalHolds', (error as Error).message.replace(/^privacy settings: /, ''));
  }
}

function readBoolean(source: ConfigSource, field: string): boolean {
  const raw = source(field);
  if (raw === undefined || raw === '' || raw === false || raw === 'false') return false;
  if (raw === true || raw === 'true') return true;
  throw new ConfigError(field, 'must be true or false');
}

function readLegalHolds(source: ConfigSource): unknown {
  const raw = source('legalHolds');
  if (raw === undefined || raw === '') return [];
  if (typeof raw !== 'string') return raw;
  const text = raw.startsWith('file:') ? readHoldsFile(raw.slice('file:'.length)) : raw;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ConfigError('legalHolds', 'must be JSON: an array of {"id", "reason", "subjects", "until"?}');
  }
}

function readHoldsFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError('legalHolds', `cannot read the file ${path}`);
  }
}
