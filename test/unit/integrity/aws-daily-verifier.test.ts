/**
 * The daily verifier on AWS at the SDK boundary: it remembers the newest verified
 * checkpoint under `verified/checkpoint` and mails that note to the auditors' topic; the
 * keys it trusts are the pinned TRUSTED_KEYS, else the file the sealer published.
 */
import { beforeEach, describe, expect, it } from '@jest/globals';
import { KMSClient } from '@aws-sdk/client-kms';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { createSnsCheckpointMail } from '../../../lambdas/adapters/sns/sns-checkpoint-mail';
import { awsIntegrityAdapters } from '../../../lambdas/composition/aws-integrity-adapters';
import { lazyVerifyDeps } from '../../../lambdas/composition/integrity-services';
import { awsRemembering } from '../../../lambdas/composition/verifier';
import { CHAIN_START } from '../../../lambdas/core/integrity/trusted-keys';
import { createVerifierHandler } from '../../../lambdas/functions/verifier/handler';
import { at } from '../../fixtures/integrity/harness';
import { sealedSampleChain, TAMPER_NOW } from '../../fixtures/integrity/tamper-setup';

const BUCKET = 'audit-checkpoints';
const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:audit-checkpoints';
const s3 = mockClient(S3Client);
const sns = mockClient(SNSClient);
const body = (text: string) => ({ transformToString: async () => text }) as never;
const missing = () => new NoSuchKey({ message: 'none', $metadata: {} });

beforeEach(() => {
  s3.reset();
  sns.reset();
});

/** The verifier handler over the sample chain, its checkpoint bucket in S3 (mocked) holding `latest`. */
async function dailyRun(remembered?: string) {
  const { h } = await sealedSampleChain();
  const latest = await h.checkpoints.latest();
  s3.on(GetObjectCommand, { Bucket: BUCKET, Key: 'checkpoints/latest' }).resolves({ Body: body(latest ?? '') });
  const verified = s3.on(GetObjectCommand, { Bucket: BUCKET, Key: 'verified/checkpoint' });
  if (remembered === undefined) verified.rejects(missing());
  else verified.resolves({ Body: body(remembered) });
  s3.on(PutObjectCommand).resolves({});
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  const adapters = { archive: h.archive, signer: h.signer, sealer: h.config };
  const verify = createVerifierHandler({
    integrity: { verifyDeps: lazyVerifyDeps(h.sealDeps), sealer: h.config },
    ingestEvents: { execute: async () => [] },
    metric: () => {},
    principal: 'scheduled:audit-verifier-test',
    now: () => new Date(at(TAMPER_NOW)),
    remembering: awsRemembering(adapters, new S3Client({}), BUCKET),
    mailCheckpoint: createSnsCheckpointMail(new SNSClient({}), TOPIC),
  });
  return { report: await verify(), latest: latest as string };
}

describe('daily verifier on AWS', () => {
  it('remembers the newest checkpoint under verified/ and mails it to the auditors', async () => {
    const { report, latest } = await dailyRun();
    expect(report.ok).toBe(true);
    const puts = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    expect(puts).toEqual([expect.objectContaining({ Bucket: BUCKET, Key: 'verified/checkpoint', Body: latest })]);
    const treeSize = Number(latest.split('\n')[1]);
    expect(sns.commandCalls(PublishCommand).map((c) => c.args[0].input)).toEqual([
      { TopicArn: TOPIC, Subject: `DMIS audit trail checkpoint, tree size ${treeSize} (verified)`, Message: latest },
    ]);
  });

  it('rejects a remembered note no trusted key signed, remembering and mailing nothing', async () => {
    const { h } = await sealedSampleChain();
    const forged = (await h.checkpoints.latest())?.replace(/— .*$/m, '— dmis-audit-trail.local/log AAAAAAAA');
    await expect(dailyRun(forged)).rejects.toThrow('kept checkpoint rejected');
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });
});

describe('trusted keys on AWS', () => {
  const env = {
    ARCHIVE_BUCKET: 'archive',
    ARCHIVE_KEY_ARN: 'arn:aws:kms:eu-west-1:123456789012:key/data',
    SIGNING_KEY_ARN: 'arn:aws:kms:eu-west-1:123456789012:key/sign',
    CHECKPOINT_BUCKET: BUCKET,
  };
  const clients = { s3: new S3Client({}), kms: new KMSClient({}) };

  it('uses the pinned TRUSTED_KEYS without reading the published file', async () => {
    const { h } = await sealedSampleChain();
    const pinned = [{ keyId: h.signer.keyId, publicKeyPem: await h.signer.publicKeyPem(), validFrom: CHAIN_START }];
    const adapters = awsIntegrityAdapters({ ...env, TRUSTED_KEYS: JSON.stringify(pinned) }, clients);
    await expect(adapters.trustedKeys?.()).resolves.toEqual(pinned);
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
  });

  it('else reads checkpoints/trusted-keys.json, and none published means only the signing key', async () => {
    const { h } = await sealedSampleChain();
    const published = [{ keyId: h.signer.keyId, publicKeyPem: await h.signer.publicKeyPem(), validFrom: CHAIN_START }];
    const get = s3.on(GetObjectCommand, { Bucket: BUCKET, Key: 'checkpoints/trusted-keys.json' });
    get.resolvesOnce({ Body: body(JSON.stringify(published)) }).rejects(missing());
    const adapters = awsIntegrityAdapters(env, clients);
    await expect(adapters.trustedKeys?.()).resolves.toEqual(published);
    await expect(adapters.trustedKeys?.()).resolves.toBeUndefined();
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(2);
  });
});
