/**
 * Builds the audit stack for infrastructure tests with the same feature flags as
 * cdk.json, and reads back what the tests assert on (roles, their policies, routes).
 */
import { readFileSync } from 'node:fs';
import { App, CfnElement, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { AuditStack } from '../../lib/audit-stack';
import { AuditFunction } from '../../lib/constructs/audit-function';
import { DEFAULT_CONFIG, type AuditConfig } from '../../lib/config';
import { ROUTES, type ApiRole } from '../../lambdas/core/api/routes';
import { expect } from '@jest/globals';

/** Non-default values, so a test shows config reaching the resources. */
export const TEST_CONFIG: AuditConfig = {
  ...DEFAULT_CONFIG,
  stage: 'staging',
  writerPrincipalArns: ['arn:aws:iam::111111111111:role/dmis-api'],
  readerPrincipalArns: ['arn:aws:iam::222222222222:role/auditor'],
  throttling: { rateLimit: 123, burstLimit: 456 },
  monitoring: { ...DEFAULT_CONFIG.monitoring, allowListedCidrs: ['203.0.113.0/24'] },
  // The console (CDK's deployment handler, a second trust on AuditReader) has its own tests: auditor-console*.test.ts.
  console: { enabled: false },
};

/** Synthesis bundles both Lambdas with esbuild: allow for a slow machine. */
export const SYNTH_TIMEOUT_MS = 120_000;

const CDK_CONTEXT = (
  JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> }
).context;

/**
 * A fresh app holding one audit stack. `bundle: false` skips esbuild (CDK's
 * `aws:cdk:bundling-stacks`) for tests that read the template, not the code.
 */
export function buildAuditStack(
  config: AuditConfig = TEST_CONFIG,
  { bundle = true }: { bundle?: boolean } = {},
): { app: App; stack: AuditStack } {
  const app = new App({ context: { ...CDK_CONTEXT, ...(bundle ? {} : { 'aws:cdk:bundling-stacks': [] }) } });
  const stack = new AuditStack(app, 'AuditTest', { config, env: { account: '123456789012', region: 'eu-west-1' } });
  return { app, stack };
}

/** Policy statements attached to the role whose description matches. */
export function statementsOfRole(template: Template, description: RegExp): Array<Record<string, unknown>> {
  const roles = template.findResources('AWS::IAM::Role', {
    Properties: { Description: Match.stringLikeRegexp(description.source) },
  });
  const roleIds = Object.keys(roles);
  if (roleIds.length !== 1) throw new Error(`expected one role matching ${description}, found ${roleIds.length}`);
  return statementsOfRoleId(template, roleIds[0] as string);
}

/** Policy statements attached to the role with this logical id. */
export function statementsOfRoleId(template: Template, roleId: string): Array<Record<string, unknown>> {
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) },
  });
  return Object.values(policies).flatMap(
    (p) =>
      (p as { Properties: { PolicyDocument: { Statement: Array<Record<string, unknown>> } } }).Properties.PolicyDocument
        .Statement,
  );
}

/** Every AuditFunction in the stack, however deep, so counts follow the stack instead of being hard-coded. */
export function auditFunctionsOf(stack: Stack): AuditFunction[] {
  return stack.node.findAll().filter((c): c is AuditFunction => c instanceof AuditFunction);
}

/** The CloudFormation logical id of a construct's own resource (its default child for L2s). */
export function logicalIdOf(construct: IConstruct): string {
  const element = construct instanceof CfnElement ? construct : construct.node.defaultChild;
  if (!(element instanceof CfnElement)) throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return Stack.of(element).getLogicalId(element) as string;
}

/** The environment variables of an AuditFunction, as synthesized. */
export function environmentOf(template: Template, fn: AuditFunction): Record<string, unknown> {
  const resource = template.findResources('AWS::Lambda::Function')[logicalIdOf(fn.function)] as
    | { Properties: { Environment?: { Variables?: Record<string, unknown> } } }
    | undefined;
  return resource?.Properties.Environment?.Variables ?? {};
}

/** `METHOD /path` of every execute-api:Invoke resource in the statements (last literal of each ARN). */
export function invocableRoutes(statements: Array<Record<string, unknown>>): string[] {
  return statements
    .filter((s) => s.Effect === 'Allow' && [s.Action].flat().includes('execute-api:Invoke'))
    .flatMap((s) => [s.Resource].flat())
    .map((arn) => {
      const parts = (arn as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
      const tail = String(parts[parts.length - 1]);
      const [, method, ...path] = tail.split('/');
      return `${method} /${path.join('/')}`;
    })
    .sort();
}

/** The routes a role needs, from ROUTES, with path parameters as the `*` IAM sees. */
export function routesFor(role: ApiRole): string[] {
  return ROUTES.filter((r) => r.role === role)
    .map((r) => `${r.method} ${r.path.replace(/\{\w+\}/g, '*')}`)
    .sort();
}

/** The logical id of the one resource of `type` with these properties (fails unless exactly one). */
export function onlyResourceId(template: Template, type: string, props: Record<string, unknown>): string {
  const ids = Object.keys(template.findResources(type, { Properties: props }));
  expect(ids).toHaveLength(1);
  return ids[0] as string;
}

/** A policy statement's actions, as a list. */
export const actionsOf = (statement: Record<string, unknown>): string[] => [statement.Action].flat() as string[];
