/**
 * Policy statements as the DMIS audit rules see them: every statement of an IAM
 * identity policy or a table resource policy, and whether it allows a given action on
 * a given resource, wildcards and NotAction/NotResource included.
 */
import { type CfnResource, Stack, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { pathOf, propertiesOf, referencesLogicalId, type CfnValue } from './cfn-view';

/** One IAM policy statement, as in the template. */
export interface PolicyStatement {
  readonly Effect?: CfnValue;
  readonly Principal?: CfnValue;
  readonly Condition?: CfnValue;
  readonly Action?: CfnValue;
  readonly NotAction?: CfnValue;
  readonly Resource?: CfnValue;
  readonly NotResource?: CfnValue;
}

/** Identity-policy resource types and where their documents sit. */
const IDENTITY_POLICY_TYPES = new Set(['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']);
const INLINE_POLICY_TYPES = new Set(['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group']);

/** Statements of an IAM policy, or of a role's, user's or group's inline policies; [] for anything else. */
export function identityStatements(node: CfnResource): PolicyStatement[] {
  if (IDENTITY_POLICY_TYPES.has(node.cfnResourceType))
    return statementsOf(pathOf(propertiesOf(node), 'PolicyDocument'));
  if (!INLINE_POLICY_TYPES.has(node.cfnResourceType)) return [];
  const props = propertiesOf(node);
  const policies = (pathOf(props, 'Policies') ?? []) as CfnValue[];
  return policies.flatMap((policy) => statementsOf(pathOf(policy, 'PolicyDocument')));
}

/** Statements of a table's resource policy (Table, or every replica of a GlobalTable). */
export function tableResourcePolicyStatements(node: CfnResource): PolicyStatement[] {
  const props = propertiesOf(node);
  if (node.cfnResourceType === 'AWS::DynamoDB::Table') {
    return statementsOf(pathOf(props, 'ResourcePolicy', 'PolicyDocument'));
  }
  const replicas = (pathOf(props, 'Replicas') ?? []) as CfnValue[];
  return replicas.flatMap((replica) => statementsOf(pathOf(replica, 'ResourcePolicy', 'PolicyDocument')));
}

function statementsOf(document: CfnValue): PolicyStatement[] {
  const statements = pathOf(document, 'Statement');
  if (statements === undefined) return [];
  return [statements].flat() as PolicyStatement[];
}

/** Whether an IAM pattern (`*` and `?` wildcards, case-insensitive) matches a concrete action or ARN. */
function wildcardMatches(pattern: string, action: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${regex}$`, 'i').test(action);
}

const patternsOf = (value: CfnValue) => [value].flat().filter((v): v is string => typeof v === 'string');

/** The listed actions an Allow statement grants (NotAction grants every action it does not exclude). */
export function allowedActions(statement: PolicyStatement, actions: readonly string[]): string[] {
  if (statement.Effect !== 'Allow') return [];
  if (statement.NotAction !== undefined) {
    const excluded = patternsOf(statement.NotAction);
    return actions.filter((a) => !excluded.some((p) => wildcardMatches(p, a)));
  }
  const granted = patternsOf(statement.Action);
  return actions.filter((a) => granted.some((p) => wildcardMatches(p, a)));
}

/**
 * The listed actions a statement denies to every principal, on every resource, with no
 * condition: only such a Deny holds against every IAM policy, the deployer's included.
 */
export function deniedToEveryone(statement: PolicyStatement, actions: readonly string[]): string[] {
  if (statement.Effect !== 'Deny' || statement.Condition !== undefined || statement.NotAction !== undefined) return [];
  const principal = statement.Principal;
  const everyone = principal === '*' || [pathOf(principal, 'AWS')].flat().includes('*');
  if (!everyone || ![statement.Resource].flat().includes('*')) return [];
  const denied = patternsOf(statement.Action);
  return actions.filter((a) => denied.some((p) => wildcardMatches(p, a)));
}

/**
 * A table ARN in the stack's own region and account (placeholders when they are tokens)
 * with a name no pattern scoped to other tables would match: only wildcards reach it.
 */
export function anyTableArnIn(scope: IConstruct): string {
  const { region, account } = Stack.of(scope);
  const literal = (value: string, placeholder: string) => (Token.isUnresolved(value) ? placeholder : value);
  return `arn:aws:dynamodb:${literal(region, 'region-1')}:${literal(account, '000000000000')}:table/AnyAuditTable0`;
}

/**
 * Whether the statement's resources can include the table with this logical id: it names
 * the table (Ref/GetAtt), or a string pattern reaches any table, or NotResource leaves it in.
 */
export function reachesTable(statement: PolicyStatement, tableLogicalId: string, anyTableArn: string): boolean {
  if (statement.NotResource !== undefined) return !referencesLogicalId(statement.NotResource, tableLogicalId);
  return [statement.Resource]
    .flat()
    .some(
      (resource) => referencesLogicalId(resource, tableLogicalId) || wildcardMatches(flattenArn(resource), anyTableArn),
    );
}

/**
 * An ARN pattern as a string: pseudo parameters (partition, region, account) become `*`
 * since they match any value; references to other resources match nothing.
 */
function flattenArn(value: CfnValue): string {
  if (typeof value === 'string') return value;
  const record = (value ?? {}) as Record<string, unknown>;
  if (typeof record.Ref === 'string' && record.Ref.startsWith('AWS::')) return '*';
  const join = record['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    return (join[1] as CfnValue[]).map(flattenArn).join(join[0]);
  }
  return '\u0000';
}
