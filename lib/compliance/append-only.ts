/**
 * The append-only contract of the audit table, defined once: the table's resource policy
 * denies these actions to every principal (lib/constructs/audit-table.ts), and the
 * DmisAudit-AuditItemsAppendOnly rule fails when any policy allows one of them or the
 * table's own policy stops denying one (DESIGN.md, "Append only").
 */

/**
 * Item-changing actions no principal may ever call on the table or its indexes, whatever
 * its IAM policies say: an audit item, once written, is only removed by TTL expiry
 * (which DynamoDB performs itself, outside any policy). PartiQLInsert is here too, so the
 * only way in stays the writer's conditional PutItem, scoped to event keys.
 */
export const FORBIDDEN_ITEM_ACTIONS: readonly string[] = [
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:PartiQLUpdate',
  'dynamodb:PartiQLDelete',
  'dynamodb:PartiQLInsert',
];
