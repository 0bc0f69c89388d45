/**
 * The auditor console's infrastructure (lib/constructs/auditor-console.ts): a private
 * bucket read only through CloudFront's origin access control, strict security headers,
 * /v1/* forwarded to the API for same-origin SigV4, Cognito with MFA, and the identity
 * pool mapping the auditors group, and only it, to AuditReader.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { resolveAuditConfig, type AuditConfig } from '../../lib/config';
import { contentSecurityPolicy } from '../../lib/constructs/console-parts';
import { buildAuditStack, logicalIdOf, SYNTH_TIMEOUT_MS } from './audit-stack-fixture';
import { CONSOLE_CONTEXT } from './config-matrix';

/** CloudFront's managed policies the API behaviour must use. */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

const configOf = (context: Record<string, unknown>): AuditConfig => resolveAuditConfig((key) => context[key]);

function synth(context: Record<string, unknown>): {
  template: Template;
  readerRoleId: string;
  identityPoolId: string;
  apiId: string;
} {
  const { stack } = buildAuditStack(configOf(context), { bundle: false });
  const template = Template.fromStack(stack);
  const readerRoleId = logicalIdOf(stack.node.findChild('Roles').node.findChild('Reader'));
  const identityPoolId = Object.keys(template.findResources('AWS::Cognito::IdentityPool'))[0] as string;
  const apiId = logicalIdOf(stack.node.findChild('Api').node.findChild('Api'));
  return { template, readerRoleId, identityPoolId, apiId };
}

describe('auditor console, dev defaults', () => {
  let template: Template;
  let readerRoleId: string;
  let identityPoolId: string;
  let apiId: string;
  beforeAll(() => {
    ({ template, readerRoleId, identityPoolId, apiId } = synth({}));
  }, SYNTH_TIMEOUT_MS);

  it('keeps the site bucket private: all public access blocked, TLS only, versioned, access-logged', () => {
    const [siteId] = Object.keys(
      template.findResources('AWS::S3::Bucket', {
        Properties: { LoggingConfiguration: { LogFilePrefix: 'console-site/' } },
      }),
    );
    expect(siteId).toBeDefined();
    template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { LogFilePrefix: 'console-site/', DestinationBucketName: Match.anyValue() },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    const policies = template.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: siteId } } });
    const statements = Object.values(policies).flatMap(
      (p) =>
        (p as { Properties: { PolicyDocument: { Statement: Array<Record<string, unknown>> } } }).Properties
          .PolicyDocument.Statement,
    );
    const allows = statements.filter((s) => s.Effect === 'Allow');
    // Only CloudFront, only this distribution (OAC's SourceArn condition); nothing for "*".
    expect(allows).toEqual([
      expect.objectContaining({
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Condition: { StringEquals: { 'AWS:SourceArn': expect.anything() } },
      }),
    ]);
    expect(
      statements
        .filter((s) => s.Principal === '*' || (s.Principal as { AWS?: unknown })?.AWS === '*')
        .every((s) => s.Effect === 'Deny'),
    ).toBe(true);
  });

  it('reads the bucket through an S3 origin access control that signs every request', () => {
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: {
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      },
    });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Origins: Match.arrayWith([
          Match.objectLike({ OriginAccessControlId: Match.anyValue(), S3OriginConfig: { OriginAccessIdentity: '' } }),
        ]),
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'https-only', AllowedMethods: ['GET', 'HEAD'] }),
        Logging: Match.objectLike({ Prefix: 'console/' }),
      }),
    });
  });

  it('forwards /v1/* to the API stage uncached with every viewer header but Host, over TLS 1.2', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        CacheBehaviors: [
          Match.objectLike({
            PathPattern: '/v1/*',
            ViewerProtocolPolicy: 'https-only',
            AllowedMethods: ['GET', 'HEAD'],
            CachePolicyId: CACHING_DISABLED,
            OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
          }),
        ],
        Origins: Match.arrayWith([
          Match.objectLike({
            OriginPath: { 'Fn::Join': ['', ['/', { Ref: Match.stringLikeRegexp('DeploymentStage') }]] },
            DomainName: { 'Fn::Join': ['', [{ Ref: apiId }, '.execute-api.eu-west-1.', { Ref: 'AWS::URLSuffix' }]] },
            CustomOriginConfig: Match.objectLike({
              OriginProtocolPolicy: 'https-only',
              OriginSSLProtocols: ['TLSv1.2'],
            }),
          }),
        ]),
      }),
    });
  });

  it('sends a strict CSP, two-year HSTS with preload, nosniff, no referrer and DENY framing on every response', () => {
    const policy = {
      ContentSecurityPolicy: {
        ContentSecurityPolicy: contentSecurityPolicy([
          'https://dmis-audit-dev-123456789012.auth.eu-west-1.amazoncognito.com',
          'https://cognito-identity.eu-west-1.amazonaws.com',
        ]),
        Override: true,
      },
      StrictTransportSecurity: {
        AccessControlMaxAgeSec: 63_072_000,
        IncludeSubdomains: true,
        Preload: true,
        Override: true,
      },
      ContentTypeOptions: { Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
    };
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({ SecurityHeadersConfig: policy }),
    });
    const csp = policy.ContentSecurityPolicy.ContentSecurityPolicy;
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "form-action 'self'",
    ]) {
      expect(csp.split('; ')).toContain(directive);
    }
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });

  it('uses the default certificate without a domain (dev), so no minimum TLS version can be set', () => {
    const distributions = template.findResources('AWS::CloudFront::Distribution');
    const config = (Object.values(distributions)[0] as { Properties: { DistributionConfig: Record<string, unknown> } })
      .Properties.DistributionConfig;
    expect(config.Aliases).toBeUndefined();
    expect(config.ViewerCertificate).toBeUndefined();
  });

  it('requires TOTP MFA, strong passwords, enforced threat protection and admin-created users', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 14,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      DeletionProtection: 'INACTIVE',
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'auditors' });
  });

  it('registers a public app client for the code flow, calling back only to the console', () => {
    const consoleUrl = {
      'Fn::Join': [
        '',
        ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('^ConsoleDistribution'), 'DomainName'] }, '/'],
      ],
    };
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid'],
      CallbackURLs: [consoleUrl],
      LogoutURLs: [consoleUrl],
      SupportedIdentityProviders: ['COGNITO'],
      PreventUserExistenceErrors: 'ENABLED',
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'dmis-audit-dev-123456789012' });
  });

  it('maps the auditors group to AuditReader and denies everyone else; no unauthenticated identities', () => {
    template.hasResourceProperties('AWS::Cognito::IdentityPool', {
      AllowUnauthenticatedIdentities: false,
      AllowClassicFlow: false,
    });
    const attachments = template.findResources('AWS::Cognito::IdentityPoolRoleAttachment');
    expect(Object.values(attachments)).toEqual([
      {
        Type: 'AWS::Cognito::IdentityPoolRoleAttachment',
        Properties: {
          IdentityPoolId: { Ref: identityPoolId },
          RoleMappings: {
            console: {
              IdentityProvider: expect.anything(),
              Type: 'Rules',
              AmbiguousRoleResolution: 'Deny',
              RulesConfiguration: {
                Rules: [
                  {
                    Claim: 'cognito:groups',
                    MatchType: 'Contains',
                    Value: 'auditors',
                    RoleARN: { 'Fn::GetAtt': [readerRoleId, 'Arn'] },
                  },
                ],
              },
            },
          },
        },
      },
    ]);
  });

  it("lets AuditReader be assumed by this identity pool's signed-in identities only", () => {
    const role = template.findResources('AWS::IAM::Role')[readerRoleId] as {
      Properties: { AssumeRolePolicyDocument: { Statement: Array<Record<string, unknown>> } };
    };
    const federated = role.Properties.AssumeRolePolicyDocument.Statement.filter(
      (s) => (s.Principal as { Federated?: string }).Federated,
    );
    expect(federated).toEqual([
      {
        Effect: 'Allow',
        Principal: { Federated: 'cognito-identity.amazonaws.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { 'cognito-identity.amazonaws.com:aud': { Ref: identityPoolId } },
          'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
        },
      },
    ]);
  });

  it('deploys the app with a config.json and invalidates the distribution', () => {
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketName: { Ref: Match.stringLikeRegexp('^ConsoleSite') },
      DistributionId: { Ref: Match.stringLikeRegexp('^ConsoleDistribution') },
      DistributionPaths: ['/*'],
      Prune: true,
    });
    expect(Object.keys(template.findOutputs('*'))).toEqual(
      expect.arrayContaining(['ConsoleUrl', 'ConsoleUserPoolId', 'ConsoleAddAuditor']),
    );
  });
});

