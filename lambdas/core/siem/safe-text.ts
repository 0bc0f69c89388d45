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
 */
import { neutraliseControls, neutraliseLine } from '../display-text';

/** Text for a one-line field: every control character, tab, CR and LF included, shown as `\uXXXX`. */
export function oneLine(text: string): string {
  return neutraliseLine(text.toWellFormed());
}

/** Text whose CR and LF the format escapes itself: every other control (tab too) shown as `\uXXXX`. */
export function keepLineBreaks(text: string): string {
  return neutraliseControls(text.toWellFormed()).replace(/\t/g, '\\u0009');
}

// Characters JSON.stringify leaves raw: DEL, C1, the line/paragraph separators, bidi overrides.
const JSON_RAW = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** A JSON value as one line of JSON text holding no raw control or separator character. */
export function jsonLine(value: unknown): string {
  // JSON.stringify writes lone surrogates as `\udXXX` escapes itself: lossless, and never raw.
  return JSON.stringify(value).replace(JSON_RAW, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
