/**
 * Personal-data protection on AWS (lib/constructs/personal-data-protection.ts): the key
 * store with its own key and a one-day recovery window, the wrapping key only ingest and
 * privacy may use, the blind-index key, the privacy function with its schedule and
 * environment, and who may call the routes that return personal data in clear.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { ROUTES } from '../../lambdas/core/api/routes';
import { SUBJECT_KEY_PURPOSE } from '../../lambdas/core/privacy/ports';
import { PrivacySettingsSchema } from '../../lambdas/core/privacy/privacy-settings';
import type { AuditConfig } from '../../lib/config';
import type { AuditStack } from '../../lib/audit-stack';
import type { AuditFunction } from '../../lib/constructs/audit-function';
import type { PersonalDataProtection } from '../../lib/constructs/personal-data-protection';
import {
  actionsOf, buildAuditStack, environmentOf, invocableRoutes, logicalIdOf, statementsOfRole, SYNTH_TIMEOUT_MS, TEST_CONFIG,
} from './audit-stack-fixture';

const OFFICER = 'arn:aws:iam::555555555555:role/privacy-officer';
const HOLD = { id: 'CASE-2026-014', reason: 'litigation', subjects: ['jdoe'], until: '2027-06-30' };
const CONFIG: AuditConfig = {
  ...TEST_CONFIG,
  privacy: {
    personalDataKeys: ['beneficiaryName'],
    settings: { auditorsReadPersonalData: false, legalHolds: [HOLD] },
    privacyOfficerPrincipalArns: [OFFICER],
  },
};

type Statement = Record<string, unknown>;
type Resources = Record<string, { Properties: Record<string, unknown> }>;

/** `METHOD /path` as IAM sees it (path parameters as `*`) of the routes `pick` selects. */
const routes = (pick: (route: (typeof ROUTES)[number]) => boolean): string[] =>
  ROUTES.filter(pick)
    .map((r) => `${r.method} ${r.path.replace(/\{\w+\}/g, '*')}`)
    .sort();
const isPersonal = (route: (typeof ROUTES)[number]) => 'personalData' in route && route.personalData === true;

/** Statements of a role that name `resourceId` (a Ref or GetAtt of it) in their resources. */
function statementsOn(statements: Statement[], resourceId: string): Statement[] {
  return statements.filter((s) => JSON.stringify(s.Resource ?? '').includes(`"${resourceId}"`));
}

