/**
 * What keeps a record on its line whatever a writer put in an event. A SIEM transport is a
 * stream of lines or frames: a raw CR, LF, NUL, ESC or a Unicode line separator in a field
 * could end a record early, forge a second one, or drive the terminal of whoever reads it.
 *
 * - Text formats (CEF, the RFC 5424 header): every control character that the format has no
 *   escape of its own for is shown as the six visible characters `\uXXXX` (the house rule of
 *   `display-text.ts`: C0 controls, DEL, C1 controls, U+2028, U+2029 and the bidirectional
 *   overrides). Lone surrogates become U+FFFD, as any UTF-8 encoder would make them.
 * - JSON formats: JSON.stringify already escapes C0 controls; `jsonLine` also escapes DEL,
 *   C1, the separators and the bidirectional overrides as JSON `\uXXXX`, so the parsed value
 *   is exactly the stored one and the text still holds no such character raw.
 *
 * The forwarder runs these for every field of every event, and nearly every field holds
 * nothing to change: one precompiled test answers that, and only text that fails it is
 * rewritten.
 */
import { neutraliseControls, neutraliseLine } from '../display-text';

/**
 * Every character any of these functions may rewrite, as the body of a character class:
 * C0 controls (tab, CR, LF included), DEL, C1, the separators, the bidirectional overrides,
 * and any surrogate (a lone one becomes U+FFFD; a pair is left as it is, but finding out is
 * the slow path's job). Formats add their own escaped characters to it, to test once.
 */
const UNSAFE_CHARS = '\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069\\ud800-\\udfff';

/** A character class matching what `oneLine` or `keepLineBreaks` would rewrite, and `also`. */
export function unsafeTextTest(also = ''): RegExp {
  return new RegExp(`[${UNSAFE_CHARS}${also}]`);
}

const UNSAFE_TEXT = unsafeTextTest();

/** Text for a one-line field: every control character, tab, CR and LF included, shown as `\uXXXX`. */
export function oneLine(text: string): string {
  return UNSAFE_TEXT.test(text) ? neutraliseLine(text.toWellFormed()) : text;
}

/** Text whose CR and LF the format escapes itself: every other control (tab too) shown as `\uXXXX`. */
export function keepLineBreaks(text: string): string {
  return UNSAFE_TEXT.test(text) ? neutraliseControls(text.toWellFormed()).replace(/\t/g, '\\u0009') : text;
}

// Characters JSON.stringify leaves raw: DEL, C1, the line/paragraph separators, bidi overrides.
const JSON_RAW = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const JSON_RAW_ALL = new RegExp(JSON_RAW.source, 'g');

/** A JSON value as one line of JSON text holding no raw control or separator character. */
export function jsonLine(value: unknown): string {
  // JSON.stringify writes lone surrogates as `\udXXX` escapes itself: lossless, and never raw.
  const text = JSON.stringify(value);
  return JSON_RAW.test(text) ? text.replace(JSON_RAW_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : text;
}