describe('auditor console, prod on its own domain with a web ACL', () => {
  let template: Template;
  beforeAll(() => {
    ({ template } = synth({ ...CONSOLE_CONTEXT.prod }));
  }, SYNTH_TIMEOUT_MS);

  it('serves the domain with its certificate and refuses TLS below 1.2 (TLSv1.2_2021)', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['audit.dmis.example.gov'],
        ViewerCertificate: {
          AcmCertificateArn: CONSOLE_CONTEXT.prod.consoleCertificateArn,
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        },
        WebACLId: CONSOLE_CONTEXT.prod.consoleWebAclArn,
      }),
    });
  });

  it('calls back to the domain, uses the configured hosted UI prefix and protects the user pool', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: ['https://audit.dmis.example.gov/'],
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'dmis-audit-console' });
    template.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'ACTIVE' });
    template.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Retain' });
  });
});

describe('auditor console switched off', () => {
  it(
    'adds no distribution, no user pool, and no web-identity trust to AuditReader',
    () => {
      const { template, readerRoleId } = synth({ console: 'false' });

      template.resourceCountIs('AWS::CloudFront::Distribution', 0);
      template.resourceCountIs('AWS::Cognito::UserPool', 0);
      template.resourceCountIs('AWS::Cognito::IdentityPool', 0);
      const role = template.findResources('AWS::IAM::Role')[readerRoleId] as {
        Properties: { AssumeRolePolicyDocument: { Statement: Array<Record<string, unknown>> } };
      };
      expect(JSON.stringify(role.Properties.AssumeRolePolicyDocument)).not.toContain('cognito-identity');
    },
    SYNTH_TIMEOUT_MS,
  );
});
