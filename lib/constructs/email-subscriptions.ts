/**
 * E-mail subscriptions of the alarm topic, each with a dead-letter queue. SNS retries an
 * e-mail delivery only for a while; without a DLQ an alarm that could not be delivered is
 * gone, and cdk-nag (Serverless-SNSRedrivePolicy) rightly refuses to synthesise it.
 */
import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterQueue } from './dead-letter-queue';

/** Props of {@link EmailSubscriptions}. */
export interface EmailSubscriptionsProps {
  /** The topic to subscribe to. */
  readonly topic: sns.ITopic;
  /** Addresses to subscribe (each must confirm). */
  readonly emails: readonly string[];
  /** Key that encrypts the dead-letter queue (the topic's own key: alarm text is no less sensitive there). */
  readonly encryptionKey: kms.Key;
}

/** Address shape accepted for alarm e-mails; config.ts reports a bad one by its context key first. */
export const EMAIL_ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** One DLQ shared by every e-mail subscription: alarms SNS could not deliver. */
export class EmailSubscriptions extends Construct {
  /** Where SNS puts alarms it could not deliver by e-mail; undefined when there are no e-mails. */
  public readonly deadLetterQueue?: sqs.Queue;

  constructor(scope: Construct, id: string, props: EmailSubscriptionsProps) {
    super(scope, id);
    props.emails.forEach((email, i) => {
      if (!EMAIL_ADDRESS.test(email)) throw new Error(`EmailSubscriptions: emails[${i}] is not an email address`);
    });
    if (props.emails.length === 0) return;
    const queue = deadLetterQueue(this, 'DeadLetters', props.encryptionKey, 'the e-mail subscriptions');
    this.deadLetterQueue = queue;
    allowSnsToEncrypt(props.encryptionKey);
    for (const email of props.emails) {
      props.topic.addSubscription(new subscriptions.EmailSubscription(email, { deadLetterQueue: queue }));
    }
  }
}

/** SNS writes to a KMS-encrypted DLQ as its service principal; only for topics of this account. */
function allowSnsToEncrypt(key: kms.Key): void {
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowSnsDeadLettersOfThisAccount',
      principals: [new iam.ServicePrincipal('sns.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
    }),
  );
}
