/**
 * The auditor console on AWS: the built app in a private S3 bucket behind CloudFront
 * (origin access control, HTTPS only, strict security headers), `/v1/*` routed through
 * the same distribution to the API so the page stays same-origin, Cognito sign-in
 * (AuditorSignIn), and the generated config.json the app reads at start.
 *
 * Same origin, not CORS: the API's only CORS-free path is no cross-origin request at all,
 * so no preflight route or Access-Control-* header is added to an IAM-authorised API, and
 * the CSP keeps `connect-src 'self'` for it. CloudFront forwards every viewer header but
 * Host (AllViewerExceptHostHeader), so API Gateway sees its own host, which is the one
 * the browser signed for.
 */
import { Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import type { StageName } from '../config';
import type { ConsoleConfig } from '../console-config';
import { AuditorSignIn, hostedUiUrl } from './auditor-sign-in';
import { acknowledgeDeploymentHandler, acknowledgeDistribution } from './console-findings';
import {
  consoleBucket,
  consoleSource,
  distributionLogBucket,
  securityHeaders,
  type ConsoleSite,
} from './console-parts';

export type { ConsoleSite } from './console-parts';

/** Props of {@link AuditorConsole}. */
export interface AuditorConsoleProps {
  /** The API the console reads, served as `/v1/*` on the console's own origin. */
  readonly api: apigw.RestApi;
  /** AuditReader: the role members of the `auditors` group receive. */
  readonly readerRole: iam.IRole;
  /** Bucket receiving the S3 server access logs (the archive's access-log bucket). */
  readonly accessLogs: s3.IBucket;
  /** The console app: built files, or sources with the build run at synth. */
  readonly site: ConsoleSite;
  /** Deployment stage: names the hosted UI prefix; prod protects the user pool from deletion. */
  readonly stage: StageName;
  /** Domain, certificate, web ACL and hosted UI prefix (lib/console-config.ts). */
  readonly settings: Omit<ConsoleConfig, 'enabled'>;
  /** Trusted keys JSON pinned into config.json, as the verifiers pin it. @default none: config.json says null */
  readonly trustedKeys?: string;
}

/** Bucket, distribution, sign-in and the deployed app with its config.json. */
export class AuditorConsole extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly distribution: cloudfront.Distribution;
  public readonly signIn: AuditorSignIn;
  /** `https://<console host>/`, the Cognito callback and sign-out URL. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: AuditorConsoleProps) {
    super(scope, id);
    const { settings } = props;
    if ((settings.domainName === undefined) !== (settings.certificateArn === undefined)) {
      throw new Error('AuditorConsole: settings.domainName and settings.certificateArn go together');
    }
    const stack = Stack.of(this);
    const domainPrefix = settings.cognitoDomainPrefix ?? `dmis-audit-${props.stage}-${stack.account}`;
    const cognitoUrl = hostedUiUrl(this, domainPrefix);
    this.bucket = consoleBucket(this, props.accessLogs);
    this.distribution = this.createDistribution(props, cognitoUrl);
    this.url = `https://${settings.domainName ?? this.distribution.distributionDomainName}/`;
    this.signIn = new AuditorSignIn(this, 'SignIn', {
      consoleUrl: this.url,
      domainPrefix,
      readerRole: props.readerRole,
      deletionProtection: props.stage === 'prod',
    });
    const deployment = new s3deploy.BucketDeployment(this, 'Deployment', {
      destinationBucket: this.bucket,
      sources: [
        consoleSource(props.site),
        s3deploy.Source.jsonData('config.json', this.runtimeConfig(props, cognitoUrl)),
      ],
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 256,
    });
    acknowledgeDeploymentHandler(deployment, this.bucket);
  }

  /** What the app reads at start (console/src/auth/aws-config.ts for the `aws` part). */
  private runtimeConfig(props: AuditorConsoleProps, cognitoUrl: string): Record<string, unknown> {
    const stack = Stack.of(this);
    return {
      mode: 'aws',
      apiBase: '/v1',
      trustedKeys: props.trustedKeys ? (JSON.parse(props.trustedKeys) as unknown) : null,
      aws: {
        region: stack.region,
        userPoolId: this.signIn.userPool.userPoolId,
        userPoolClientId: this.signIn.client.userPoolClientId,
        identityPoolId: this.signIn.identityPoolId,
        cognitoDomain: cognitoUrl,
        apiHost: apiHost(props.api),
        apiStagePath: `/${props.api.deploymentStage.stageName}`,
        redirectUri: this.url,
      },
    };
  }

  private createDistribution(props: AuditorConsoleProps, cognitoUrl: string): cloudfront.Distribution {
    const { settings } = props;
    const responseHeadersPolicy = securityHeaders(this, [
      cognitoUrl,
      `https://cognito-identity.${Stack.of(this).region}.amazonaws.com`,
    ]);
    const distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'DMIS audit trail auditor console',
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy,
      },
      additionalBehaviors: {
        '/v1/*': {
          origin: new origins.HttpOrigin(apiHost(props.api), {
            originPath: `/${props.api.deploymentStage.stageName}`,
            protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
          }),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          // The console only reads; writers call the API directly.
          allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy,
        },
      },
      enableLogging: true,
      logBucket: distributionLogBucket(this, props.accessLogs),
      logFilePrefix: 'console/',
      ...(settings.domainName && settings.certificateArn
        ? {
            domainNames: [settings.domainName],
            certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', settings.certificateArn),
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      ...(settings.webAclArn ? { webAclId: settings.webAclArn } : {}),
    });
    acknowledgeDistribution(distribution, settings);
    return distribution;
  }
}

/** The execute-api host of the API, which CloudFront forwards to and the browser signs for. */
function apiHost(api: apigw.RestApi): string {
  const stack = Stack.of(api);
  return `${api.restApiId}.execute-api.${stack.region}.${stack.urlSuffix}`;
}
