/**
 * The console's cdk-nag acknowledgements, each next to the reason it is safe: the
 * distribution's optional settings, and the handler of CDK's BucketDeployment.
 */
import { Stack } from 'aws-cdk-lib';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { acknowledgeManagedPolicy, acknowledgeRule, acknowledgeWildcardResource } from '../compliance/acknowledge';
import type { ConsoleConfig } from '../console-config';

/** Geo restriction always; WAF and the TLS minimum when their settings are absent (development only for TLS). */
export function acknowledgeDistribution(
  distribution: cloudfront.Distribution,
  settings: Omit<ConsoleConfig, 'enabled'>,
): void {
  acknowledgeRule(
    distribution,
    'AwsSolutions-CFR1',
    'Auditors work from wherever an audit takes them; every page and API read needs a Cognito sign-in with MFA and then AuditReader credentials, so the location of a request is not the gate. A web ACL (consoleWebAclArn) can add geo rules per deployment.',
  );
  if (!settings.webAclArn) {
    acknowledgeRule(
      distribution,
      'AwsSolutions-CFR2',
      'No CloudFront web ACL configured (consoleWebAclArn, a us-east-1 ACL): the static files are public by design, and every API read forwarded to /v1/* still passes the regional web ACL on the API stage and IAM authorisation.',
    );
  }
  if (!settings.certificateArn) {
    acknowledgeRule(
      distribution,
      'AwsSolutions-CFR4',
      'Development only: without consoleDomainName/consoleCertificateArn CloudFront serves its default *.cloudfront.net certificate, which cannot set a minimum TLS version; lib/config.ts refuses this in prod.',
    );
  }
}

/**
 * The handler of CDK's BucketDeployment is one function per stack (a singleton at the
 * stack's root), maintained by the CDK: its findings are accepted there, once each.
 */
export function acknowledgeDeploymentHandler(deployment: s3deploy.BucketDeployment, site: s3.IBucket): void {
  const stack = Stack.of(deployment);
  const handlers = stack.node.children.filter((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
  const reasons: Record<string, string> = {
    'AwsSolutions-L1':
      "CDK's BucketDeployment handler: its Python runtime is pinned by the CDK release that ships the handler code.",
    'Serverless-LambdaLatestVersion':
      "CDK's BucketDeployment handler: its runtime is pinned by the CDK release that ships the handler code.",
    'NIST.800.53.R5-LambdaInsideVPC':
      'The deployment handler only copies the built console between S3 buckets and invalidates CloudFront, all over AWS APIs; it reaches no private network.',
    'NIST.800.53.R5-LambdaConcurrency': 'Runs only during a CloudFormation deployment of the console, once per deploy.',
    'NIST.800.53.R5-LambdaDLQ':
      'CloudFormation invokes it synchronously and fails the deployment on an error; there is nothing to queue.',
    'Serverless-LambdaDLQ':
      'CloudFormation invokes it synchronously and fails the deployment on an error; there is nothing to queue.',
    'Serverless-LambdaTracing':
      'A deployment-time copy of static files; CloudFormation events and the function log trace it.',
    'Serverless-LambdaDefaultMemorySize':
      'Memory set on the deployment (memoryLimit) for the AWS CLI copy of a small static app.',
    'NIST.800.53.R5-IAMNoInlinePolicy':
      "CDK's grants to its own deployment handler; the policy belongs to that one role and goes with it.",
  };
  // CDK's own grants to the handler (grantRead of the assets, grantReadWrite of the site bucket), each finding by name.
  const wildcards: Record<string, string> = {
    'Action::s3:GetBucket*':
      'Read of the bucket metadata of the CDK asset bucket and the console bucket, as CDK grants it to its deployment handler.',
    'Action::s3:GetObject*':
      'Read of the console asset objects and of the console bucket, as CDK grants it to its deployment handler.',
    'Action::s3:List*':
      'Listing the CDK asset bucket and the console bucket, so the handler can copy the app and prune old files.',
    'Action::s3:Abort*': 'Aborting its own multipart uploads into the console bucket.',
    'Action::s3:DeleteObject*':
      'Pruning files of an older console build from the console bucket, which holds nothing else.',
    'Resource::*':
      'CloudFront invalidations (CreateInvalidation, GetInvalidation) cannot be scoped to a distribution in IAM.',
  };
  const assets = deployment.node.findAll().filter((c): c is s3assets.Asset => c instanceof s3assets.Asset);
  for (const handler of handlers) {
    for (const [rule, reason] of Object.entries(reasons)) acknowledgeRule(handler, rule, reason);
    acknowledgeManagedPolicy(
      handler,
      'AWSLambdaBasicExecutionRole',
      'The AWS-maintained policy lets the deployment handler write its own logs, nothing else.',
    );
    for (const [finding, reason] of Object.entries(wildcards))
      acknowledgeRule(handler, `AwsSolutions-IAM5[${finding}]`, reason);
    acknowledgeWildcardResource(
      handler,
      site.arnForObjects('*'),
      "The console's own bucket, which holds only the built app.",
    );
    for (const asset of assets) {
      acknowledgeWildcardResource(
        handler,
        asset.bucket.arnForObjects('*'),
        "The CDK asset bucket: the handler reads the console's asset objects from it.",
      );
    }
  }
}
