/**
 * The DMIS audit rules: what the NIST 800-53 R5 pack does not check for this system.
 * Each is a cdk-nag rule function; its name is the rule id's suffix (`DmisAudit-<name>`).
 */
import type { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance, type NagRuleResult } from 'cdk-nag';
import { RECORDS_RETENTION_DAYS } from '../../lambdas/core/catalogue';
import { FORBIDDEN_ITEM_ACTIONS } from './append-only';
import { auditTableIds, isArchiveBucket, isAuditTable, isSecurityLogGroup } from './audit-resources';
import { logicalIdOf, pathOf, propertiesOf, referencesLogicalId, resourcesOfType } from './cfn-view';
import {
  allowedActions,
  anyTableArnIn,
  deniedToEveryone,
  identityStatements,
  reachesTable,
  tableResourcePolicyStatements,
} from './policy-statements';

const { COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE } = NagRuleCompliance;

/** Security log groups keep at least the records retention period, seven years (or never expire), or are exported to the archive bucket. */
export function SecurityLogRetention(node: CfnResource): NagRuleResult {
  if (!isSecurityLogGroup(node)) return NOT_APPLICABLE;
  const days = pathOf(propertiesOf(node), 'RetentionInDays');
  if (days === undefined) return COMPLIANT;
  if (typeof days === 'number' && days >= RECORDS_RETENTION_DAYS) return COMPLIANT;
  return exportedToArchive(node) ? COMPLIANT : NON_COMPLIANT;
}

/** Security log groups are encrypted with a KMS key. */
export function SecurityLogEncrypted(node: CfnResource): NagRuleResult {
  if (!isSecurityLogGroup(node)) return NOT_APPLICABLE;
  return pathOf(propertiesOf(node), 'KmsKeyId') === undefined ? NON_COMPLIANT : COMPLIANT;
}

/** The archive bucket has Object Lock enabled with a default retention in COMPLIANCE mode. */
export function ArchiveObjectLockCompliance(node: CfnResource): NagRuleResult {
  if (!isArchiveBucket(node)) return NOT_APPLICABLE;
  const props = propertiesOf(node);
  const retention = pathOf(props, 'ObjectLockConfiguration', 'Rule', 'DefaultRetention');
  const locked =
    pathOf(props, 'ObjectLockEnabled') === true &&
    pathOf(props, 'ObjectLockConfiguration', 'ObjectLockEnabled') === 'Enabled' &&
    pathOf(retention, 'Mode') === 'COMPLIANCE' &&
    (pathOf(retention, 'Days') !== undefined || pathOf(retention, 'Years') !== undefined);
  return locked ? COMPLIANT : NON_COMPLIANT;
}

/**
 * No identity policy, and no audit table's own resource policy, allows an item change
 * on an audit table; and the table's own policy denies every one of them to everyone.
 * Findings name each forbidden action allowed (`Action::`) or not denied (`NotDenied::`).
 */
export function AuditItemsAppendOnly(node: CfnResource): NagRuleResult {
  if (isAuditTable(node)) {
    const statements = tableResourcePolicyStatements(node);
    const denied = new Set(statements.flatMap((s) => deniedToEveryone(s, FORBIDDEN_ITEM_ACTIONS)));
    const notDenied = FORBIDDEN_ITEM_ACTIONS.filter((a) => !denied.has(a));
    return findingsOf(statements.flatMap((s) => allowedActions(s, FORBIDDEN_ITEM_ACTIONS)), notDenied);
  }
  const statements = identityStatements(node);
  if (statements.length === 0) return NOT_APPLICABLE;
  const tables = auditTableIds(node);
  const anyTable = anyTableArnIn(node);
  const allowed = statements
    .filter((s) => tables.some((table) => reachesTable(s, table, anyTable)))
    .flatMap((s) => allowedActions(s, FORBIDDEN_ITEM_ACTIONS));
  return findingsOf(allowed);
}

function findingsOf(allowed: readonly string[], notDenied: readonly string[] = []): NagRuleResult {
  const findings = [
    ...[...new Set(allowed)].sort().map((a) => `Action::${a}`),
    ...[...notDenied].sort().map((a) => `NotDenied::${a}`),
  ];
  return findings.length === 0 ? COMPLIANT : findings;
}

/** A subscription filter sends the log group to a Firehose stream that delivers into an archive bucket. */
function exportedToArchive(logGroup: CfnResource): boolean {
  const id = logicalIdOf(logGroup);
  const archives = resourcesOfType(logGroup, 'AWS::S3::Bucket').filter(isArchiveBucket).map(logicalIdOf);
  const streams = resourcesOfType(logGroup, 'AWS::KinesisFirehose::DeliveryStream').filter((stream) => {
    const props = propertiesOf(stream);
    const bucket =
      pathOf(props, 'ExtendedS3DestinationConfiguration', 'BucketARN') ??
      pathOf(props, 'S3DestinationConfiguration', 'BucketARN');
    return archives.some((archive) => referencesLogicalId(bucket, archive));
  });
  return resourcesOfType(logGroup, 'AWS::Logs::SubscriptionFilter').some((filter) => {
    const props = propertiesOf(filter);
    return (
      referencesLogicalId(pathOf(props, 'LogGroupName'), id) &&
      streams.some((stream) => referencesLogicalId(pathOf(props, 'DestinationArn'), logicalIdOf(stream)))
    );
  });
}
