/**
 * The alarm topic: where CloudWatch alarms (ALARM and OK) and the stream processor's
 * real-time alerts go, and what the security team subscribes to. Encrypted with a key of
 * its own whose policy lets CloudWatch publish, so the data key's policy stays unchanged.
 */
import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { EmailSubscriptions } from './email-subscriptions';

/** Props of {@link AlarmTopic}. */
export interface AlarmTopicProps {
  /** Addresses subscribed by email (each must confirm). @default none */
  readonly emails?: readonly string[];
}

/** A KMS-encrypted SNS topic, TLS-only, with email subscriptions (each with a dead-letter queue). */
export class AlarmTopic extends Construct {
  /** The topic. */
  public readonly topic: sns.Topic;
  /** The key that encrypts it. */
  public readonly key: kms.Key;
  /** The e-mail subscriptions and their dead-letter queue. */
  public readonly emailSubscriptions: EmailSubscriptions;

  constructor(scope: Construct, id: string, props: AlarmTopicProps = {}) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'DMIS audit alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
    allowCloudWatchAlarms(this.key);
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'DMIS audit alarms',
      masterKey: this.key,
      enforceSSL: true,
    });
    this.emailSubscriptions = new EmailSubscriptions(this, 'Emails', {
      topic: this.topic,
      emails: props.emails ?? [],
      encryptionKey: this.key,
    });
  }
}

/**
 * CloudWatch alarm actions and EventBridge rules (KeyGuard) publish as their service
 * principals; only those of this account may.
 */
function allowCloudWatchAlarms(key: kms.Key): void {
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowCloudWatchAlarmsOfThisAccount',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com'), new iam.ServicePrincipal('events.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
    }),
  );
}
