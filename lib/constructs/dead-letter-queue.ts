/**
 * The dead-letter queue of an SNS subscription or EventBridge target: KMS-encrypted, TLS
 * only, kept 14 days (SQS's most) and on stack deletion, since what it holds is an alarm
 * that was not delivered.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { acknowledgeRule } from '../compliance/acknowledge';

/** A dead-letter queue; `of` says whose, for the acknowledgements that a DLQ needs no DLQ. */
export function deadLetterQueue(scope: Construct, id: string, key: kms.IKey, of: string): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.KMS,
    encryptionMasterKey: key,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const reason = `This queue is itself the dead-letter queue of ${of}; a DLQ of a DLQ would only move the same messages.`;
  acknowledgeRule(queue, 'AwsSolutions-SQS3', reason);
  acknowledgeRule(queue, 'Serverless-SQSRedrivePolicy', reason);
  return queue;
}
