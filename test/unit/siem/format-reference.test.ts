/**
 * The record formatters give, byte for byte, what a plain implementation of the same rules
 * gives: the one below builds each record the obvious way (every field through every
 * escape, arrays joined, nothing cached), and every record, message and frame of the real
 * ones must equal it, for realistic events, hostile values and header options.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { CATEGORIES, lookupEventType, SEVERITIES } from '../../../lambdas/core/catalogue';
import { neutraliseControls, neutraliseLine } from '../../../lambdas/core/display-text';
import type { StoredEvent } from '../../../lambdas/core/event-schema';
import { cefMessage } from '../../../lambdas/core/siem/cef';
import { jsonRecord } from '../../../lambdas/core/siem/json';
import { SIEM_PRODUCT } from '../../../lambdas/core/siem/product';
import { jsonLine } from '../../../lambdas/core/siem/safe-text';
import { octetCountingFrame, syslogMessage, type SyslogOptions } from '../../../lambdas/core/siem/syslog';
import { SAMPLE_TYPES, storedSample } from './sample-events';

// ---- the reference --------------------------------------------------------------------------

const refOneLine = (text: string) => neutraliseLine(text.toWellFormed());
const refKeepLineBreaks = (text: string) => neutraliseControls(text.toWellFormed()).replace(/\t/g, '\\u0009');
const refJsonLine = (value: unknown) =>
  JSON.stringify(value).replace(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const CEF_SEVERITY: Record<string, number> = { low: 3, medium: 5, high: 8, critical: 10 };
const EXT_ESCAPES: Record<string, string> = { '\\': '\\\\', '=': '\\=', '\r': '\\r', '\n': '\\n' };

function refCef(event: StoredEvent): string {
  const { actor, target } = event;
  const description = lookupEventType(event.eventType, event.category)?.description ?? event.eventType;
  const header = [SIEM_PRODUCT.vendor, SIEM_PRODUCT.name, SIEM_PRODUCT.version, event.eventType, description, String(CEF_SEVERITY[event.severity])]
    .map((field) => refOneLine(field).replace(/[\\|]/g, (c) => `\\${c}`));
  const custom = (key: string, label: string, value: string | undefined): [string, string | undefined][] =>
    value === undefined ? [] : [[key, value], [`${key}Label`, label]];
  const source: [string, string | undefined][] =
    actor.ip === undefined ? [] : actor.ip.includes(':') ? custom('c6a2', 'Source IPv6 Address', actor.ip) : [['src', actor.ip]];
  const pairs: [string, string | undefined][] = [
    ['rt', String(Date.parse(event.occurredAt))], ['externalId', event.eventId], ['cat', event.category], ['act', event.action],
    ['outcome', event.outcome], ['suser', actor.userId], ['spriv', actor.roles?.join(',')], ...source,
    ['requestClientApplication', actor.userAgent], ['duser', target && ['user', 'account'].includes(target.type) ? target.id : undefined],
    ['msg', event.reason], ...custom('cs1', 'contentHash', event.contentHash), ...custom('cs2', 'targetType', target?.type),
    ...custom('cs3', 'targetId', target?.id), ...custom('cs4', 'sessionId', actor.sessionId), ...custom('cs5', 'sourcePrincipal', event.source),
    ...custom('cs6', 'redactedPaths', event.redactedPaths.length > 0 ? JSON.stringify(event.redactedPaths) : undefined),
    ...custom('deviceCustomDate1', 'ingestedAt', String(Date.parse(event.ingestedAt))),
  ];
  const extension = pairs
    .filter((pair): pair is [string, string] => pair[1] !== undefined)
    .map(([key, value]) => `${key}=${refKeepLineBreaks(value).replace(/[\\=\r\n]/g, (c) => EXT_ESCAPES[c]!)}`);
  return `CEF:0|${header.join('|')}|${extension.join(' ')}`;
}

const SYSLOG_SEVERITY: Record<string, number> = { low: 6, medium: 5, high: 4, critical: 2 };

function refSyslog(options: SyslogOptions, event: StoredEvent, msg: string): string {
  const field = (value: string | undefined, max: number) => (value ?? '').replace(/[^\x21-\x7e]/g, '_').slice(0, max) || '-';
  const iso = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/.exec(event.occurredAt);
  const timestamp = iso ? `${iso[1]}${iso[2] ? `.${iso[2].slice(0, 6)}` : ''}Z` : '-';
  const param = (value: string) => refOneLine(value).replace(/["\\\]]/g, (c) => `\\${c}`);
  const header = [
    `<${(options.facility ?? 13) * 8 + SYSLOG_SEVERITY[event.severity]!}>1`, timestamp, field(options.hostname, 255),
    field(options.appName ?? 'dmis-audit', 48), field(options.procId, 128), field(event.eventType.length <= 32 ? event.eventType : event.category, 32),
  ];
  return `${header.join(' ')} [dmis@32473 eventId="${param(event.eventId)}" contentHash="${param(event.contentHash)}"] ${refOneLine(msg)}`;
}

const refFrame = (message: string) => {
  const bytes = Buffer.from(message.toWellFormed(), 'utf8');
  return Buffer.concat([Buffer.from(`${bytes.length} `, 'ascii'), bytes]);
};

// ---- generators -----------------------------------------------------------------------------

const HOSTILE_UNITS = ['\r', '\n', '\t', '\u0000', '\u001b[2J', '\u007f', '\u0085', '\u2028', '\u202e', '\u2066', '|', '\\', '=', ' ', '"', ']',
  'CEF:0|', ' act=x', 'é', '🙂', '\ud800', '\udc00', 'a', 'plain-text_1.2'];
const text = (min = 0) => fc.array(fc.oneof(fc.constantFrom(...HOSTILE_UNITS), fc.string({ unit: 'binary', maxLength: 4 }), fc.string({ maxLength: 20 })),
  { minLength: min, maxLength: 10 }).map((parts) => parts.join('')).filter((t) => t.length >= min);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const instant = fc.oneof(
  fc.date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('2026-11-20T10:15:30Z', '2026-11-20T10:15:30.123456789Z', '2026-11-20T10:15:30+01:00', 'not a date'),
);
const eventType = fc.oneof(fc.constantFrom(...SAMPLE_TYPES), fc.constantFrom('custom.a.b', `custom.${'x'.repeat(40)}.y`), text(1));
const ip = fc.oneof(fc.ipV4(), fc.ipV6(), text(1));

const anyEvent = fc.record({
  type: fc.constantFrom(...SAMPLE_TYPES), eventType, category: fc.constantFrom(...CATEGORIES), severity: fc.constantFrom(...SEVERITIES),
  occurredAt: instant, ingestedAt: instant, eventId: text(1), contentHash: text(1), source: text(), action: text(), outcome: text(),
  userId: text(1), roles: maybe(fc.array(text(1), { maxLength: 3 })), ip: maybe(ip), userAgent: maybe(text()), sessionId: maybe(text(1)),
  target: maybe(fc.record({ type: fc.oneof(fc.constantFrom('user', 'account', 'donation'), text(1)), id: text(1) })),
  reason: maybe(text()), redactedPaths: fc.array(text(1), { maxLength: 3 }),
}).map(({ type, userId, roles, ip: address, userAgent, sessionId, target, reason, ...stamped }): StoredEvent => {
  const actor = { userId, ...(roles ? { roles } : {}), ...(address ? { ip: address } : {}), ...(userAgent !== undefined ? { userAgent } : {}), ...(sessionId ? { sessionId } : {}) };
  const { target: _target, reason: _reason, ...base } = storedSample(type);
  return { ...base, ...stamped, actor, ...(target ? { target } : {}), ...(reason !== undefined ? { reason } : {}) } as StoredEvent;
});

const options: fc.Arbitrary<SyslogOptions> = fc.record(
  { hostname: text(), appName: text(), procId: text(), facility: fc.integer({ min: 0, max: 23 }) },
  { requiredKeys: [] },
);

// ---- tests ----------------------------------------------------------------------------------

describe('the formatters against the plain reference', () => {
  it('every catalogue sample gives the same CEF line, RFC 5424 message and frame', () => {
    for (const type of SAMPLE_TYPES) {
      const event = storedSample(type);
      const message = syslogMessage({ hostname: 'audit.example.gov' }, event, cefMessage(event));
      expect(message).toBe(refSyslog({ hostname: 'audit.example.gov' }, event, refCef(event)));
      expect(octetCountingFrame(message).equals(refFrame(message))).toBe(true);
    }
  });

  it('cefMessage equals the reference for any event', () => {
    fc.assert(fc.property(anyEvent, (event) => {
      expect(cefMessage(event)).toBe(refCef(event));
      expect(cefMessage(event)).toBe(refCef(event)); // a second time, from the cached header
    }), { numRuns: 1000 });
  });

  it('syslogMessage equals the reference for any options, event and MSG', () => {
    fc.assert(fc.property(options, anyEvent, fc.oneof(text(), anyEvent.map(cefMessage)), (opts, event, msg) => {
      expect(syslogMessage(opts, event, msg)).toBe(refSyslog(opts, event, msg));
    }), { numRuns: 1000 });
  });

  it('octetCountingFrame gives the reference bytes for any text, lone surrogates included', () => {
    fc.assert(fc.property(fc.oneof(text(), fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 200 })), (message) => {
      expect(octetCountingFrame(message).equals(refFrame(message))).toBe(true);
    }), { numRuns: 1000 });
  });

  it('jsonLine and the JSON record equal the reference', () => {
    fc.assert(fc.property(fc.oneof(fc.jsonValue(), text()), anyEvent, (value, event) => {
      expect(jsonLine(value)).toBe(refJsonLine(value));
      expect(jsonRecord(event)).toBe(refJsonLine(event));
    }), { numRuns: 500 });
  });

  it('stays equal past the header cache bound, with many custom event types', () => {
    const base = storedSample('custom.warehouse.stock_count');
    for (let i = 0; i < 2100; i++) {
      const event = { ...base, eventType: `custom.warehouse.t${i % 1500}`, severity: SEVERITIES[i % 4]! };
      expect(cefMessage(event)).toBe(refCef(event));
    }
  });
});
