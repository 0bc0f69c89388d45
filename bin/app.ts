/**
 * The CDK app: resolves the typed config from CDK context, builds the stack and runs the
 * cdk-nag packs (AWS Solutions, NIST 800-53 R5, Serverless, our DmisAudit) as synth-time validations.
 * Configure with `-c key=value` or cdk.json context; see lib/config.ts for the keys.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks, ServerlessChecks } from 'cdk-nag';
import { AuditStack } from '../lib/audit-stack';
import { DmisAuditChecks } from '../lib/compliance/dmis-audit-checks';
import { resolveAuditConfig } from '../lib/config';

const app = new App();
const config = resolveAuditConfig((key) => app.node.tryGetContext(key));

new AuditStack(app, `DmisAudit-${config.stage}`, {
  config,
  description: 'DMIS audit trail: append-only, tamper-evident security audit log',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});

Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new NIST80053R5Checks(app), new ServerlessChecks(app));
// What NIST R5 misses here: TableV2, security log retention, archive Object Lock, append-only items.
Validations.of(app).addPlugins(new DmisAuditChecks(app));
