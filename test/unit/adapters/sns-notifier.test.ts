import { AuthorizationErrorException, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { SnsNotifier } from '../../../lambdas/adapters/sns/sns-notifier';
import type { SecurityNotification } from '../../../lambdas/core/monitoring/ports';

const TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:dmis-audit-alarms';
const sns = mockClient(SNSClient);

function aNotification(overrides: Partial<SecurityNotification> = {}): SecurityNotification {
  return {
    subject: 'DMIS audit: brute force suspected (12 failed logins, ip)',
    severity: 'high',
    source: 'detector',
    detail: { key: '198.51.100.23', count: 12, windowSeconds: 300 },
    ...overrides,
  };
}

function newNotifier(): SnsNotifier {
  return new SnsNotifier(new SNSClient({ region: 'eu-west-1' }), TOPIC_ARN);
}

function publishInputs() {
  return sns.commandCalls(PublishCommand).map((call) => call.args[0].input);
}

beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'b1946ac9-2e4c-4c1a-9d3f-6f0e8c1d2a3b' });
});

describe('SnsNotifier', () => {
  it('publishes once to the topic with the subject, and severity and source as string attributes', async () => {
    // Prepare
    const notification = aNotification();
    // Act
    await newNotifier().publish(notification);
    // Assess
    expect(publishInputs()).toEqual([
      {
        TopicArn: TOPIC_ARN,
        Subject: 'DMIS audit: brute force suspected (12 failed logins, ip)',
        Message: expect.any(String),
        MessageAttributes: {
          severity: { DataType: 'String', StringValue: 'high' },
          source: { DataType: 'String', StringValue: 'detector' },
        },
      },
    ]);
  });

  it('sends the whole notification as the JSON message', async () => {
    // Prepare
    const notification = aNotification();
    // Act
    await newNotifier().publish(notification);
    // Assess
    expect(JSON.parse(publishInputs()[0]?.Message ?? '')).toEqual(notification);
  });

  it('cuts a subject longer than 100 characters to its first 100', async () => {
    // Prepare
    const long = `DMIS audit: ${'x'.repeat(120)}`;
    // Act
    await newNotifier().publish(aNotification({ subject: long }));
    // Assess
    expect(publishInputs()[0]?.Subject).toBe(long.slice(0, 100));
  });

  it('replaces each run of line breaks in the subject with one space, which SNS would reject', async () => {
    // Prepare
    const subject = 'DMIS audit: audit item modified\r\n\r\n(append-only broken)\nsee runbook';
    // Act
    await newNotifier().publish(aNotification({ subject }));
    // Assess
    expect(publishInputs()[0]?.Subject).toBe('DMIS audit: audit item modified (append-only broken) see runbook');
  });

  it('keeps the original subject in the message when the subject line is cut', async () => {
    // Prepare
    const notification = aNotification({ subject: `DMIS audit:\n${'y'.repeat(150)}` });
    // Act
    await newNotifier().publish(notification);
    // Assess
    expect((JSON.parse(publishInputs()[0]?.Message ?? '') as SecurityNotification).subject).toBe(notification.subject);
  });

  it('passes an SNS error through, so the caller can retry the record', async () => {
    // Prepare
    const denied = new AuthorizationErrorException({
      message: 'not authorized to publish',
      $metadata: { httpStatusCode: 403 },
    });
    sns.on(PublishCommand).rejects(denied);
    // Act
    const publishing = newNotifier().publish(aNotification());
    // Assess
    await expect(publishing).rejects.toBe(denied);
  });
});
