/**
 * The parts of the auditor console's hosting, each a small secure default: the private
 * site bucket, the distribution's log bucket, the security headers every response gets,
 * the app's asset (built at synth), and the acknowledgements of CDK's deployment handler.
 */
import { DockerImage, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { acknowledgeRule } from '../compliance/acknowledge';

/** The console app: a directory of built files, or of sources that `build` turns into them at synth. */
export interface ConsoleSite {
  /** Built files when `build` is absent; otherwise the sources (their hash names the asset). */
  readonly directory: string;
  /** Writes the built app (index.html, app.js, app.css...) into `outdir`. @default the directory is deployed as it is */
  readonly build?: (outdir: string) => void;
}

/** Two years, as HSTS preload lists require at least one. */
const HSTS_MAX_AGE = Duration.days(730);

/** The bucket CloudFront reads through origin access control; nothing else reads it. */
export function consoleBucket(scope: Construct, accessLogs: s3.IBucket): s3.Bucket {
  const bucket = new s3.Bucket(scope, 'Site', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    versioned: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    serverAccessLogsBucket: accessLogs,
    serverAccessLogsPrefix: 'console-site/',
    lifecycleRules: [{ id: 'ExpireReplacedFiles', noncurrentVersionExpiration: Duration.days(30) }],
    // Only a copy of the app built from this repository, redeployed on every deploy.
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const publicContent =
    "The site bucket holds the console's static app and its config.json (pool and client ids): content every visitor of the sign-in page receives anyway; no audit data is ever stored here.";
  acknowledgeRule(bucket, 'NIST.800.53.R5-S3DefaultEncryptionKMS', publicContent);
  acknowledgeRule(
    bucket,
    'NIST.800.53.R5-S3BucketReplicationEnabled',
    `${publicContent} It is rebuilt from source by every deploy.`,
  );
  return bucket;
}

/** CloudFront standard logs: the service writes them with object ACLs, so ACLs stay enabled here, and only here. */
export function distributionLogBucket(scope: Construct, accessLogs: s3.IBucket): s3.Bucket {
  const bucket = new s3.Bucket(scope, 'DistributionLogs', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    versioned: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
    serverAccessLogsBucket: accessLogs,
    serverAccessLogsPrefix: 'console-distribution-logs/',
    removalPolicy: RemovalPolicy.RETAIN,
  });
  acknowledgeRule(
    bucket,
    'NIST.800.53.R5-S3DefaultEncryptionKMS',
    'CloudFront standard logging delivers with SSE-S3 unless a key policy admits the log delivery service; the logs hold request metadata, not audit content, and every API read is also in the API access log and the audit trail.',
  );
  acknowledgeRule(
    bucket,
    'NIST.800.53.R5-S3BucketReplicationEnabled',
    'Request logs of the console are operational evidence kept in-region; what auditors read is itself recorded in the audit trail.',
  );
  return bucket;
}

/** Strict CSP (no inline script or style), HSTS with preload, nosniff, no referrer, no framing. */
export function securityHeaders(
  scope: Construct,
  cognitoEndpoints: readonly string[],
): cloudfront.ResponseHeadersPolicy {
  return new cloudfront.ResponseHeadersPolicy(scope, 'SecurityHeaders', {
    comment: 'DMIS audit console: strict CSP, HSTS, nosniff, no referrer, no framing',
    securityHeadersBehavior: {
      contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy(cognitoEndpoints), override: true },
      strictTransportSecurity: {
        accessControlMaxAge: HSTS_MAX_AGE,
        includeSubdomains: true,
        preload: true,
        override: true,
      },
      contentTypeOptions: { override: true },
      // The sign-in return carries an authorization code in the URL: no page may receive it as a Referer.
      referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
    },
  });
}

/** The console's Content-Security-Policy: its own origin, plus Cognito for sign-in calls. */
export function contentSecurityPolicy(cognitoEndpoints: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${cognitoEndpoints.join(' ')}`,
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

/** The app as a deployment source: built locally at synth (never in Docker), skipped with the stack's bundling. */
export function consoleSource(site: ConsoleSite): s3deploy.ISource {
  const { build } = site;
  if (!build) return s3deploy.Source.asset(site.directory);
  return s3deploy.Source.asset(site.directory, {
    bundling: {
      image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22-alpine'),
      local: {
        tryBundle(outdir: string): boolean {
          build(outdir);
          return true;
        },
      },
    },
  });
}
