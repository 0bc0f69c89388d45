/**
 * The KMS asymmetric key that signs sealed blocks (ECC_NIST_P256, SIGN_VERIFY). Its
 * private half never leaves KMS; its public half verifies every block offline, for as
 * long as the archive is kept, so the key is retained on stack deletion.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** Props of {@link BlockSigningKey}. */
export interface BlockSigningKeyProps {
  /** Shown in the KMS console. @default 'DMIS audit trail block signing key' */
  readonly description?: string;
}

/** An ECDSA P-256 signing key with narrow grants: sign (the sealer), read the public key (verifiers). */
export class BlockSigningKey extends Construct {
  /** The key. */
  public readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: BlockSigningKeyProps = {}) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: props.description ?? 'DMIS audit trail block signing key',
      keySpec: kms.KeySpec.ECC_NIST_P256,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      // KMS cannot rotate asymmetric keys; blocks name their key, so a new key can be added later.
      enableKeyRotation: false,
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
  }

  /** kms:Sign on this key only. */
  public grantSign(grantee: iam.IGrantable): iam.Grant {
    return this.key.grant(grantee, 'kms:Sign');
  }

  /** kms:GetPublicKey on this key only: enough to verify blocks and return proofs. */
  public grantReadPublicKey(grantee: iam.IGrantable): iam.Grant {
    return this.key.grant(grantee, 'kms:GetPublicKey');
  }
}

/**
 * Grants `actions` on a signing key made outside the stack (context `signingKeyArn`), by
 * the grantee's policy only: that key's own policy must also allow this account (docs/integrity.md).
 */
export function grantOnSigningKeyArn(grantee: iam.IGrantable, keyArn: string, ...actions: string[]): iam.Grant {
  return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [keyArn] });
}
