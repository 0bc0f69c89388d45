/** The access path: REST API, WAF, and the AuditWriter / AuditReader roles. */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { AuditStack } from '../../lib/audit-stack';
import { ROUTES } from '../../lambdas/core/api/routes';
import {
  buildAuditStack,
  invocableRoutes,
  routesFor,
  statementsOfRole,
  SYNTH_TIMEOUT_MS,
  TEST_CONFIG,
} from './audit-stack-fixture';

let stack: AuditStack;
beforeAll(() => {
  stack = buildAuditStack().stack;
}, SYNTH_TIMEOUT_MS);

describe('API', () => {
  let template: Template;
  beforeAll(() => {
    template = Template.fromStack(stack);
  }, SYNTH_TIMEOUT_MS);

  it('is a regional REST API', () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { EndpointConfiguration: { Types: ['REGIONAL'] } });
  });

  it('requires IAM auth and a request validator on every Lambda-backed method (public routes are mocks)', () => {
    const methods = template.findResources('AWS::ApiGateway::Method', {
      Properties: { Integration: { Type: 'AWS_PROXY' } },
    });
    const settings = Object.values(methods).map((m) => {
      const props = (m as { Properties: Record<string, unknown> }).Properties;
      return { auth: props.AuthorizationType, validated: props.RequestValidatorId !== undefined };
    });
    const expected = ROUTES.filter((r) => r.handler !== 'health' && r.handler !== 'openapi').map(() => ({
      auth: 'AWS_IAM',
      validated: true,
    }));
    const byAuth = (a: { auth: unknown }, b: { auth: unknown }) => String(a.auth).localeCompare(String(b.auth));
    expect(settings.sort(byAuth)).toEqual(expected.sort(byAuth));
  });

  it('serves GET /v1/health unauthenticated from a mock returning {"status":"ok"}', () => {
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      AuthorizationType: 'NONE',
      Integration: {
        Type: 'MOCK',
        IntegrationResponses: [Match.objectLike({ ResponseTemplates: { 'application/json': '{"status":"ok"}' } })],
      },
    });
  });

  it('writes JSON access logs that name the caller to an encrypted log group', () => {
    const stage = Object.values(template.findResources('AWS::ApiGateway::Stage'))[0] as {
      Properties: { AccessLogSetting: { Format: string; DestinationArn: { 'Fn::GetAtt': [string, string] } } };
    };
    const format = JSON.parse(stage.Properties.AccessLogSetting.Format) as Record<string, string>;
    expect(format.userArn).toBe('$context.identity.userArn');
    const logGroupId = stage.Properties.AccessLogSetting.DestinationArn['Fn::GetAtt'][0];
    expect(template.toJSON().Resources[logGroupId].Properties.KmsKeyId).toBeDefined();
  });

  it('throttles the stage with the configured limits, traces, and never logs request data', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: TEST_CONFIG.stage,
      TracingEnabled: true,
      MethodSettings: Match.arrayWith([
        Match.objectLike({
          HttpMethod: '*',
          ResourcePath: '/*',
          ThrottlingRateLimit: TEST_CONFIG.throttling.rateLimit,
          ThrottlingBurstLimit: TEST_CONFIG.throttling.burstLimit,
          LoggingLevel: 'ERROR',
          DataTraceEnabled: false,
        }),
      ]),
    });
  });

  it('answers a missing or bad signature with 401 in the API error shape', () => {
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'MISSING_AUTHENTICATION_TOKEN',
      StatusCode: '401',
      ResponseTemplates: { 'application/json': Match.stringLikeRegexp('"code": "unauthorized"') },
    });
  });

  it('sits behind a WAF web ACL that logs without SigV4 credentials', () => {
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      RedactedFields: Match.arrayWith([
        { SingleHeader: { Name: 'authorization' } },
        { SingleHeader: { Name: 'x-amz-security-token' } },
      ]),
    });
  });
});

describe('roles', () => {
  let template: Template;
  beforeAll(() => {
    template = Template.fromStack(stack);
  }, SYNTH_TIMEOUT_MS);

  it('let AuditWriter call exactly the writer routes, so no GET route', () => {
    const routes = invocableRoutes(statementsOfRole(template, /writer/));
    expect(routes).toEqual(routesFor('writer'));
    expect(routes.some((r) => r.startsWith('GET '))).toBe(false);
  });

  it('let AuditReader call exactly the reader routes, so no POST route', () => {
    const routes = invocableRoutes(statementsOfRole(template, /reader/));
    expect(routes).toEqual(routesFor('reader'));
    expect(routes.some((r) => r.startsWith('POST '))).toBe(false);
  });

  it('let AuditWriter invoke the ingest function directly, and AuditReader not at all', () => {
    const writerActions = statementsOfRole(template, /writer/).flatMap((s) => [s.Action].flat());
    const readerActions = statementsOfRole(template, /reader/).flatMap((s) => [s.Action].flat());
    expect(writerActions).toContain('lambda:InvokeFunction');
    expect(readerActions).not.toContain('lambda:InvokeFunction');
  });

  it('trust only the configured principals', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      Description: Match.stringLikeRegexp('writer'),
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { AWS: TEST_CONFIG.writerPrincipalArns[0] } })],
      },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      Description: Match.stringLikeRegexp('reader'),
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { AWS: TEST_CONFIG.readerPrincipalArns[0] } })],
      },
    });
  });
});
