/**
 * The alarm topic: where CloudWatch alarms (ALARM and OK) and the stream processor's
 * real-time alerts go, and what the security team subscribes to. Encrypted with a key of
 * its own whose policy lets CloudWatch publish, so the data key's policy stays unchanged.
 */
import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

/** Props of {@link AlarmTopic}. */
export interface AlarmTopicProps {
  /** Addresses subscribed by email (each must confirm). @default none */
  readonly emails?: readonly string[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A KMS-encrypted SNS topic, TLS-only, with email subscriptions. */
export class AlarmTopic extends Construct {
  /** The topic. */
  public readonly topic: sns.Topic;
  /** The key that encrypts it. */
  public readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: AlarmTopicProps = {}) {
    super(scope, id);
    const emails = props.emails ?? [];
    emails.forEach((email, i) => {
      if (!EMAIL.test(email)) throw new Error(`AlarmTopic: emails[${i}] is not an email address`);
    });
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
    for (const email of emails) this.topic.addSubscription(new subscriptions.EmailSubscription(email));
  }
}

/** CloudWatch alarm actions publish as the service principal; only alarms of this account may. */
function allowCloudWatchAlarms(key: kms.Key): void {
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowCloudWatchAlarmsOfThisAccount',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
    }),
  );
}
