/**
 * RFC 8785 (JSON Canonicalization Scheme), written for the console on purpose: the
 * auditor's check recomputes every hash with code that shares nothing with the server's.
 * Keys sorted by UTF-16 code units, strings escaped as ECMAScript JSON.stringify does
 * (RFC 8785 §3.2.2.2), numbers in ECMAScript's shortest form (§3.2.2.3), no whitespace.
 */

/** Deeper than any stored event can be (the API refuses input nested beyond 32 levels). */
const MAX_DEPTH = 100;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The canonical text of a JSON value; a TypeError names what has no canonical form. */
export function canonicalJson(value: unknown): string {
  return serialize(value, 0);
}

function serialize(value: unknown, depth: number): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${value} has no JSON form`);
      // ECMAScript's Number-to-String is the RFC's number form; -0 is written 0.
      return Object.is(value, -0) ? '0' : String(value);
    case 'string':
      return serializeString(value);
    case 'object':
      if (depth >= MAX_DEPTH) throw new TypeError(`nested deeper than ${MAX_DEPTH} levels`);
      return Array.isArray(value) ? serializeArray(value, depth + 1) : serializeObject(value, depth + 1);
    default:
      throw new TypeError(`a ${typeof value} has no JSON form`);
  }
}

function serializeString(text: string): string {
  if (LONE_SURROGATE.test(text)) throw new TypeError('a string holds a lone surrogate');
  // JSON.stringify on a string escapes exactly as §3.2.2.2 requires: ", \, \b \f \n \r \t,
  // other controls as lowercase \u00XX, everything else as itself.
  return JSON.stringify(text);
}

function serializeArray(items: readonly unknown[], depth: number): string {
  return `[${items.map((item) => serialize(item, depth)).join(',')}]`;
}

function serializeObject(object: object, depth: number): string {
  const members: string[] = [];
  // Default sort compares UTF-16 code units, the order §3.2.3 prescribes.
  for (const key of Object.keys(object).sort()) {
    const member = (object as Record<string, unknown>)[key];
    // Absent in JSON: a property whose value is undefined is not written, as JSON.stringify does.
    if (member !== undefined) members.push(`${serializeString(key)}:${serialize(member, depth)}`);
  }
  return `{${members.join(',')}}`;
}
