/**
 * The KMS HMAC key that derives the search-cursor signing key: every query
 * function instance derives the same 32 bytes (lambdas/adapters/kms/kms-cursor-key.ts), and
 * the secret exists nowhere in configuration.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** Props of {@link CursorKey}. */
export interface CursorKeyProps {
  /** Shown in the KMS console. @default 'DMIS audit trail search cursor key' */
  readonly description?: string;
}

/** An HMAC_256 key whose only use is kms:GenerateMac by the query function. */
export class CursorKey extends Construct {
  /** The key. */
  public readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: CursorKeyProps = {}) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: props.description ?? 'DMIS audit trail search cursor key',
      keySpec: kms.KeySpec.HMAC_256,
      keyUsage: kms.KeyUsage.GENERATE_VERIFY_MAC,
      // KMS cannot rotate HMAC keys. Rotating means a new key (or a new label in
      // kms-cursor-key.ts), which only invalidates open search cursors.
      enableKeyRotation: false,
      // It protects no stored data: losing it only ends open cursors, so it need not outlive the stack.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
  }

  /** kms:GenerateMac on this key only. */
  public grantGenerateMac(grantee: iam.IGrantable): iam.Grant {
    return this.key.grant(grantee, 'kms:GenerateMac');
  }
}
