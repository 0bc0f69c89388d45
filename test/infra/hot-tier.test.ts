/**
 * The hot window and the table class reach the stack: the table's class, every function
 * that writes or verifies event items gets the same HOT_WINDOW_SECONDS, and the functions
 * that read through the lean indexes may read the events whole with BatchGetItem.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { Template } from 'aws-cdk-lib/assertions';
import { resolveAuditConfig, type ConfigSource } from '../../lib/config';
import { DEFAULT_HOT_WINDOW_DAYS } from '../../lambdas/core/hot-window';
import { buildAuditStack, SYNTH_TIMEOUT_MS, TEST_CONFIG } from './audit-stack-fixture';

const sourceOf =
  (values: Record<string, unknown>): ConfigSource =>
  (key) =>
    values[key];

type Resources = Record<string, { Properties: Record<string, unknown> }>;

describe('hotWindowDays and tableClass configuration', () => {
  it('defaults to the contract hot window on the Standard-IA table class the cost model favours', () => {
    expect(resolveAuditConfig(sourceOf({}))).toMatchObject({ hotWindowDays: DEFAULT_HOT_WINDOW_DAYS, tableClass: 'STANDARD_INFREQUENT_ACCESS' });
  });

  it('reads both from context', () => {
    const config = resolveAuditConfig(sourceOf({ hotWindowDays: '30', tableClass: 'STANDARD' }));
    expect(config).toMatchObject({ hotWindowDays: 30, tableClass: 'STANDARD' });
  });

  it.each([['0'], ['3001'], ['1.5'], ['a year']])('refuses hotWindowDays %s, naming the key', (value) => {
    const resolve = () => resolveAuditConfig(sourceOf({ hotWindowDays: value }));
    expect(resolve).toThrow('Invalid config "hotWindowDays": ');
    expect(resolve).toThrow(/from 1 to 3000/);
  });

  it('refuses an unknown table class, naming the key', () => {
    const resolve = () => resolveAuditConfig(sourceOf({ tableClass: 'GLACIER' }));
    expect(resolve).toThrow('Invalid config "tableClass": ');
    expect(resolve).toThrow(/STANDARD, STANDARD_INFREQUENT_ACCESS/);
  });
});

describe('a stack with a 30-day hot window on Standard-IA', () => {
  let template: Template;
  beforeAll(() => {
    const config = { ...TEST_CONFIG, hotWindowDays: 30, tableClass: 'STANDARD_INFREQUENT_ACCESS' as const };
    template = Template.fromStack(buildAuditStack(config, { bundle: false }).stack);
  }, SYNTH_TIMEOUT_MS);

  it('creates the audit table in the Standard-IA class', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      TableClass: 'STANDARD_INFREQUENT_ACCESS',
    });
  });

  it('gives every function that names the audit table the same HOT_WINDOW_SECONDS', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function') as Resources)
      .map((f) => (f.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {})
      .filter((variables) => variables.TABLE_NAME !== undefined);
    // ingest, query, sealer, verifier, reports at least.
    expect(functions.length).toBeGreaterThanOrEqual(5);
    for (const variables of functions) expect(variables.HOT_WINDOW_SECONDS).toBe(String(30 * 86_400));
  });

  it('lets the functions that read the lean indexes read events whole with BatchGetItem', () => {
    const actions = Object.values(template.findResources('AWS::IAM::Policy') as Resources).flatMap((p) =>
      ((p.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement).flatMap((s) => s.Action),
    );
    expect(actions.filter((a) => a === 'dynamodb:BatchGetItem').length).toBeGreaterThanOrEqual(2);
  });
});

describe('a stack with the Standard class and the default hot window', () => {
  it('creates the audit table in the Standard class and renders the default hot window', () => {
    const template = Template.fromStack(buildAuditStack({ ...TEST_CONFIG, tableClass: 'STANDARD' }, { bundle: false }).stack);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      TableClass: 'STANDARD',
    });
    const ingest = Object.values(template.findResources('AWS::Lambda::Function') as Resources).find((f) =>
      /appends DMIS audit events/.test(String(f.Properties.Description)),
    );
    expect((ingest?.Properties.Environment as { Variables: Record<string, unknown> }).Variables.HOT_WINDOW_SECONDS).toBe(
      String(DEFAULT_HOT_WINDOW_DAYS * 86_400),
    );
  }, SYNTH_TIMEOUT_MS);
});
