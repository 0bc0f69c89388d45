/**
 * Secret redaction, applied before an event is hashed, stored or logged. Two rules:
 * a key whose name says it holds a secret loses its whole value; any string that looks
 * like a credential (JWT, bearer/basic credential, AWS access key, PEM private key, a
 * card number passing Luhn) loses the matching part. Over-redaction is the safe failure.
 */

export const REDACTED = '[REDACTED]';

const SECRET_KEY_PARTS = [
  'password', 'passwd', 'passphrase', 'secret', 'token', 'apikey', 'authorization',
  'cookie', 'privatekey', 'credential', 'cardnumber', 'cardno', 'cardnum', 'creditcard',
  'cvv', 'cvc', 'pincode', 'accesskey', 'sessionkey', 'signingkey', 'mfacode', 'otpcode',
];
const SECRET_KEYS_EXACT = new Set(['pin', 'pan', 'otp', 'pwd', 'ssn', 'auth']);

/** True when a key or field name says its value is a secret. */
export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return SECRET_KEYS_EXACT.has(k) || SECRET_KEY_PARTS.some((part) => k.includes(part));
}

const SECRET_SHAPES: readonly RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g,
  /\b(Bearer|Basic|Digest)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /\b(AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|APKA|ABIA|ACCA)[A-Z0-9]{16}\b/g,
];
const CARD_CANDIDATE = /\b\d(?:[ -]?\d){12,18}\b/g;
// Strings shorter than this cannot hold any shape above; skips regex work on short values.
const MIN_SECRET_LENGTH = 13;

/** Luhn checksum over a string of digits. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** The string with every secret-shaped part replaced, or the same string when none. */
export function redactString(value: string): string {
  if (value.length < MIN_SECRET_LENGTH) return value;
  let out = value;
  for (const shape of SECRET_SHAPES) out = out.replace(shape, REDACTED);
  return out.replace(CARD_CANDIDATE, (m) => (passesLuhn(m.replace(/[ -]/g, '')) ? REDACTED : m));
}

function isCardNumber(n: number): boolean {
  if (!Number.isSafeInteger(n) || n < 1e12) return false;
  const digits = String(n);
  return digits.length <= 19 && passesLuhn(digits);
}

/** Collects the paths it redacts while copying a JSON value. */
export class Redactor {
  readonly paths: string[] = [];

  /** A redacted copy of a free-form JSON value; `path` names it in `redactedPaths`. */
  value(value: unknown, path: string): unknown {
    if (typeof value === 'string') return this.text(value, path);
    if (typeof value === 'number') return isCardNumber(value) ? this.mark(path) : value;
    if (Array.isArray(value)) return value.map((v, i) => this.value(v, `${path}[${i}]`));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(value)) {
        const childPath = `${path}.${key}`;
        out[key] = isSecretKey(key) && child !== null ? this.mark(childPath) : this.value(child, childPath);
      }
      return out;
    }
    return value;
  }

  /** A string with secret shapes replaced. */
  text(value: string, path: string): string {
    const out = redactString(value);
    if (out !== value) this.paths.push(path);
    return out;
  }

  /** Marks a whole value as redacted. */
  mark(path: string): string {
    this.paths.push(path);
    return REDACTED;
  }
}
