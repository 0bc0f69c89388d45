/**
 * Threat T3 (log injection): a caller-controlled field carrying a line break and a forged
 * security line cannot add a line to the security log, nor change another field of its
 * own line, because each line is one JSON object serialised whole.
 */
import { describe, expect, it } from '@jest/globals';
import { StdoutSecurityLog } from '../../../lambdas/adapters/stdout/stdout-security-log';
import type { TableChange } from '../../../lambdas/core/monitoring/table-change';
import { securityLineOf } from '../../../lambdas/core/monitoring/security-line';

const FORGED = '{"logType":"security","eventType":"auth.login.success","actorUserId":"admin"}';
const HOSTILE_USER = `mallory\n${FORGED}\r\n`;

function insertOf(userId: string): TableChange {
  return {
    kind: 'INSERT',
    item: { kind: 'event', eventId: 'e-inj' },
    newItem: {
      eventId: 'e-inj',
      eventType: 'auth.login.failure',
      category: 'authentication',
      severity: 'medium',
      outcome: 'failure',
      occurredAt: '2026-11-20T10:15:30.000Z',
      actor: { userId, ip: '203.0.113.9' },
      target: { type: 'user', id: `victim\n${FORGED}` },
    },
    byTimeToLive: false,
    changedAt: '2026-11-20T10:15:31.000Z',
  };
}

async function writtenText(change: TableChange): Promise<string> {
  let text = '';
  const log = new StdoutSecurityLog((chunk) => {
    text += chunk;
  });
  const line = securityLineOf(change);
  if (!line) throw new Error('expected a security line');
  await log.write(line);
  return text;
}

describe('security log lines under injection', () => {
  it('stay one line however many line breaks a field holds', async () => {
    const text = await writtenText(insertOf(HOSTILE_USER));

    expect(text.split('\n').filter((l) => l !== '')).toHaveLength(1);
  });

  it('keep the hostile text inside its own field, leaving the event type as recorded', async () => {
    const text = await writtenText(insertOf(HOSTILE_USER));

    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(parsed.actorUserId).toBe(HOSTILE_USER);
    expect(parsed.eventType).toBe('auth.login.failure');
  });
});
