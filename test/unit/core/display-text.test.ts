import fc from 'fast-check';
import { describe, expect, it } from '@jest/globals';
import { eventLine, jsonText } from '../../../bin/cli-output';
import { buildStoredEvent } from '../../../lambdas/core/build-event';
import { neutraliseControls, neutraliseLine } from '../../../lambdas/core/display-text';
import type { ComplianceReport } from '../../../lambdas/core/query/api-schemas';
import { renderReportMarkdown } from '../../../lambdas/core/query/report-markdown';
import { anEvent } from '../../fixtures/events';

// What a terminal obeys: C0 (but tab and line breaks), DEL, C1, line separators, bidi overrides.
const TERMINAL_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const CLEAR_SCREEN = '\u001b[2J\u001b[H\u0007';

/** A compliance report whose every caller-chosen text is `text`. */
function reportWith(text: string): ComplianceReport {
  const at = '2026-11-20T10:00:00.000Z';
  return {
    period: { from: at, to: at }, generatedAt: at, generatedBy: text,
    eventTypes: [{ eventType: text, category: 'system', count: 1, failures: 0 }],
    users: [{ userId: text, events: 1, failures: 0, denials: 0, firstSeen: at, lastSeen: at }],
    highAndCritical: { total: 1, listed: [{ eventId: 'e', occurredAt: at, eventType: text, severity: 'high', outcome: 'failure', target: { type: 'user', id: text }, userId: text }] },
    failedLogins: { total: 1, byUser: [{ key: text, count: 1 }], byIp: [] },
    denials: { total: 0, byUser: [], byIp: [] },
    integrity: { status: 'failed', findings: [{ code: 'event_hash_mismatch', message: text }] },
    coverage: { totalEvents: 1, firstEvent: at, lastEvent: at, gaps: [] },
    lateArrivals: { thresholdSeconds: 300, total: 1, maxDelaySeconds: 3600, latest: [{ eventId: 'e', delaySeconds: 3600, occurredAt: at, ingestedAt: at, eventType: text, userId: text }] },
  };
}

describe('neutraliseControls', () => {
  it('shows ESC, BEL and DEL as visible escapes', () => {
    expect(neutraliseControls(`a${CLEAR_SCREEN}\u007fb`)).toBe('a\\u001b[2J\\u001b[H\\u0007\\u007fb');
  });
  it('shows the one-byte CSI and a right-to-left override', () => {
    expect(neutraliseControls('\u009b31m\u202eabc')).toBe('\\u009b31m\\u202eabc');
  });
  it('keeps tabs, line breaks and ordinary Unicode', () => {
    expect(neutraliseControls('Kingston\tWH-01\r\nété 避难所 🚚')).toBe('Kingston\tWH-01\r\nété 避难所 🚚');
  });
  it('leaves no control character in any text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => {
      expect(neutraliseControls(text)).not.toMatch(TERMINAL_CONTROL);
    }));
  });
  it('puts line breaks and tabs on one line in neutraliseLine', () => {
    expect(neutraliseLine('a\nb\tc\r')).toBe('a\\u000ab\\u0009c\\u000d');
  });
});

describe('human-facing output', () => {
  it('renders the Markdown report with no terminal escape from event data', () => {
    const markdown = renderReportMarkdown(reportWith(`evil${CLEAR_SCREEN}`));
    expect(markdown).not.toMatch(TERMINAL_CONTROL);
    expect(markdown).toContain('evil\\u001b\\[2J'); // the [ escaped by the Markdown cell rule
  });
  it('prints a CLI event line with no terminal escape from event data', () => {
    const stamp = { eventId: '6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b', source: 'local:writer', ingestedAt: new Date('2026-11-20T10:16:00.000Z') };
    const event = buildStoredEvent(anEvent({ actor: { userId: `u${CLEAR_SCREEN}\nforged line` }, target: { type: 'user', id: '\u0007' } }), stamp);
    const line = eventLine(event);
    expect(line).not.toMatch(TERMINAL_CONTROL);
    expect(line).not.toContain('\n');
  });
});

describe('CLI --json output', () => {
  it('is the same JSON, with DEL, C1 and bidi characters escaped', () => {
    const value = { userId: 'a\u009b2J\u007f\u202eb', note: 'tab\tok' };
    const text = jsonText(value);
    expect(text).not.toMatch(TERMINAL_CONTROL);
    expect(JSON.parse(text)).toEqual(value);
  });
});
