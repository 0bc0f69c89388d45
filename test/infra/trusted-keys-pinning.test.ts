/**
 * Trusted keys pinned from outside the deployment: context `trustedKeysFile` is read and
 * validated at synth, set as TRUSTED_KEYS on every function that verifies, and read back by
 * the AWS integrity adapters as the keys the verifier trusts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { Template } from 'aws-cdk-lib/assertions';
import { awsIntegrityAdapters } from '../../lambdas/composition/aws-integrity-adapters';
import { CHAIN_START } from '../../lambdas/core/integrity/trusted-keys';
import { SERVICE_NAMES } from '../../lambdas/core/service-names';
import { readTrustedKeysFile } from '../../lib/trusted-keys-config';
import { newTestSigner } from '../fixtures/integrity/fakes';
import { TEST_CONFIG, auditFunctionsOf, buildAuditStack, environmentOf, SYNTH_TIMEOUT_MS } from './audit-stack-fixture';

const dir = mkdtempSync(join(tmpdir(), 'dmis-trusted-keys-'));
const signer = newTestSigner();
let keysFile: string;

beforeAll(async () => {
  keysFile = join(dir, 'trusted-keys.json');
  const keys = [{ keyId: signer.keyId, publicKeyPem: await signer.publicKeyPem(), validFrom: CHAIN_START }];
  writeFileSync(keysFile, JSON.stringify(keys, null, 2));
});

describe('context trustedKeysFile', () => {
  it('reads and validates the file into compact JSON', () => {
    // Act
    const text = readTrustedKeysFile((key) => (key === 'trustedKeysFile' ? keysFile : undefined));
    // Assess
    expect(JSON.parse(text as string)).toEqual([
      expect.objectContaining({ keyId: signer.keyId, validFrom: CHAIN_START }),
    ]);
    expect(text).not.toContain('\n  ');
  });

  it('names the context key when the file is not a trusted-keys file', () => {
    // Prepare
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '[{"keyId":"k"}]');
    // Act / Assess
    expect(() => readTrustedKeysFile(() => bad)).toThrow(/Invalid config "trustedKeysFile"/);
  });

  it('is left out when not set', () => {
    // Act / Assess
    expect(readTrustedKeysFile(() => undefined)).toBeUndefined();
  });
});

describe('pinned keys in the deployed verifiers', () => {
  let environments: Record<string, unknown>[];
  beforeAll(() => {
    const trustedKeys = readTrustedKeysFile(() => keysFile) as string;
    const { stack } = buildAuditStack({ ...TEST_CONFIG, trustedKeys }, { bundle: false });
    const template = Template.fromStack(stack);
    environments = auditFunctionsOf(stack).map((fn) => environmentOf(template, fn));
  }, SYNTH_TIMEOUT_MS);

  it.each([SERVICE_NAMES.verifier, SERVICE_NAMES.query])('sets TRUSTED_KEYS on %s', (service) => {
    // Act
    const env = environments.find((e) => e.POWERTOOLS_SERVICE_NAME === service);
    // Assess
    expect(JSON.parse(String(env?.TRUSTED_KEYS))).toEqual([expect.objectContaining({ keyId: signer.keyId })]);
  });

  it('makes the AWS adapters trust exactly the pinned keys', async () => {
    // Prepare
    const env = environments.find((e) => e.POWERTOOLS_SERVICE_NAME === SERVICE_NAMES.verifier) ?? {};
    const clients = { s3: new S3Client({ region: 'eu-west-1' }), kms: new KMSClient({ region: 'eu-west-1' }) };
    const read = {
      ARCHIVE_BUCKET: 'b',
      ARCHIVE_KEY_ARN: 'k',
      SIGNING_KEY_ARN: 'arn:aws:kms:eu-west-1:123456789012:key/x',
      TRUSTED_KEYS: String(env.TRUSTED_KEYS),
    };
    // Act
    const keys = await awsIntegrityAdapters(read, clients).trustedKeys?.();
    // Assess
    expect(keys?.map((k) => k.keyId)).toEqual([signer.keyId]);
  });
});
