/**
 * The CDK app: resolves the typed config from CDK context, builds the stack and runs the
 * cdk-nag packs (AWS Solutions, NIST 800-53 R5, Serverless, our DmisAudit) as synth-time validations.
 * Configure with `-c key=value` or cdk.json context; see lib/config.ts for the keys.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks, ServerlessChecks } from 'cdk-nag';
import { AuditStack } from '../lib/audit-stack';
import { DmisAuditChecks } from '../lib/compliance/dmis-audit-checks';
import { readEvidenceStackSource } from '../lib/evidence-config';
import { EvidenceStack } from '../lib/evidence-stack';
import { ConfigError, resolveAuditConfig, type AuditConfig } from '../lib/config';

const app = new App();
const config = resolveOrExit(app);

new AuditStack(app, `DmisAudit-${config.stage}`, {
  config,
  description: 'DMIS audit trail: append-only, tamper-evident security audit log',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});

// `-c evidenceStack=true -c sourceAccount=<trail account>`: also the evidence account's stack,
// deployed alone (`cdk deploy DmisAuditEvidence`) with that account's credentials.
const evidenceSource = readEvidenceStackSource((key) => app.node.tryGetContext(key));
if (evidenceSource) new EvidenceStack(app, 'DmisAuditEvidence', { sourceAccount: evidenceSource });

Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new NIST80053R5Checks(app), new ServerlessChecks(app));
// What NIST R5 misses here: TableV2, security log retention, archive Object Lock, append-only items.
Validations.of(app).addPlugins(new DmisAuditChecks(app));

/** A config mistake is the user's, not a crash: one line naming the context key, no stack trace. */
function resolveOrExit(scope: App): AuditConfig {
  try {
    return resolveAuditConfig((key) => scope.node.tryGetContext(key));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
