/**
 * The KMS key that wraps every subject's data key (the key-encryption key of
 * lambdas/core/privacy/ports.ts `KeyWrapper`). Only two roles may use it, and only for
 * subject keys: ingest wraps new keys and unwraps existing ones to seal, the privacy
 * function unwraps to decrypt. The key policy denies every other principal and every call
 * without the subject-key encryption context, whatever IAM policies say elsewhere.
 */
import { Duration, Lazy, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { SUBJECT_KEY_PURPOSE } from '../../lambdas/core/privacy/ports';

/** The encryption-context key every wrap and unwrap carries. */
export const PURPOSE_CONTEXT_KEY = 'kms:EncryptionContext:purpose';

/** Every KMS action that encrypts, decrypts or makes a data key. */
const CRYPTO_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'] as const;

/** A rotating symmetric key whose policy lets only the connected roles wrap or unwrap subject keys. */
export class SubjectKeyWrappingKey extends Construct {
  /** The key. */
  public readonly key: kms.Key;
  private readonly users: iam.IRole[] = [];

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'DMIS audit trail subject key wrapping key',
      enableKeyRotation: true,
      // Deleting it would erase every subject at once: only the break-glass role may (KeyGuard).
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyUseOutsideTheSubjectKeyRoles',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: [...CRYPTO_ACTIONS],
        resources: ['*'],
        conditions: {
          ArnNotEquals: { 'aws:PrincipalArn': Lazy.list({ produce: () => this.users.map((role) => role.roleArn) }) },
        },
      }),
    );
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyUseForAnythingButSubjectKeys',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: [...CRYPTO_ACTIONS],
        resources: ['*'],
        conditions: { StringNotEquals: { [PURPOSE_CONTEXT_KEY]: SUBJECT_KEY_PURPOSE } },
      }),
    );
  }

  /** Ingest: make a new subject key (GenerateDataKey) and unwrap an existing one (Decrypt). */
  public grantWrapKeys(role: iam.IRole): iam.Grant {
    return this.grant(role, 'kms:GenerateDataKey', 'kms:Decrypt');
  }

  /** The privacy function: unwrap subject keys to decrypt personal values (Decrypt only). */
  public grantUnwrapKeys(role: iam.IRole): iam.Grant {
    return this.grant(role, 'kms:Decrypt');
  }

  private grant(role: iam.IRole, ...actions: string[]): iam.Grant {
    if (!this.users.includes(role)) this.users.push(role);
    return iam.Grant.addToPrincipal({
      grantee: role,
      actions,
      resourceArns: [this.key.keyArn],
      conditions: { StringEquals: { [PURPOSE_CONTEXT_KEY]: SUBJECT_KEY_PURPOSE } },
    });
  }
}
