/**
 * Places the SIEM forwarder in existing subnets (context `siemVpc`), for a SIEM reachable
 * only from inside a VPC. Nothing is looked up at synth: the VPC, subnets and security
 * groups are referenced by id. Without given security groups the function gets one of its
 * own that allows outbound traffic only. The subnets need a route to SQS, Secrets Manager,
 * DynamoDB and S3 (NAT or VPC endpoints): docs/deploy.md, SIEM destinations.
 */
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { acknowledgeManagedPolicy, acknowledgeRule } from '../compliance/acknowledge';
import type { SiemVpcConfig } from '../siem-config';
import type { AuditFunction } from './audit-function';

/** Sets the function's VPC configuration and lets its role manage the network interfaces Lambda needs. */
export function placeInVpc(scope: Construct, fn: AuditFunction, vpc: SiemVpcConfig): void {
  const securityGroupIds = vpc.securityGroupIds ?? [ownSecurityGroup(scope, vpc.vpcId).securityGroupId];
  const cfn = fn.function.node.defaultChild as lambda.CfnFunction;
  cfn.vpcConfig = {
    subnetIds: vpc.subnetIds.map((id, i) => ec2.Subnet.fromSubnetId(scope, `Subnet${i}`, id).subnetId),
    securityGroupIds: [...securityGroupIds],
  };
  fn.role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaVPCAccessExecutionRole'));
  acknowledgeManagedPolicy(
    fn.role,
    'AWSLambdaVPCAccessExecutionRole',
    'The AWS policy Lambda documents for VPC functions: only the network interface actions Lambda performs for the function.',
  );
}

function ownSecurityGroup(scope: Construct, vpcId: string): ec2.SecurityGroup {
  const group = new ec2.SecurityGroup(scope, 'SecurityGroup', {
    vpc: ec2.Vpc.fromVpcAttributes(scope, 'Vpc', { vpcId, availabilityZones: [] }),
    description: 'SIEM forwarder: outbound to the SIEM destinations and AWS APIs only',
    allowAllOutbound: true,
  });
  acknowledgeRule(
    group,
    'NIST.800.53.R5-EC2RestrictedCommonPorts',
    'No inbound rule at all; outbound reaches SIEM endpoints whose ports the operator chooses.',
  );
  return group;
}
