/**
 * The console's context keys (lib/console-config.ts through lib/config.ts): on by default
 * in dev and staging, in prod only on its own domain, and each bad value refused with one
 * line naming its key.
 */
import { describe, expect, it } from '@jest/globals';
import { ConfigError, resolveAuditConfig, type AuditConfig } from '../../lib/config';
import { CONSOLE_CONTEXT } from './config-matrix';

const PROD = {
  stage: 'prod',
  writerPrincipalArns: 'arn:aws:iam::111111111111:role/dmis-api',
  readerPrincipalArns: 'arn:aws:iam::222222222222:role/auditor',
};
const resolve = (context: Record<string, unknown>): AuditConfig => resolveAuditConfig((key) => context[key]);

describe('console config defaults', () => {
  it.each([['dev'], ['staging']])('is on in %s, with no domain', (stage) => {
    expect(resolve({ stage }).console).toEqual({ enabled: true });
  });

  it('is off in prod without a domain', () => {
    expect(resolve(PROD).console).toEqual({ enabled: false });
  });

  it('is on in prod with a domain and certificate, carrying every setting', () => {
    expect(resolve(CONSOLE_CONTEXT.prod).console).toEqual({
      enabled: true,
      domainName: 'audit.dmis.example.gov',
      certificateArn: CONSOLE_CONTEXT.prod.consoleCertificateArn,
      webAclArn: CONSOLE_CONTEXT.prod.consoleWebAclArn,
      cognitoDomainPrefix: 'dmis-audit-console',
    });
  });

  it('can be switched off in dev, from the command line or cdk.json', () => {
    expect(resolve({ console: 'false' }).console?.enabled).toBe(false);
    expect(resolve({ console: false }).console?.enabled).toBe(false);
  });
});

describe('console config refusals', () => {
  const refusals: Array<[string, string, Record<string, unknown>]> = [
    ['a prod console without its own domain', 'consoleDomainName', { ...PROD, console: 'true' }],
    ['a domain without a certificate', 'consoleCertificateArn', { consoleDomainName: 'audit.dmis.example.gov' }],
    [
      'a certificate without a domain',
      'consoleDomainName',
      { consoleCertificateArn: CONSOLE_CONTEXT.dev.consoleCertificateArn },
    ],
    [
      'a certificate outside us-east-1',
      'consoleCertificateArn',
      {
        consoleDomainName: 'audit.dmis.example.gov',
        consoleCertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
      },
    ],
    [
      'a regional web ACL',
      'consoleWebAclArn',
      {
        consoleWebAclArn: 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/x/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
      },
    ],
    ['a hosted UI prefix with a reserved word', 'cognitoDomainPrefix', { cognitoDomainPrefix: 'dmis-cognito-login' }],
    ['a hosted UI prefix with capitals', 'cognitoDomainPrefix', { cognitoDomainPrefix: 'DMIS' }],
    [
      'a domain name that is not one',
      'consoleDomainName',
      {
        consoleDomainName: 'https://audit.example.gov/',
        consoleCertificateArn: CONSOLE_CONTEXT.dev.consoleCertificateArn,
      },
    ],
    ['a console switch that is not a boolean', 'console', { console: 'yes' }],
  ];

  it.each(refusals)('refuses %s, naming %s', (_what, key, context) => {
    expect(() => resolve(context)).toThrow(ConfigError);
    expect(() => resolve(context)).toThrow(`Invalid config "${key}"`);
  });
});