describe('personal-data protection', () => {
  let stack: AuditStack;
  let protection: PersonalDataProtection;
  let template: Template;
  let resources: Resources;
  let ids: { table: string; tableKey: string; wrappingKey: string; blindKey: string; dataKey: string };
  let roles: { ingest: Statement[]; query: Statement[]; privacy: Statement[]; sealer: Statement[] };
  beforeAll(() => {
    stack = buildAuditStack(CONFIG, { bundle: false }).stack;
    template = Template.fromStack(stack);
    resources = template.toJSON().Resources as Resources;
    protection = stack.node.findChild('PersonalData') as PersonalDataProtection;
    ids = {
      table: logicalIdOf(protection.store.table),
      tableKey: logicalIdOf(protection.store.tableKey),
      wrappingKey: logicalIdOf(protection.wrappingKey.key),
      blindKey: logicalIdOf(protection.blindIndexKey.key),
      dataKey: logicalIdOf(stack.node.findChild('DataKey').node.findChild('Key')),
    };
    roles = {
      ingest: statementsOfRole(template, /audit-ingest$/),
      query: statementsOfRole(template, /audit-query$/),
      privacy: statementsOfRole(template, /audit-privacy$/),
      sealer: statementsOfRole(template, /audit-sealer$/),
    };
  }, SYNTH_TIMEOUT_MS);

  describe('key store table', () => {
    it('is encrypted with its own customer-managed key, not the audit data key', () => {
      const sse = resources[ids.table]?.Properties.SSESpecification as { KMSMasterKeyId: unknown; SSEEnabled: boolean };

      expect(sse.SSEEnabled).toBe(true);
      expect(sse.KMSMasterKeyId).toEqual({ 'Fn::GetAtt': [ids.tableKey, 'Arn'] });
      expect(ids.tableKey).not.toBe(ids.dataKey);
    });

    it('keeps point-in-time recovery for one day only, is protected from deletion and has no stream', () => {
      const props = resources[ids.table]?.Properties ?? {};

      expect(props.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 1 });
      expect(props.DeletionProtectionEnabled).toBe(true);
      expect(props.StreamSpecification).toBeUndefined();
      expect(template.toJSON().Resources[ids.table].DeletionPolicy).toBe('Retain');
    });

    it('is in no AWS Backup selection (a backup would keep destroyed keys)', () => {
      const selections = JSON.stringify(template.findResources('AWS::Backup::BackupSelection'));

      expect(selections).toContain('"Resources"');
      expect(selections).not.toContain(ids.table);
    });

    it('lets ingest get, put and update key items, nothing more, on the table only', () => {
      const onTable = statementsOn(roles.ingest, ids.table);

      expect(onTable.flatMap(actionsOf).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
      expect(JSON.stringify(onTable)).not.toContain('/index/');
    });

    it('lets the privacy function read keys, update them and query only the expiry index; no delete anywhere', () => {
      const onTable = statementsOn(roles.privacy, ids.table);
      const query = onTable.filter((s) => actionsOf(s).includes('dynamodb:Query'));

      expect(onTable.flatMap(actionsOf).sort()).toEqual([
        'dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem',
      ]);
      expect(JSON.stringify(query)).toContain('/index/byExpiry');
      expect(Object.values(roles).flat().flatMap(actionsOf)).not.toContain('dynamodb:DeleteItem');
    });

    it('is out of reach of functions that do not seal or open personal data', () => {
      expect(statementsOn(roles.sealer, ids.table)).toEqual([]);
    });

    it('gives the query function what ingest has, to seal personal values in its own read records', () => {
      const actions = (role: Statement[]) => statementsOn(role, ids.table).flatMap(actionsOf).sort();

      expect(actions(roles.query)).toEqual(actions(roles.ingest));
      expect(actions(roles.query)).not.toContain('dynamodb:Query');
    });
  });

  describe('wrapping key', () => {
    let policy: Statement[];
    beforeAll(() => {
      policy = (resources[ids.wrappingKey]?.Properties.KeyPolicy as { Statement: Statement[] }).Statement;
    });

    it('is a rotating symmetric key, retained on stack deletion', () => {
      const props = resources[ids.wrappingKey]?.Properties ?? {};

      expect(props.EnableKeyRotation).toBe(true);
      expect(props.KeySpec ?? 'SYMMETRIC_DEFAULT').toBe('SYMMETRIC_DEFAULT');
      expect(template.toJSON().Resources[ids.wrappingKey].DeletionPolicy).toBe('Retain');
    });

    it('denies every crypto call by any principal but the ingest and privacy roles', () => {
      const deny = policy.find((s) => s.Sid === 'DenyUseOutsideTheSubjectKeyRoles') as Statement;
      const allowed = (deny.Condition as { ArnNotEquals: { 'aws:PrincipalArn': Array<{ 'Fn::GetAtt': [string, string] }> } })
        .ArnNotEquals['aws:PrincipalArn'];

      expect(deny).toMatchObject({ Effect: 'Deny', Principal: { AWS: '*' } });
      expect(actionsOf(deny)).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:GenerateDataKey*', 'kms:Encrypt']));
      expect(allowed.map((ref) => descriptionOfRole(ref['Fn::GetAtt'][0])).sort()).toEqual([
        'Execution role of audit-ingest',
        'Execution role of audit-privacy',
        'Execution role of audit-query',
      ]);
    });

    it('denies every call without the subject-key encryption context', () => {
      expect(policy).toContainEqual(
        expect.objectContaining({
          Sid: 'DenyUseForAnythingButSubjectKeys',
          Effect: 'Deny',
          Condition: { StringNotEquals: { 'kms:EncryptionContext:purpose': SUBJECT_KEY_PURPOSE } },
        }),
      );
    });

    it('lets ingest and query generate and unwrap keys, the privacy function only unwrap, all with the purpose condition', () => {
      const condition = { StringEquals: { 'kms:EncryptionContext:purpose': SUBJECT_KEY_PURPOSE } };
      const ingest = statementsOn(roles.ingest, ids.wrappingKey);
      const privacy = statementsOn(roles.privacy, ids.wrappingKey);

      expect(ingest).toEqual([expect.objectContaining({ Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Condition: condition })]);
      expect(privacy).toEqual([expect.objectContaining({ Action: 'kms:Decrypt', Condition: condition })]);
      expect(statementsOn(roles.query, ids.wrappingKey)).toEqual(ingest);
    });
  });

  describe('blind-index key', () => {
    it('is an HMAC_256 key for GenerateMac, retained', () => {
      template.hasResource('AWS::KMS::Key', {
        Properties: Match.objectLike({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC', Description: Match.stringLikeRegexp('blind index') }),
        DeletionPolicy: 'Retain',
      });
    });

    it('is used for GenerateMac only, by ingest, query and privacy', () => {
      for (const statements of [roles.ingest, roles.query, roles.privacy]) {
        expect(statementsOn(statements, ids.blindKey).flatMap(actionsOf)).toEqual(['kms:GenerateMac']);
      }
      expect(statementsOn(roles.sealer, ids.blindKey)).toEqual([]);
    });
  });

  it('guards the new keys like the audit keys: deletion and disabling denied outside break-glass', () => {
    for (const id of [ids.tableKey, ids.wrappingKey, ids.blindKey]) {
      const statements = (resources[id]?.Properties.KeyPolicy as { Statement: Statement[] }).Statement;
      expect(statements).toContainEqual(
        expect.objectContaining({ Sid: 'DenyKeyDestructionOutsideBreakGlass', Effect: 'Deny', Action: expect.arrayContaining(['kms:ScheduleKeyDeletion']) }),
      );
    }
  });

  describe('privacy function', () => {
    it('runs the key sweep daily at 03:00 UTC from an EventBridge schedule', () => {
      template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: 'cron(0 3 * * ? *)',
        Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalIdOf(protection.privacy.function), 'Arn'] } })],
      });
    });

    it('gets the key store, the personal keys, the settings, the table and the archive in its environment', () => {
      const env = environmentOf(template, protection.privacy);

      expect(Object.keys(env)).toEqual(
        expect.arrayContaining(['TABLE_NAME', 'SUBJECT_KEY_TABLE', 'SUBJECT_KEY_WRAPPING_KEY_ARN', 'BLIND_INDEX_KEY_ARN', 'ARCHIVE_BUCKET']),
      );
      expect(JSON.parse(env.PERSONAL_DATA_KEYS as string)).toEqual(['beneficiaryName']);
      expect(PrivacySettingsSchema.parse(JSON.parse(env.PRIVACY_SETTINGS as string))).toEqual(CONFIG.privacy.settings);
    });

    it('is the integration of every privacy route', () => {
      const fnId = logicalIdOf(protection.privacy.function);
      const methods = Object.values(template.findResources('AWS::ApiGateway::Method')).filter((m) =>
        JSON.stringify(m).includes(`"${fnId}"`),
      );

      expect(methods).toHaveLength(ROUTES.filter((r) => r.handler === 'privacy').length);
      expect(methods.length).toBeGreaterThan(0);
    });
  });

  it('gives ingest its key store environment and extra personal keys', () => {
    const env = environmentOf(template, stack.node.findChild('Ingest') as AuditFunction);

    expect(env).toMatchObject({
      SUBJECT_KEY_TABLE: { Ref: ids.table },
      SUBJECT_KEY_WRAPPING_KEY_ARN: { 'Fn::GetAtt': [ids.wrappingKey, 'Arn'] },
      BLIND_INDEX_KEY_ARN: { 'Fn::GetAtt': [ids.blindKey, 'Arn'] },
    });
    expect(JSON.parse(env.PERSONAL_DATA_KEYS as string)).toEqual(['beneficiaryName']);
  });

  describe('roles', () => {
    it('lets PrivacyOfficer call the privacy routes and the personal-data routes, and nothing else', () => {
      const called = invocableRoutes(statementsOfRole(template, /privacy officer/));

      expect(called).toEqual(routes((r) => r.role === 'privacy' || isPersonal(r)));
      expect(called.length).toBeGreaterThan(0);
    });

    it('trusts the configured privacy officer principals', () => {
      template.hasResourceProperties('AWS::IAM::Role', {
        Description: Match.stringLikeRegexp('privacy officer'),
        AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { AWS: OFFICER } })] },
      });
    });

    it('gives AuditReader no route that returns personal data in clear by default', () => {
      const called = invocableRoutes(statementsOfRole(template, /trail reader/));

      expect(called).toEqual(routes((r) => r.role === 'reader'));
      expect(called.filter((r) => routes(isPersonal).includes(r))).toEqual([]);
    });
  });

  function descriptionOfRole(roleId: string): unknown {
    return resources[roleId]?.Properties.Description;
  }
});

describe('personal-data protection with auditorsReadPersonalData', () => {
  let template: Template;
  beforeAll(() => {
    const config: AuditConfig = { ...CONFIG, privacy: { ...CONFIG.privacy, settings: { ...CONFIG.privacy.settings, auditorsReadPersonalData: true } } };
    template = Template.fromStack(buildAuditStack(config, { bundle: false }).stack);
  }, SYNTH_TIMEOUT_MS);

  it('adds the personal-data routes, and only those, to AuditReader', () => {
    const called = invocableRoutes(statementsOfRole(template, /trail reader/));

    expect(called).toEqual(routes((r) => r.role === 'reader' || isPersonal(r)));
    expect(called).not.toContain('POST /v1/subjects/*/erasure');
  });

  it('tells the privacy function, which checks the same setting', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function')) as Array<{ Properties: { Environment?: { Variables?: Record<string, unknown> } } }>;
    const settings = functions.map((f) => f.Properties.Environment?.Variables?.PRIVACY_SETTINGS).filter((v) => v !== undefined);

    expect(settings.map((s) => JSON.parse(s as string) as unknown)).toEqual([expect.objectContaining({ auditorsReadPersonalData: true })]);
  });
});
