/**
 * Synthesises the audit stack in-process, exactly as `cdk synth` would for a config, but
 * without bundling the Lambda code: the cost model reads settings (memory, schedules,
 * retention, indexes), never the code, and skipping esbuild makes this take seconds.
 */
import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { AuditStack } from '../audit-stack';
import { DEFAULT_CONFIG, type AuditConfig } from '../config';

/** A synthesised CloudFormation template: its resources by logical id. */
export interface CfnTemplate {
  readonly Resources: Readonly<Record<string, { readonly Type: string; readonly Properties?: Record<string, unknown> }>>;
}

const CDK_CONTEXT = (
  JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> }
).context;

/** The stack's template for `config` (the defaults of `npx cdk synth` when none is given). */
export function synthAuditTemplate(config: AuditConfig = DEFAULT_CONFIG): CfnTemplate {
  // An empty bundling-stacks list is CDK's own switch for "synthesise without building assets".
  const app = new App({ context: { ...CDK_CONTEXT, 'aws:cdk:bundling-stacks': [] } });
  new AuditStack(app, 'DmisAuditCost', { config, env: { account: '123456789012', region: 'us-east-1' } });
  return app.synth().getStackByName('DmisAuditCost').template as CfnTemplate;
}
