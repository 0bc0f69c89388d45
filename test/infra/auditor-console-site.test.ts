/**
 * What the console construct deploys: the console built by esbuild at synth (the real
 * console/build.ts), and a config.json whose `aws` part is what the browser's sign-in
 * reads (console/src/auth/aws-config.ts), each value bound to the resource it names.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { CONSOLE_SITE } from '../../lib/audit-stack';
import { AuditorConsole } from '../../lib/constructs/auditor-console';
import { SYNTH_TIMEOUT_MS } from './audit-stack-fixture';

const TRUSTED_KEYS = JSON.stringify([
  { keyId: 'k1', spki: 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE', validFrom: '1970-01-01T00:00:00.000Z' },
]);

function consoleStack(): { stack: Stack; outdir: string } {
  const app = new App();
  const stack = new Stack(app, 'ConsoleSite', { env: { account: '123456789012', region: 'eu-west-1' } });
  const api = new apigw.RestApi(stack, 'Api', { deployOptions: { stageName: 'staging' } });
  api.root.addResource('v1').addMethod('GET');
  new AuditorConsole(stack, 'Console', {
    api,
    readerRole: new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() }),
    accessLogs: new s3.Bucket(stack, 'AccessLogs'),
    site: CONSOLE_SITE,
    stage: 'staging',
    settings: {},
    trustedKeys: TRUSTED_KEYS,
  });
  return { stack, outdir: app.synth().directory };
}

/** The staged asset directories of the synthesised app. */
function assetDirs(outdir: string): string[] {
  return readdirSync(outdir)
    .filter((name) => name.startsWith('asset.'))
    .map((name) => join(outdir, name));
}

describe('AuditorConsole deployment contents', () => {
  let template: Template;
  let assets: string[];
  beforeAll(() => {
    const { stack, outdir } = consoleStack();
    template = Template.fromStack(stack);
    assets = assetDirs(outdir);
  }, SYNTH_TIMEOUT_MS);

  it('deploys the console built at synth: index.html with the app bundle beside it', () => {
    const site = assets.find((dir) => existsSync(join(dir, 'index.html')));

    expect(site).toBeDefined();
    expect(readdirSync(site as string)).toEqual(expect.arrayContaining(['index.html', 'app.js', 'app.css']));
    expect(readFileSync(join(site as string, 'index.html'), 'utf8')).toMatch(
      /<script type="module" src="app\.js"><\/script>/,
    );
  });

  it('writes config.json in aws mode, with the pinned keys and every sign-in setting bound to its resource', () => {
    const dir = assets.find((d) => existsSync(join(d, 'config.json')));
    const config = JSON.parse(readFileSync(join(dir as string, 'config.json'), 'utf8')) as {
      aws: Record<string, string>;
    } & Record<string, unknown>;
    const [deployment] = Object.values(template.findResources('Custom::CDKBucketDeployment')) as Array<{
      Properties: { SourceMarkers: Array<Record<string, unknown>> };
    }>;
    const markers = Object.assign({}, ...(deployment?.Properties.SourceMarkers ?? [])) as Record<string, unknown>;
    const bound = (value: string | undefined): unknown => markers[value ?? ''] ?? value;

    expect(config.mode).toBe('aws');
    expect(config.apiBase).toBe('/v1');
    expect(config.trustedKeys).toEqual(JSON.parse(TRUSTED_KEYS));
    expect(Object.keys(config.aws).sort()).toEqual([
      'apiHost',
      'apiStagePath',
      'cognitoDomain',
      'identityPoolId',
      'redirectUri',
      'region',
      'userPoolClientId',
      'userPoolId',
    ]);
    expect(config.aws.region).toBe('eu-west-1');
    expect(config.aws.cognitoDomain).toBe('https://dmis-audit-staging-123456789012.auth.eu-west-1.amazoncognito.com');
    expect(bound(config.aws.userPoolId)).toEqual({ Ref: expect.stringMatching(/^ConsoleSignInUserPool/) });
    expect(bound(config.aws.userPoolClientId)).toEqual({
      Ref: expect.stringMatching(/^ConsoleSignInUserPoolConsoleClient/),
    });
    expect(bound(config.aws.identityPoolId)).toEqual({ Ref: expect.stringMatching(/^ConsoleSignInIdentityPool/) });
    const expand = (value: string | undefined): string =>
      (value ?? '').replace(/<<marker:0xbaba:\d+>>/g, (marker) => JSON.stringify(markers[marker]));
    expect(expand(config.aws.apiHost)).toMatch(
      /^\{"Ref":"Api[0-9A-F]{8}"\}\.execute-api\.eu-west-1\.\{"Ref":"AWS::URLSuffix"\}$/,
    );
    expect(expand(config.aws.apiStagePath)).toMatch(/^\/\{"Ref":"ApiDeploymentStagestaging[0-9A-F]{8}"\}$/);
    expect(expand(config.aws.redirectUri)).toMatch(
      /^https:\/\/\{"Fn::GetAtt":\["ConsoleDistribution[0-9A-F]{8}","DomainName"\]\}\/$/,
    );
  });
});
