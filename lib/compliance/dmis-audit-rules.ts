/**
 * The DMIS audit rules: what the NIST 800-53 R5 pack does not check for this system.
 * Each is a cdk-nag rule function; its name is the rule id's suffix (`DmisAudit-<name>`).
 */
import type { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance, type NagRuleResult } from 'cdk-nag';
import { auditTableIds, isArchiveBucket, isAuditTable, isSecurityLogGroup } from './audit-resources';
import { logicalIdOf, pathOf, propertiesOf, referencesLogicalId, resourcesOfType, type CfnValue } from './cfn-view';
import {
  allowedActions,
  anyTableArnIn,
  identityStatements,
  reachesTable,
  tableResourcePolicyStatements,
} from './policy-statements';

/** CloudWatch Logs' seven-year retention value, the shortest a security log group may keep. */
export const MIN_SECURITY_LOG_RETENTION_DAYS = 2557;

/** Item changes no principal may be allowed on an audit table (DESIGN.md, "Append only"). */
export const AUDIT_ITEM_CHANGE_ACTIONS: readonly string[] = [
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:PartiQLUpdate',
  'dynamodb:PartiQLDelete',
];

const { COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE } = NagRuleCompliance;
const GLOBAL_TABLE = 'AWS::DynamoDB::GlobalTable';
const replicasOf = (node: CfnResource) => (pathOf(propertiesOf(node), 'Replicas') ?? []) as CfnValue[];

/** TableV2 (GlobalTable): point-in-time recovery on every replica. */
export function TableV2PointInTimeRecovery(node: CfnResource): NagRuleResult {
  if (node.cfnResourceType !== GLOBAL_TABLE) return NOT_APPLICABLE;
  const replicas = replicasOf(node);
  const enabled = (r: CfnValue) => pathOf(r, 'PointInTimeRecoverySpecification', 'PointInTimeRecoveryEnabled') === true;
  return replicas.length > 0 && replicas.every(enabled) ? COMPLIANT : NON_COMPLIANT;
}

/** TableV2 (GlobalTable): deletion protection on every replica. */
export function TableV2DeletionProtection(node: CfnResource): NagRuleResult {
  if (node.cfnResourceType !== GLOBAL_TABLE) return NOT_APPLICABLE;
  const replicas = replicasOf(node);
  return replicas.length > 0 && replicas.every((r) => pathOf(r, 'DeletionProtectionEnabled') === true)
    ? COMPLIANT
    : NON_COMPLIANT;
}

/** TableV2 (GlobalTable): KMS encryption with a customer-managed key on every replica, not the AWS-owned or AWS-managed key. */
export function TableV2CustomerManagedKey(node: CfnResource): NagRuleResult {
  if (node.cfnResourceType !== GLOBAL_TABLE) return NOT_APPLICABLE;
  const sse = pathOf(propertiesOf(node), 'SSESpecification');
  if (pathOf(sse, 'SSEEnabled') !== true || pathOf(sse, 'SSEType') !== 'KMS') return NON_COMPLIANT;
  const customerKey = (r: CfnValue) => {
    const key = pathOf(r, 'SSESpecification', 'KMSMasterKeyId');
    return key !== undefined && !(typeof key === 'string' && key.includes('alias/aws/'));
  };
  const replicas = replicasOf(node);
  return replicas.length > 0 && replicas.every(customerKey) ? COMPLIANT : NON_COMPLIANT;
}

/** Security log groups keep at least seven years (or never expire), or are exported to the archive bucket. */
export function SecurityLogRetention(node: CfnResource): NagRuleResult {
  if (!isSecurityLogGroup(node)) return NOT_APPLICABLE;
  const days = pathOf(propertiesOf(node), 'RetentionInDays');
  if (days === undefined) return COMPLIANT;
  if (typeof days === 'number' && days >= MIN_SECURITY_LOG_RETENTION_DAYS) return COMPLIANT;
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
 * on an audit table. Findings name the forbidden action(s) allowed.
 */
export function AuditItemsAppendOnly(node: CfnResource): NagRuleResult {
  if (isAuditTable(node)) {
    return findingsOf(tableResourcePolicyStatements(node).flatMap((s) => allowedActions(s, AUDIT_ITEM_CHANGE_ACTIONS)));
  }
  const statements = identityStatements(node);
  if (statements.length === 0) return NOT_APPLICABLE;
  const tables = auditTableIds(node);
  const anyTable = anyTableArnIn(node);
  const allowed = statements
    .filter((s) => tables.some((table) => reachesTable(s, table, anyTable)))
    .flatMap((s) => allowedActions(s, AUDIT_ITEM_CHANGE_ACTIONS));
  return findingsOf(allowed);
}

function findingsOf(actions: string[]): NagRuleResult {
  return actions.length === 0 ? COMPLIANT : [...new Set(actions)].sort().map((a) => `Action::${a}`);
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
