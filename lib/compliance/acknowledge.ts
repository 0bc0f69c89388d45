/**
 * Small helpers for cdk-nag acknowledgements, so each one names exactly the rule (and,
 * for wildcard findings, exactly the resource) it accepts, next to the resource.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct, type IConstruct } from 'constructs';

/** Accepts one rule on one construct and everything under it, with the reason it is safe. */
export function acknowledgeRule(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/**
 * Accepts one wildcard-resource finding of AwsSolutions-IAM5 on `scope`: only the given
 * ARN, flattened the way cdk-nag names it (`<LogicalId.Attr>`), not the rule as a whole.
 */
export function acknowledgeWildcardResource(scope: IConstruct, arn: string, reason: string): void {
  const flat = flattenReference(Stack.of(scope).resolve(arn));
  Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[Resource::${flat}]`, reason });
}

/** Accepts one AWS-managed policy (AwsSolutions-IAM4) on `scope`, not the rule as a whole. */
export function acknowledgeManagedPolicy(scope: IConstruct, servicePolicyName: string, reason: string): void {
  const id = `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/${servicePolicyName}]`;
  Validations.of(scope).acknowledge({ id, reason });
}

/** The construct that receives a grant's identity policy, for acknowledgements on that policy. */
export function principalConstruct(grantee: IGrantable): IConstruct {
  const principal = grantee.grantPrincipal;
  if (!Construct.isConstruct(principal)) throw new Error('grantee must be a construct (a role or a function)');
  return principal;
}

/** cdk-nag's rendering of a resolved CloudFormation value (Join, Ref, GetAtt, Sub). */
function flattenReference(node: unknown): string {
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (node && typeof node === 'object') {
    const value = node as Record<string, unknown>;
    if (Array.isArray(value['Fn::Join'])) {
      const [delimiter, items] = value['Fn::Join'] as [string, unknown[]];
      return items.map(flattenReference).join(delimiter);
    }
    if (value['Fn::Sub'] !== undefined) return flattenReference(value['Fn::Sub']);
    if (Array.isArray(value['Fn::GetAtt'])) {
      const [resource, attribute] = value['Fn::GetAtt'] as [unknown, unknown];
      return `<${flattenReference(resource)}.${flattenReference(attribute)}>`;
    }
    if (value.Ref !== undefined) return `<${flattenReference(value.Ref)}>`;
  }
  return JSON.stringify(node);
}
