/** Each construct validates its props before building anything, naming the bad prop. */
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from '@jest/globals';
import { AuditApi, type AuditApiProps } from '../../lib/constructs/audit-api';
import { AuditBackup } from '../../lib/constructs/audit-backup';
import { AuditFunction, type AuditFunctionProps } from '../../lib/constructs/audit-function';
import { AuditTable } from '../../lib/constructs/audit-table';
import { EmailSubscriptions } from '../../lib/constructs/email-subscriptions';
import { KeyGuard } from '../../lib/constructs/key-guard';
import { LAMBDA_ENTRIES } from '../../lib/audit-stack';

function scope(): { stack: Stack; key: kms.Key } {
  const stack = new Stack(new App(), 'PropsTest');
  return { stack, key: new kms.Key(stack, 'Key') };
}

function functionProps(key: kms.IKey, overrides: Partial<AuditFunctionProps>): AuditFunctionProps {
  return {
    entry: LAMBDA_ENTRIES.query,
    description: 'test',
    serviceName: 'audit-test',
    invocation: 'synchronous',
    logEncryptionKey: key,
    logRetention: RetentionDays.ONE_YEAR,
    ...overrides,
  };
}

describe('construct props', () => {
  it('AuditFunction rejects a timeout API Gateway would outlive', () => {
    const { stack, key } = scope();

    expect(() => new AuditFunction(stack, 'Fn', functionProps(key, { timeout: Duration.seconds(60) }))).toThrow(
      /timeout/,
    );
  });

  it('AuditFunction lets an asynchronous function run up to 15 minutes', () => {
    const { stack, key } = scope();
    const props = functionProps(key, { invocation: 'asynchronous', timeout: Duration.minutes(15) });

    expect(new AuditFunction(stack, 'Fn', props).function.timeout?.toMinutes()).toBe(15);
  });

  it('AuditFunction rejects an asynchronous timeout beyond the 15-minute Lambda limit', () => {
    const { stack, key } = scope();
    const props = functionProps(key, { invocation: 'asynchronous', timeout: Duration.minutes(16) });

    expect(() => new AuditFunction(stack, 'Fn', props)).toThrow(/timeout/);
  });

  it('AuditFunction rejects a reserved concurrency below one', () => {
    const { stack, key } = scope();

    expect(() => new AuditFunction(stack, 'Fn', functionProps(key, { reservedConcurrentExecutions: 0 }))).toThrow(
      /reservedConcurrentExecutions/,
    );
  });

  it('AuditFunction rejects an impossible memory size', () => {
    const { stack, key } = scope();

    expect(() => new AuditFunction(stack, 'Fn', functionProps(key, { memorySize: 64 }))).toThrow(/memorySize/);
  });

  it('AuditApi rejects zero throttling', () => {
    const { stack, key } = scope();
    const fn = lambda.Function.fromFunctionArn(stack, 'Fn', 'arn:aws:lambda:eu-west-1:123456789012:function:audit');
    const props: AuditApiProps = {
      handlers: { ingest: fn, query: fn, alarms: fn, privacy: fn },
      stageName: 'dev',
      throttling: { rateLimit: 0, burstLimit: 10 },
      logEncryptionKey: key,
      logRetention: RetentionDays.ONE_YEAR,
    };

    expect(() => new AuditApi(stack, 'Api', props)).toThrow(/throttling\.rateLimit/);
  });

  it('AuditBackup rejects monthly retention shorter than the daily one', () => {
    const { stack, key } = scope();
    const table = new AuditTable(stack, 'Table', { encryptionKey: key });

    expect(
      () => new AuditBackup(stack, 'Backup', { table: table.table, encryptionKey: key, monthlyRetentionDays: 7 }),
    ).toThrow(/monthlyRetentionDays/);
  });

  it('EmailSubscriptions rejects an address without a domain', () => {
    const { stack, key } = scope();
    const topic = new sns.Topic(stack, 'Topic');

    expect(
      () => new EmailSubscriptions(stack, 'Emails', { topic, emails: ['secops@example.gov', 'secops'], encryptionKey: key }),
    ).toThrow(/emails\[1\]/);
  });

  it('KeyGuard refuses to guard no key', () => {
    const { stack, key } = scope();
    const alarmTopic = new sns.Topic(stack, 'Topic');

    expect(() => new KeyGuard(stack, 'Guard', { keys: [], alarmTopic, deadLetterKey: key })).toThrow(/keys/);
  });
});
