/**
 * The stream processor's on-failure queue in the synthesized stack: its depth raises the
 * alarm the one rule set defines (the same rule the local runtime evaluates over parked
 * records), and the stack names what `dmis-audit stream redrive --aws` needs.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, it } from '@jest/globals';
import { pipelineRule } from '../../local/gauge-alarms';
import { buildAuditStack, SYNTH_TIMEOUT_MS, TEST_CONFIG } from './audit-stack-fixture';

describe('stream on-failure queue', () => {
  let template: Template;
  beforeAll(() => {
    template = Template.fromStack(buildAuditStack(TEST_CONFIG).stack);
  }, SYNTH_TIMEOUT_MS);

  it('alarms on its visible messages with the failure-queue-depth rule', () => {
    const rule = pipelineRule('failureQueueDepth');
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Threshold: rule.threshold,
      Dimensions: [
        { Name: 'QueueName', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('FailureQueue'), 'QueueName'] } },
      ],
    });
  });

  it('outputs the queue URL and the function to redrive with', () => {
    template.hasOutput('StreamFailureQueueUrl', { Value: { Ref: Match.stringLikeRegexp('FailureQueue') } });
    template.hasOutput('StreamProcessorFunctionName', {
      Value: { Ref: Match.stringLikeRegexp('StreamProcessorFunction') },
    });
  });
});
