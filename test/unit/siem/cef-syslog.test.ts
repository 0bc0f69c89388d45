/**
 * CEF and RFC 5424 records with hostile field values, read back by small parsers written
 * here from the specs (not from the code under test): every value comes back as stored,
 * with the documented visible `\uXXXX` form for control characters, and no value can
 * split a record or forge a key, a header field or a structured-data parameter.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { StoredEvent } from '../../../lambdas/core/event-schema';
import { cefMessage } from '../../../lambdas/core/siem/cef';
import { siemRecord } from '../../../lambdas/core/siem/records';
import { octetCountingFrame, syslogMessage } from '../../../lambdas/core/siem/syslog';
import { storedSample } from './sample-events';

// ---- the independent readers -------------------------------------------------------------

/** The documented visible form: controls (all but CR/LF in extension values) as `\uXXXX`. */
function visible(text: string, keepLineBreaks: boolean): string {
  let out = '';
  for (const c of text.toWellFormed()) {
    const code = c.codePointAt(0)!;
    const control = code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 ||
      (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
    const lineBreak = c === '\r' || c === '\n';
    out += control && !(keepLineBreaks && lineBreak) ? `\\u${code.toString(16).padStart(4, '0')}` : c;
  }
  return out;
}

interface Cef { readonly header: string[]; readonly extension: Map<string, string> }

function parseCef(line: string): Cef {
  const header: string[] = [];
  let field = '';
  let i = 0;
  while (header.length < 7) {
    const c = line[i++];
    if (c === undefined) throw new Error('header ends early');
    if (c === '\\') {
      const next = line[i++];
      if (next !== '\\' && next !== '|') throw new Error(`bad header escape \\${next}`);
      field += next;
    } else if (c === '|') {
      header.push(field);
      field = '';
    } else field += c;
  }
  return { header, extension: parseExtension(line.slice(i)) };
}

const EXT_UNESCAPE: Record<string, string> = { '\\': '\\', '=': '=', r: '\r', n: '\n' };

function parseExtension(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  while (i < text.length) {
    const key = /^([A-Za-z0-9_.]+)=/.exec(text.slice(i));
    if (!key) throw new Error(`no key at ${i}`);
    i += key[0].length;
    let value = '';
    while (i < text.length) {
      const c = text[i]!;
      if (c === '\\') {
        const unescaped = EXT_UNESCAPE[text[i + 1] ?? ''];
        if (unescaped === undefined) throw new Error('bad extension escape');
        value += unescaped;
        i += 2;
      } else if (c === '=') {
        throw new Error('unescaped = in a value');
      } else if (c === ' ' && /^ [A-Za-z0-9_.]+=/.test(text.slice(i))) {
        i += 1;
        break;
      } else {
        value += c;
        i += 1;
      }
    }
    if (out.has(key[1]!)) throw new Error(`key ${key[1]} twice`);
    out.set(key[1]!, value);
  }
  return out;
}

interface Syslog { pri: number; version: string; fields: string[]; sd: { id: string; params: Map<string, string> }; msg: string }

function parseSyslog(message: string): Syslog {
  const head = /^<(\d{1,3})>(\d) (\S+) (\S+) (\S+) (\S+) (\S+) \[/.exec(message);
  if (!head) throw new Error('no RFC 5424 header');
  let i = head[0].length;
  const id = /^[^ =\]"]+/.exec(message.slice(i))![0];
  i += id.length;
  const params = new Map<string, string>();
  while (message[i] === ' ') {
    const name = /^ ([^ =\]"]+)="/.exec(message.slice(i));
    if (!name) throw new Error('bad SD-PARAM');
    i += name[0].length;
    let value = '';
    for (; message[i] !== '"'; i++) {
      if (i >= message.length) throw new Error('unterminated PARAM-VALUE');
      if (message[i] === '\\' && ['"', '\\', ']'].includes(message[i + 1]!)) i++;
      else if (message[i] === ']') throw new Error('unescaped ] in PARAM-VALUE');
      value += message[i];
    }
    i += 1;
    params.set(name[1]!, value);
  }
  if (message.slice(i, i + 2) !== '] ') throw new Error('SD-ELEMENT not closed');
  return { pri: Number(head[1]), version: head[2]!, fields: head.slice(3, 8) as string[], sd: { id, params }, msg: message.slice(i + 2) };
}

// ---- generators (stored events are well-formed: the content hash refuses lone surrogates) ----------------------------------------------------------------------------

const HOSTILE_UNITS = ['\r', '\n', '\r\n', '\u0000', '\u001b', '\u001b[2J', '\u0007', '\t', '\u007f', '\u0085', '\u009b', '\u2028', '\u2029', '\u202e',
  '|', '\\', '=', ' ', '"', ']', '[', 'CEF:0|', ' act=forged', 'a', 'é', '🙂'];
const hostileText = (min = 0) => fc.array(fc.oneof(fc.constantFrom(...HOSTILE_UNITS), fc.string({ unit: 'binary', maxLength: 3 }).filter((t) => t.isWellFormed())), { minLength: min, maxLength: 12 }).map((parts) => parts.join(''));

const hostileEvent = fc
  .record({ userId: hostileText(1), reason: hostileText(), userAgent: hostileText(), targetId: hostileText(1), role: hostileText(1) })
  .map(({ userId, reason, userAgent, targetId, role }): StoredEvent =>
    storedSample('account.update', { actor: { userId, userAgent, roles: [role], ip: '2001:db8::7' }, target: { type: 'user', id: targetId }, reason }));

const RAW_BREAKERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

// ---- tests ----------------------------------------------------------------------------------

describe('cefMessage', () => {
  it('has the CEF:0 header of the event, with our severity scale', () => {
    const { header } = parseCef(cefMessage(storedSample('auth.login.failure')));
    expect(header).toEqual(['CEF:0', 'DMIS', 'Audit Trail', '0.1.0', 'auth.login.failure', 'a login attempt failed', '8']);
  });

  it.each([['auth.logout', '3'], ['donation.update', '5'], ['authz.role.grant', '8'], ['audit.integrity.failed', '10']])(
    'maps the severity of %s to %s', (type, severity) => {
      expect(parseCef(cefMessage(storedSample(type))).header[6]).toBe(severity);
    });

  it('carries the standard keys and labelled custom strings of a stored event', () => {
    const event = storedSample('authz.access.denied');
    const ext = parseCef(cefMessage(event)).extension;
    expect(Object.fromEntries(ext)).toMatchObject({
      rt: String(Date.parse(event.occurredAt)), externalId: event.eventId, cat: 'authorization', act: 'deny', outcome: 'denied',
      suser: 'officer-17', src: '203.0.113.9', cs1: event.contentHash, cs1Label: 'contentHash', cs2: 'route', cs3: '/admin/users/',
      cs5: event.source, cs5Label: 'sourcePrincipal', deviceCustomDate1: String(Date.parse(event.ingestedAt)), deviceCustomDate1Label: 'ingestedAt',
    });
    expect(ext.has('duser')).toBe(false);
  });

  it('puts an IPv6 source in c6a2, not src', () => {
    const ext = parseCef(cefMessage(storedSample('auth.logout', { actor: { userId: 'jdoe', ip: '2001:db8::1' } }))).extension;
    expect([ext.get('c6a2'), ext.get('c6a2Label'), ext.has('src')]).toEqual(['2001:db8::1', 'Source IPv6 Address', false]);
  });

  it('lists redacted paths as a JSON array in cs6', () => {
    const event = storedSample('account.update', { metadata: { password: 'hunter2-hunter2' } });
    expect(JSON.parse(parseCef(cefMessage(event)).extension.get('cs6')!)).toEqual(event.redactedPaths);
  });

  it('gives back every hostile value, only controls shown visibly, and never an extra key', () => {
    fc.assert(fc.property(hostileEvent, (event) => {
      const { header, extension } = parseCef(cefMessage(event));
      expect(header[4]).toBe('account.update');
      expect(Object.fromEntries(extension)).toMatchObject({
        suser: visible(event.actor.userId, true),
        msg: visible(event.reason!, true),
        requestClientApplication: visible(event.actor.userAgent!, true),
        duser: visible(event.target!.id, true),
        cs3: visible(event.target!.id, true),
        spriv: visible(event.actor.roles!.join(','), true),
        act: 'update',
      });
      const expectedKeys = ['rt', 'externalId', 'cat', 'act', 'outcome', 'suser', 'spriv', 'c6a2', 'c6a2Label', 'requestClientApplication', 'duser', 'msg',
        'cs1', 'cs1Label', 'cs2', 'cs2Label', 'cs3', 'cs3Label', 'cs5', 'cs5Label', 'deviceCustomDate1', 'deviceCustomDate1Label'];
      expect([...extension.keys()]).toEqual(expectedKeys);
    }), { numRuns: 300 });
  });

  it('escapes a header field per the spec and keeps it on the line', () => {
    const event = { ...storedSample('custom.warehouse.stock_count'), eventType: 'a|b\\c\r\nCEF:0|x' };
    expect(parseCef(cefMessage(event)).header[4]).toBe('a|b\\c\\u000d\\u000aCEF:0|x');
  });
});

describe('syslogMessage', () => {
  it('frames the CEF line in an RFC 5424 header with our PRI, timestamp and structured data', () => {
    const event = storedSample('auth.login.failure');
    const cef = siemRecord('cef', event).body;
    const parsed = parseSyslog(syslogMessage({ hostname: 'audit.example.gov' }, event, cef));
    expect(parsed).toEqual({
      pri: 13 * 8 + 4, version: '1', fields: ['2026-11-20T10:15:30.000Z', 'audit.example.gov', 'dmis-audit', '-', 'auth.login.failure'],
      sd: { id: 'dmis@32473', params: new Map([['eventId', event.eventId], ['contentHash', event.contentHash]]) }, msg: cef,
    });
  });

  it.each([['low', 6], ['medium', 5], ['high', 4], ['critical', 2]] as const)('maps severity %s to syslog %i under the chosen facility', (severity, syslog) => {
    const event = { ...storedSample('system.debug'), severity };
    expect(parseSyslog(syslogMessage({ facility: 10 }, event, 'x')).pri).toBe(10 * 8 + syslog);
  });

  it('refuses a facility outside 0–23', () => {
    expect(() => syslogMessage({ facility: 24 }, storedSample('auth.logout'), 'x')).toThrow(/facility/);
  });

  it('keeps header fields printable ASCII within RFC 5424 lengths, NILVALUE when empty', () => {
    const event = { ...storedSample('custom.warehouse.stock_count'), eventType: `custom.${'x'.repeat(40)}.y`, occurredAt: '2026-11-20T10:15:30.123456789Z' };
    const parsed = parseSyslog(syslogMessage({ hostname: 'host name\n<13>1 forged', appName: 'a'.repeat(60), procId: '' }, event, 'm'));
    expect(parsed.fields).toEqual(['2026-11-20T10:15:30.123456Z', 'host_name_<13>1_forged', 'a'.repeat(48), '-', 'system']);
  });

  it('escapes ", \\ and ] in structured-data values, and no value ends the element', () => {
    fc.assert(fc.property(hostileText(1), hostileText(1), (eventId, contentHash) => {
      const event = { ...storedSample('auth.logout'), eventId, contentHash };
      const parsed = parseSyslog(syslogMessage({}, event, 'body'));
      expect(parsed.sd.params).toEqual(new Map([['eventId', visible(eventId, false)], ['contentHash', visible(contentHash, false)]]));
      expect(parsed.msg).toBe('body');
    }), { numRuns: 300 });
  });

  it('never holds a raw CR, LF, NUL, ESC or other control, whatever the format and the values', () => {
    fc.assert(fc.property(hostileEvent, fc.constantFrom('cef', 'json', 'ocsf' as const), (event, format) => {
      const record = siemRecord(format, event);
      expect(record.body).not.toMatch(RAW_BREAKERS);
      expect(syslogMessage({ hostname: 'h' }, event, record.body)).not.toMatch(RAW_BREAKERS);
    }), { numRuns: 300 });
  });

  it('shows controls in a text MSG visibly', () => {
    expect(parseSyslog(syslogMessage({}, storedSample('auth.logout'), 'a\nb\u001b')).msg).toBe('a\\u000ab\\u001b');
  });
});

describe('octetCountingFrame', () => {
  it('prefixes the length in UTF-8 bytes, not characters', () => {
    const frame = octetCountingFrame('é🙂x');
    expect(frame.toString('latin1', 0, 2)).toBe('7 ');
    expect(frame.subarray(2).toString('utf8')).toBe('é🙂x');
  });

  it('counts a lone surrogate as the three bytes of U+FFFD it is sent as', () => {
    expect(octetCountingFrame('\ud800').toString('utf8')).toBe('3 \ufffd');
  });

  it('frames any message so a reader takes exactly its bytes back', () => {
    fc.assert(fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 50 }), { minLength: 1, maxLength: 5 }), (messages) => {
      const stream = Buffer.concat(messages.map(octetCountingFrame));
      const read: string[] = [];
      for (let at = 0; at < stream.length;) {
        const space = stream.indexOf(0x20, at);
        const length = Number(stream.toString('ascii', at, space));
        read.push(stream.toString('utf8', space + 1, space + 1 + length));
        at = space + 1 + length;
      }
      expect(read).toEqual(messages.map((m) => m.toWellFormed()));
    }));
  });
});
