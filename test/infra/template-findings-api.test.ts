/**
 * Findings of a scan of the synthesised template, API and alerting side: alarm e-mails
 * with a dead-letter queue, the access-log bucket without ACLs, an API named per stage,
 * and the public OpenAPI document served without any function's permissions.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { buildOpenApiDocument } from '../../lambdas/core/api/openapi';
import { buildAuditStack, onlyResourceId, SYNTH_TIMEOUT_MS, TEST_CONFIG } from './audit-stack-fixture';

let template: Template;
beforeAll(() => {
  const config = { ...TEST_CONFIG, alarmEmails: ['secops@example.gov'] };
  template = Template.fromStack(buildAuditStack(config, { bundle: false }).stack);
}, SYNTH_TIMEOUT_MS);

describe('alarm e-mail subscriptions', () => {
  it('send what SNS cannot deliver to a KMS-encrypted dead-letter queue', () => {
    const subscription = Object.values(
      template.findResources('AWS::SNS::Subscription', { Properties: { Protocol: 'email', Endpoint: 'secops@example.gov' } }),
    )[0] as { Properties: { RedrivePolicy?: { deadLetterTargetArn: { 'Fn::GetAtt': [string, string] } } } } | undefined;
    const queueId = subscription?.Properties.RedrivePolicy?.deadLetterTargetArn['Fn::GetAtt'][0] ?? 'none';

    expect(template.findResources('AWS::SQS::Queue')[queueId]).toMatchObject({
      Properties: { KmsMasterKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^DetectionAlarmTopicKey/), 'Arn'] } },
    });
  });
});

describe('archive access-log bucket', () => {
  const accessLogBucket = (): string =>
    onlyResourceId(template, 'AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      ObjectLockEnabled: Match.absent(),
    });

  it('disables ACLs (bucket owner enforced) instead of granting LogDeliveryWrite', () => {
    const bucket = template.findResources('AWS::S3::Bucket')[accessLogBucket()] as { Properties: Record<string, unknown> };

    expect(bucket.Properties.AccessControl).toBeUndefined();
    expect(bucket.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
  });

  it('lets the S3 logging service write by bucket policy', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: accessLogBucket() },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject' }),
        ]),
      },
    });
  });
});

describe('API name', () => {
  it('names the API after its stage', () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { Name: 'dmis-audit-staging' });
  });

  it('filters the 5xx alarm on that name, so stages sharing an account do not count each other', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: '5XXError',
      Dimensions: [{ Name: 'ApiName', Value: 'dmis-audit-staging' }],
    });
  });
});

interface MockMethod {
  Properties: {
    AuthorizationType: string;
    Integration: { Type: string; IntegrationResponses: Array<{ ResponseTemplates: Record<string, string> }> };
  };
}

describe('GET /v1/openapi.json', () => {
  const openApiMethod = (): MockMethod => {
    const resources = template.findResources('AWS::ApiGateway::Resource', { Properties: { PathPart: 'openapi.json' } });
    const [resourceId] = Object.keys(resources);
    const methods = Object.values(
      template.findResources('AWS::ApiGateway::Method', { Properties: { ResourceId: { Ref: resourceId } } }),
    );
    expect(methods).toHaveLength(1);
    return methods[0] as MockMethod;
  };

  it('is a public mock integration that calls no function', () => {
    const { Properties } = openApiMethod();

    expect({ auth: Properties.AuthorizationType, type: Properties.Integration.Type }).toEqual({ auth: 'NONE', type: 'MOCK' });
  });

  it('returns the OpenAPI document generated from the route table and schemas', () => {
    const template200 = openApiMethod().Properties.Integration.IntegrationResponses[0]?.ResponseTemplates['application/json'] ?? '';
    const encoded = /^\$util\.base64Decode\("([A-Za-z0-9+/=]+)"\)$/.exec(template200)?.[1] ?? '';

    expect(JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'))).toEqual(buildOpenApiDocument());
  });

  it('gives API Gateway no permission to invoke a function for it', () => {
    const permissions = JSON.stringify(template.findResources('AWS::Lambda::Permission'));

    expect(permissions).toContain('/v1/events');
    expect(permissions).not.toContain('openapi.json');
  });
});
