/**
 * The KMS HMAC key the blind-index secret is derived from (lambdas/core/privacy/ports.ts
 * `BlindIndexKeySource`): every function that writes or searches a personal value's keyed
 * hash derives the same 32 bytes, and the secret exists nowhere in configuration.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** An HMAC_256 key whose only use is kms:GenerateMac by the connected functions. */
export class BlindIndexKey extends Construct {
  /** The key. */
  public readonly key: kms.Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'DMIS audit trail blind index key',
      keySpec: kms.KeySpec.HMAC_256,
      keyUsage: kms.KeyUsage.GENERATE_VERIFY_MAC,
      // KMS cannot rotate HMAC keys, and a new one would leave every stored blind unsearchable.
      enableKeyRotation: false,
      // The blinds in the table and the archive are only searchable with this key.
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
  }

  /** kms:GenerateMac on this key only (ingest writes blinds; query and privacy search by them). */
  public grantGenerateMac(grantee: iam.IGrantable): iam.Grant {
    return this.key.grant(grantee, 'kms:GenerateMac');
  }
}
