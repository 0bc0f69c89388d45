/**
 * Contexts of the auditor console on AWS (lib/constructs/auditor-console.ts): `console`
 * (true|false), `consoleDomainName` + `consoleCertificateArn` (both or neither; an ACM
 * certificate in us-east-1, as CloudFront requires), `consoleWebAclArn` (a CloudFront-scope
 * web ACL, also us-east-1) and `cognitoDomainPrefix` (the hosted sign-in page's prefix).
 *
 * The console is on by default in dev and staging. In prod it needs its own domain, since
 * only a custom certificate lets CloudFront refuse TLS below 1.2: it is on there when
 * the domain is given, and `console=true` without one is refused.
 */
import { ConfigError, readOptional, type ConfigSource } from './config-readers';

/** The auditor console's settings. */
export interface ConsoleConfig {
  /** Whether the stack deploys the console (CloudFront, S3, Cognito). */
  readonly enabled: boolean;
  /** The console's host name, e.g. audit.dmis.example.gov. @default the distribution's *.cloudfront.net name */
  readonly domainName?: string;
  /** ACM certificate (us-east-1) for domainName. @default none: CloudFront's default certificate */
  readonly certificateArn?: string;
  /** CloudFront-scope WAF web ACL (us-east-1). @default none */
  readonly webAclArn?: string;
  /** Prefix of the Cognito hosted UI domain. @default dmis-audit-<stage>-<account> */
  readonly cognitoDomainPrefix?: string;
}

const DOMAIN_NAME = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const CERTIFICATE_ARN = /^arn:aws(-[a-z]+)*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/;
const WEB_ACL_ARN = /^arn:aws(-[a-z]+)*:wafv2:us-east-1:\d{12}:global\/webacl\/[\w-]{1,128}\/[0-9a-f-]{36}$/;
/** Cognito's rule for a domain prefix, which may not contain the reserved words checked below. */
const DOMAIN_PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const RESERVED_IN_PREFIX = /aws|amazon|cognito/;

/** Reads the console contexts for `stage`. */
export function readConsole(source: ConfigSource, stage: string): ConsoleConfig {
  const domainName = readOptional(
    source,
    'consoleDomainName',
    DOMAIN_NAME,
    'a lower-case DNS name such as audit.dmis.example.gov',
  );
  const certificateArn = readOptional(
    source,
    'consoleCertificateArn',
    CERTIFICATE_ARN,
    'an ACM certificate ARN in us-east-1 (CloudFront only uses certificates from there)',
  );
  if (domainName !== undefined && certificateArn === undefined)
    throw new ConfigError('consoleCertificateArn', 'is required with consoleDomainName');
  if (certificateArn !== undefined && domainName === undefined)
    throw new ConfigError('consoleDomainName', 'is required with consoleCertificateArn');
  const webAclArn = readOptional(
    source,
    'consoleWebAclArn',
    WEB_ACL_ARN,
    'a CloudFront-scope WAFv2 web ACL ARN in us-east-1',
  );
  const cognitoDomainPrefix = readOptional(
    source,
    'cognitoDomainPrefix',
    DOMAIN_PREFIX,
    'lower-case letters, digits and hyphens (1 to 63)',
  );
  if (cognitoDomainPrefix !== undefined && RESERVED_IN_PREFIX.test(cognitoDomainPrefix))
    throw new ConfigError('cognitoDomainPrefix', 'must not contain aws, amazon or cognito (Cognito reserves them)');
  return {
    enabled: readEnabled(source, stage === 'prod' ? domainName !== undefined : true),
    ...(domainName !== undefined ? { domainName } : {}),
    ...(certificateArn !== undefined ? { certificateArn } : {}),
    ...(webAclArn !== undefined ? { webAclArn } : {}),
    ...(cognitoDomainPrefix !== undefined ? { cognitoDomainPrefix } : {}),
  };
}

/** A prod console serves auditors over TLS 1.2 or later only, which takes its own domain and certificate. */
export function checkProdConsole(console: ConsoleConfig | undefined): void {
  if (console?.enabled && console.domainName === undefined) {
    throw new ConfigError(
      'consoleDomainName',
      'is required for stage prod when console is on (TLS 1.2+ needs a custom certificate)',
    );
  }
}

function readEnabled(source: ConfigSource, fallback: boolean): boolean {
  const raw = source('console');
  if (raw === undefined || raw === '') return fallback;
  if (raw === true || raw === 'true') return true;
  if (raw === false || raw === 'false') return false;
  throw new ConfigError('console', 'must be true or false');
}
