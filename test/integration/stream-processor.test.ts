/**
 * The stream processor on real DynamoDB Local stream records: events ingested through
 * the ingest use case, read from the table's stream by the local poller, processed by the
 * Lambda handler. Then, for every log rule, the lines it actually wrote are matched
 * against the rule's rendered filter pattern as CloudWatch would match them.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildAuditServices } from '../../lambdas/composition/audit-services';
import { ITEM_KEYS } from '../../lambdas/adapters/dynamodb/table-schema';
import { renderFilterPattern } from '../../lambdas/core/monitoring/filter-pattern';
import { matchesFilterPattern } from '../../lambdas/core/monitoring/filter-pattern-evaluator';
import { logRules, monitoringRules } from '../../lambdas/core/monitoring/rules';
import { startLocalMonitoring, type LocalMonitoring } from '../../local/monitoring';
import { aFailedLogin, anEvent } from '../fixtures/events';
import { createTestTable, type TestTable } from '../setup/table';
import { waitFor } from '../fixtures/wait-for';

const WRITER = { principal: 'local:writer' };
const ALLOWED_ADMIN = 'idm-service';
const rules = logRules(monitoringRules({ roleGrantAllowList: [ALLOWED_ADMIN] }));

const inputs = [
  aFailedLogin('198.51.100.23', 'jdoe'),
  anEvent({ eventType: 'auth.login.success', outcome: 'success', changes: undefined }),
  anEvent({
    eventType: 'authz.access.denied',
    outcome: 'denied',
    target: { type: 'route', id: 'GET /admin' },
    changes: undefined,
  }),
  anEvent({
    eventType: 'authz.role.grant',
    actor: { userId: 'mallory' },
    target: { type: 'user', id: 'mallory' },
    changes: undefined,
  }),
  anEvent({
    eventType: 'authz.role.revoke',
    actor: { userId: ALLOWED_ADMIN },
    target: { type: 'user', id: 'jdoe' },
    changes: undefined,
  }),
  anEvent({ eventType: 'account.create', target: { type: 'user', id: 'newbie' }, changes: undefined }),
  anEvent({ eventType: 'donation.create' }),
  anEvent({ eventType: 'relief_package.update', target: { type: 'relief_package', id: 'RP-1' } }),
  anEvent({ eventType: 'audit.export', changes: undefined }),
];

/** Which event types each rule must count among the lines above (and the MODIFY and REMOVE lines). */
const EXPECTED: Record<string, string[]> = {
  'failed-logins': ['auth.login.failure'],
  'access-denied': ['authz.access.denied'],
  'role-change-outside-allow-list': ['authz.role.grant'],
  'privilege-and-account-changes': ['authz.role.grant', 'authz.role.revoke', 'account.create'],
  'record-change-volume': ['donation.create', 'relief_package.update'],
  'audit-item-tampered': ['audit.item.modified', 'audit.item.removed'],
};


describe('stream processor on the real DynamoDB Local stream', () => {
  let table: TestTable;
  let monitoring: LocalMonitoring;
  let lines: string[];
  let localDir: string;

  beforeAll(async () => {
    table = await createTestTable('stream');
    localDir = await mkdtemp(join(tmpdir(), 'dmis-stream-'));
    monitoring = await startLocalMonitoring({
      localDir,
      endpoint: table.endpoint,
      client: table.client,
      documentClient: table.documentClient,
      tableName: table.tableName,
      rules: { roleGrantAllowList: [ALLOWED_ADMIN] },
      pollIntervalMs: 50,
    });
    await buildAuditServices({ documentClient: table.documentClient, tableName: table.tableName }).ingestEvents.execute(
      { events: inputs },
      WRITER,
    );
    // Tampering is possible locally (no resource policy): exactly what the MODIFY line must reveal.
    await table.documentClient.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { pk: ITEM_KEYS.eventPk(inputs[6]?.eventId as string), sk: ITEM_KEYS.eventSk },
        UpdateExpression: 'SET outcome = :o',
        ExpressionAttributeValues: { ':o': 'failure' },
      }),
    );
    await table.documentClient.send(
      new DeleteCommand({
        TableName: table.tableName,
        Key: { pk: ITEM_KEYS.eventPk(inputs[8]?.eventId as string), sk: ITEM_KEYS.eventSk },
      }),
    );
    lines = await waitFor(async () => {
      const text = await readFile(join(localDir, 'security.ndjson'), 'utf8').catch(() => '');
      const all = text.split('\n').filter(Boolean);
      return all.length >= inputs.length + 2 ? all : undefined;
    });
  });

  afterAll(async () => {
    await monitoring?.stop();
  });

  it('writes one line per new event and one each for the modification and the removal', () => {
    const types = lines.map((l) => JSON.parse(l).eventType).sort();
    expect(types).toEqual([...inputs.map((i) => i.eventType), 'audit.item.modified', 'audit.item.removed'].sort());
  });

  it('writes only the listed fields, never states, changes, metadata or reasons', () => {
    const allowed = [
      'logType',
      'streamEvent',
      'expected',
      'removedBy',
      'eventId',
      'eventType',
      'category',
      'severity',
      'outcome',
      'actorUserId',
      'sourceIp',
      'targetType',
      'targetId',
      'recordType',
      'occurredAt',
    ];
    const extra = lines.flatMap((l) => Object.keys(JSON.parse(l)).filter((k) => !allowed.includes(k)));
    expect(extra).toEqual([]);
  });

  it.each(Object.entries(EXPECTED))('rule %s counts exactly the lines it should', (name, expectedTypes) => {
    // Prepare
    const rule = rules.find((r) => r.name === name);
    // Act
    const counted = lines
      .filter((l) => matchesFilterPattern(renderFilterPattern(rule!.pattern), l))
      .map((l) => JSON.parse(l).eventType);
    // Assess
    expect(counted.sort()).toEqual([...expectedTypes].sort());
  });

  it('covers every log rule in the expectations above', () => {
    expect(rules.map((r) => r.name).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('marks a removal by a principal (not TTL) as unexpected', () => {
    const removed = lines.map((l) => JSON.parse(l)).find((l) => l.streamEvent === 'REMOVE');
    expect(removed).toMatchObject({ expected: false, removedBy: 'principal', targetId: inputs[8]?.eventId });
  });

  it('notifies at once when an audit item is modified', async () => {
    const notifications = await waitFor(async () => {
      const text = await readFile(join(localDir, 'notifications.ndjson'), 'utf8').catch(() => '');
      const found = text
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
        .filter((n) => n.detail.rule === 'audit-item-tampered' && n.detail.streamEvent === 'MODIFY');
      return found.length > 0 ? found : undefined;
    });
    expect(notifications[0]).toMatchObject({
      severity: 'critical',
      detail: { streamEvent: 'MODIFY', targetId: inputs[6]?.eventId },
    });
  });
});
