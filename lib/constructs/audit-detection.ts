/**
 * Detection and response, composed: the alarm topic, the stream processor with its
 * security log, the rules' metric filters and alarms, and the security dashboard.
 * The stack adds this one construct; everything else comes from the monitoring rules
 * and the typed config.
 */
import { Fn } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { monitoringRules } from '../../lambdas/core/monitoring/rules';
import type { AuditFunctionName, OptionalFunctionName } from '../../lambdas/core/service-names';
import type { MonitoringConfig } from '../config';
import { AlarmTopic } from './alarm-topic';
import { AuditMonitoring } from './monitoring';
import { SecurityDashboard } from './security-dashboard';
import { StreamProcessor } from './stream-processor';

/** Props of {@link AuditDetection}. */
export interface AuditDetectionProps {
  readonly table: dynamodb.ITable;
  readonly encryptionKey: kms.IKey;
  /** The stream processor's handler module. */
  readonly streamProcessorEntry: string;
  readonly config: MonitoringConfig;
  /** Alarm email subscribers. */
  readonly alarmEmails: readonly string[];
  readonly api: apigw.RestApi;
  readonly webAcl: wafv2.CfnWebACL;
  /** The other audit functions whose errors and throttles are alarmed, by their key in core/service-names.ts. */
  readonly functions: Readonly<Record<Exclude<AuditFunctionName, 'streamProcessor' | OptionalFunctionName>, lambda.IFunction>>;
}

/** Alarm topic, stream processor, metric filters, alarms and dashboard. */
export class AuditDetection extends Construct {
  public readonly alarmTopic: AlarmTopic;
  public readonly streamProcessor: StreamProcessor;
  public readonly monitoring: AuditMonitoring;
  public readonly dashboard: SecurityDashboard;

  constructor(scope: Construct, id: string, props: AuditDetectionProps) {
    super(scope, id);
    const { config } = props;
    this.alarmTopic = new AlarmTopic(this, 'AlarmTopic', { emails: props.alarmEmails });
    this.streamProcessor = new StreamProcessor(this, 'StreamProcessor', {
      table: props.table,
      entry: props.streamProcessorEntry,
      alarmTopic: this.alarmTopic.topic,
      encryptionKey: props.encryptionKey,
      securityLogRetention: config.securityLogRetentionDays,
      bruteForceThreshold: config.bruteForceThreshold,
      bruteForceWindowSeconds: config.bruteForceWindowSeconds,
    });
    const sp = this.streamProcessor;
    // The web ACL's Ref is "name|id|scope"; its metrics are dimensioned by the name.
    const webAclName = Fn.select(0, Fn.split('|', props.webAcl.ref));
    const pipeline = {
      streamProcessor: sp.function,
      failureQueue: sp.failureQueue,
      functions: { ...props.functions, streamProcessor: sp.function },
      api: props.api,
      webAclName,
    };
    this.monitoring = new AuditMonitoring(this, 'Monitoring', {
      rules: monitoringRules({ overrides: config.ruleOverrides, roleGrantAllowList: config.roleGrantAllowList }),
      securityLogGroup: sp.securityLogGroup,
      alarmTopic: this.alarmTopic.topic,
      pipeline,
    });
    this.dashboard = new SecurityDashboard(this, 'Dashboard', {
      monitoring: this.monitoring,
      securityLogGroup: sp.securityLogGroup,
      pipelineMetrics: {
        'Stream iterator age (ms)': sp.function.metric('IteratorAge', { statistic: 'Maximum' }),
        'On-failure queue depth': sp.failureQueue.metricApproximateNumberOfMessagesVisible(),
        'API 5xx': props.api.metricServerError(),
        'Stream processor errors': sp.function.metricErrors(),
      },
    });
  }
}
