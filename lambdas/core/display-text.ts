/**
 * Text shown to people — the Markdown report, CSV exports, the CLI's and the verifier's
 * text output — carries event data that any writer chose. A terminal obeys ESC and BEL
 * sequences in it (clear the screen, retitle the window, fake a prompt), so every control
 * character becomes a visible escape before it is shown. JSON output needs none of this:
 * its own escaping already covers control characters.
 */

// C0 controls except tab and line breaks (the formats handle those themselves), DEL, the C1
// controls (0x9b is a one-byte CSI), the Unicode line and paragraph separators, and the
// bidirectional overrides that make a line read differently from what it holds.
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const LINE_BREAKS = /[\t\n\r]/g;

/** The text with every control character shown as `\uXXXX`; tab, CR and LF kept as they are. */
export function neutraliseControls(text: string): string {
  return text.replace(CONTROLS, escapeOf);
}

/** The text on one line: controls, tabs and line breaks all shown as `\uXXXX`. */
export function neutraliseLine(text: string): string {
  return neutraliseControls(text).replace(LINE_BREAKS, escapeOf);
}

function escapeOf(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
