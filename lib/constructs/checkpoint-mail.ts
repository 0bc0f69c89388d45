/**
 * The auditors' checkpoint topic: once a day the verifier mails the newest signed
 * checkpoint to it, and every auditor's mailbox keeps a copy outside the trail's accounts.
 * A later checkpoint that is not an extension of a mailed one proves a rewritten history
 * (`dmis-audit checkpoint verify`). Encrypted with a key of its own; e-mail subscriptions
 * each have a dead-letter queue.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { CHECKPOINT_MAIL_ENVIRONMENT } from '../../lambdas/composition/function-environments';
import { acknowledgeRule } from '../compliance/acknowledge';
import { EmailSubscriptions } from './email-subscriptions';
import { addContractEnvironment } from './function-defaults';

/** Props of {@link CheckpointMail}. */
export interface CheckpointMailProps {
  /** Auditors' addresses (each must confirm its subscription); at least one. */
  readonly emails: readonly string[];
}

/** A KMS-encrypted, TLS-only topic with the auditors' e-mail subscriptions. */
export class CheckpointMail extends Construct {
  public readonly topic: sns.Topic;
  public readonly key: kms.Key;
  public readonly emailSubscriptions: EmailSubscriptions;

  constructor(scope: Construct, id: string, props: CheckpointMailProps) {
    super(scope, id);
    if (props.emails.length === 0) throw new Error('CheckpointMail: emails must name at least one auditor');
    this.key = new kms.Key(this, 'Key', {
      description: 'DMIS audit checkpoint mail topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'DMIS audit checkpoints',
      masterKey: this.key,
      enforceSSL: true,
    });
    this.emailSubscriptions = new EmailSubscriptions(this, 'Emails', {
      topic: this.topic,
      emails: props.emails,
      encryptionKey: this.key,
    });
  }

  /** Lets the verifier publish (and encrypt for the topic) and tells it the topic; only it may. */
  public connectVerifier(fn: lambda.Function): void {
    addContractEnvironment(fn, CHECKPOINT_MAIL_ENVIRONMENT, { CHECKPOINT_TOPIC_ARN: this.topic.topicArn });
    // CDK's grant includes the topic key's kms:Decrypt and kms:GenerateDataKey*, on this one key.
    this.topic.grantPublish(fn);
    acknowledgeRule(
      fn.role ?? fn,
      'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      'CDK grant for publishing to the KMS-encrypted checkpoint topic; the statement names only the topic key, never all keys.',
    );
  }
}
