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
  'passcode', 'sessionid', 'bearer',
];
// Too short to match inside other words (`compass`, `pwm`), so they count as a whole key or
// as the key's last word: `pass`, `user_pw`, `authJwt`, `x-session`, but not `session_count`.
const SECRET_KEYS_EXACT = new Set(['pin', 'pan', 'otp', 'pwd', 'ssn', 'auth', 'pass', 'pw', 'jwt', 'session']);

/** True when a key or field name says its value is a secret. */
export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return SECRET_KEYS_EXACT.has(k) || SECRET_KEYS_EXACT.has(lastWordOf(key)) || SECRET_KEY_PARTS.some((part) => k.includes(part));
}

/** The last word of a snake, kebab, dotted or camel case name, lower-cased. */
function lastWordOf(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  return words.at(-1) ?? '';
}

// No word boundaries around the JWT, key id and card shapes: a secret glued to other text
// (`token=eyJ…`, `idAKIA…`, `ref4111…`) is still a secret. Over-redaction is the safe failure.
const SECRET_SHAPES: readonly RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  /\b(Bearer|Basic|Digest)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /(?<![A-Z0-9])(AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|APKA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])/g,
];
// A run of base64url text with two or more dots, matched from the start of the run only: a
// regex that may start at every `eyJ` inside one run is quadratic (`eyJeyJeyJ…` took seconds).
const DOTTED_RUN = /(?<![A-Za-z0-9_.-])[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*){2,}/g;
const JWT_START = 'eyJ'; // base64url of `{"`, how every JWT header begins
const CARD_CANDIDATE = /(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)/g;
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
  out = out.replace(DOTTED_RUN, redactJwts);
  return out.replace(CARD_CANDIDATE, (m) => (passesLuhn(m.replace(/[ -]/g, '')) ? REDACTED : m));
}

/** A dotted run with every `…eyJ<header>.<payload>.<signature>` in it replaced, text glued before it kept. */
function redactJwts(run: string): string {
  const parts = run.split('.');
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    const at = part.indexOf(JWT_START);
    if (at >= 0 && part.length - at >= 7 && i + 2 < parts.length && (parts[i + 1] as string).length >= 4) {
      out.push(part.slice(0, at) + REDACTED);
      i += 2; // the payload and signature went with it
    } else out.push(part);
  }
  return out.join('.');
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
        // Defined, not assigned: `out['__proto__'] = x` would set the prototype, not add a key.
        Object.defineProperty(out, key, {
          value: isSecretKey(key) && child !== null ? this.mark(childPath) : this.value(child, childPath),
          enumerable: true, writable: true, configurable: true,
        });
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
