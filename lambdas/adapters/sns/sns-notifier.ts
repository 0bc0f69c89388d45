/**
 * Notifier on SNS: the alarm topic the security team subscribes to (email, chat).
 * The message is the notification as JSON; the subject is what an email shows.
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Notifier, SecurityNotification } from '../../core/monitoring/ports';

/** Publishes each notification to one SNS topic. */
export class SnsNotifier implements Notifier {
  constructor(
    private readonly client: SNSClient,
    private readonly topicArn: string,
  ) {}

  async publish(notification: SecurityNotification): Promise<void> {
    await this.client.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        // SNS rejects subjects over 100 characters or with line breaks.
        Subject: notification.subject.replace(/[\r\n]+/g, ' ').slice(0, 100),
        Message: JSON.stringify(notification),
        MessageAttributes: {
          severity: { DataType: 'String', StringValue: notification.severity },
          source: { DataType: 'String', StringValue: notification.source },
        },
      }),
    );
  }
}
