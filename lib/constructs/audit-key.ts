/**
 * The customer-managed KMS key that encrypts the audit table, its backups and the
 * audit trail's log groups. Customer-managed so the key policy, rotation and its use in
 * CloudTrail are under the security team's control, not AWS's.
 */
import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** Props of {@link AuditKey}. */
export interface AuditKeyProps {
  /** What the key protects, shown in the KMS console. @default 'DMIS audit trail data key' */
  readonly description?: string;
}

/** A rotating symmetric key kept on stack deletion, usable by CloudWatch Logs in this account. */
export class AuditKey extends Construct {
  /** The key. */
  public readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: AuditKeyProps = {}) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: props.description ?? 'DMIS audit trail data key',
      enableKeyRotation: true,
      // Audit data encrypted under this key must stay readable for its whole retention.
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
    allowLogGroupsOfThisAccount(this.key);
  }
}

/**
 * CloudWatch Logs encrypts with the key as its service principal, so the key policy must
 * allow it; the encryption-context condition limits that to log groups of this account.
 */
function allowLogGroupsOfThisAccount(key: kms.Key): void {
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowCloudWatchLogsOfThisAccount',
      principals: [new iam.ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
      actions: [
        'kms:Encrypt',
        'kms:Decrypt',
        'kms:ReEncryptFrom',
        'kms:ReEncryptTo',
        'kms:GenerateDataKey',
        'kms:GenerateDataKeyWithoutPlaintext',
        'kms:DescribeKey',
      ],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*`,
        },
      },
    }),
  );
}
