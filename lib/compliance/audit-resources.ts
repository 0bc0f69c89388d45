/**
 * How the DMIS audit rules recognise the resources they hold to a stricter standard:
 * the audit table, the security log groups and the archive bucket. A construct may say
 * what it is with {@link markAuditResource}; without a mark, each is recognised by what
 * makes it that thing in the template (docs/security/controls-matrix.md, "Policy as code").
 */
import { CfnResource, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { AUDIT_TABLE } from '../../lambdas/adapters/dynamodb/table-schema';
import { logicalIdOf, pathOf, propertiesOf, referencesLogicalId, resourcesOfType } from './cfn-view';

/** What an audit resource is to the rules, a closed set. */
export type AuditResourceRole = 'audit-table' | 'security-log' | 'audit-archive';

/** The CloudFormation Metadata key a mark is written under (visible in the template). */
const AUDIT_ROLE_METADATA_KEY = 'DmisAuditRole';

/** Log groups with this name prefix are WAF log destinations: WAF accepts no other name. */
export const WAF_LOG_GROUP_PREFIX = 'aws-waf-logs-';

/** Marks `scope` (an L1 resource or an L2 whose default child is one) as an audit resource. */
export function markAuditResource(scope: IConstruct, role: AuditResourceRole): void {
  const resource = CfnResource.isCfnResource(scope) ? scope : scope.node.defaultChild;
  if (!resource || !CfnResource.isCfnResource(resource)) {
    throw new Error(`markAuditResource: ${scope.node.path} has no CloudFormation resource to mark`);
  }
  resource.addMetadata(AUDIT_ROLE_METADATA_KEY, role);
}

function isMarked(node: CfnResource, role: AuditResourceRole): boolean {
  return node.getMetadata(AUDIT_ROLE_METADATA_KEY) === role;
}

/**
 * An audit table: marked, or built from the shared AUDIT_TABLE definition (its partition
 * and sort key and its TTL attribute), whatever construct created it.
 */
export function isAuditTable(node: CfnResource): boolean {
  const type = node.cfnResourceType;
  if (type !== 'AWS::DynamoDB::Table' && type !== 'AWS::DynamoDB::GlobalTable') return false;
  if (isMarked(node, 'audit-table')) return true;
  const props = propertiesOf(node);
  const keys = (pathOf(props, 'KeySchema') ?? []) as Array<{ AttributeName?: unknown; KeyType?: unknown }>;
  const keyNamed = (kind: string) => keys.find((k) => k.KeyType === kind)?.AttributeName;
  return (
    keyNamed('HASH') === AUDIT_TABLE.partitionKey.name &&
    keyNamed('RANGE') === AUDIT_TABLE.sortKey.name &&
    pathOf(props, 'TimeToLiveSpecification', 'AttributeName') === AUDIT_TABLE.timeToLiveAttribute
  );
}

/** Logical ids of every audit table in the stack that holds `scope`. */
export function auditTableIds(scope: IConstruct): string[] {
  return [...resourcesOfType(scope, 'AWS::DynamoDB::Table'), ...resourcesOfType(scope, 'AWS::DynamoDB::GlobalTable')]
    .filter(isAuditTable)
    .map(logicalIdOf);
}

/**
 * A security log group: marked; or read by a metric filter (security alarms are derived
 * from it, as from the stream processor's security lines); or a WAF log destination.
 */
export function isSecurityLogGroup(node: CfnResource): boolean {
  if (node.cfnResourceType !== 'AWS::Logs::LogGroup') return false;
  if (isMarked(node, 'security-log')) return true;
  const name = pathOf(propertiesOf(node), 'LogGroupName');
  if (typeof name === 'string' && name.startsWith(WAF_LOG_GROUP_PREFIX)) return true;
  const id = logicalIdOf(node);
  return resourcesOfType(node, 'AWS::Logs::MetricFilter').some((filter) =>
    referencesLogicalId(pathOf(propertiesOf(filter), 'LogGroupName'), id),
  );
}

/**
 * The archive bucket: marked; or any bucket with Object Lock enabled (a WORM store is an
 * archive); or a bucket under a construct named like an archive that is not a log bucket.
 */
export function isArchiveBucket(node: CfnResource): boolean {
  if (node.cfnResourceType !== 'AWS::S3::Bucket') return false;
  if (isMarked(node, 'audit-archive')) return true;
  if (pathOf(propertiesOf(node), 'ObjectLockEnabled') === true) return true;
  const stackPath = Stack.of(node).node.path;
  const ids = node.node.path
    .slice(stackPath.length + 1)
    .split('/')
    .filter((id) => id !== 'Resource');
  const ownId = ids[ids.length - 1] ?? '';
  return ids.some((id) => /archive/i.test(id)) && !/log/i.test(ownId);
}
