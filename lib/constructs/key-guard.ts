/**
 * Guards the keys the audit data depends on. Scheduling deletion of the data key would make
 * the table, its backups and the Object Lock archive unreadable, however locked; deleting
 * the signing key would end offline verification of new blocks. So the key policies deny
 * deletion and disabling to every principal but one named break-glass role, and any
 * attempt (allowed or denied) reaches the alarm topic through EventBridge.
 */
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { deadLetterQueue } from './dead-letter-queue';

/** Props of {@link KeyGuard}. */
export interface KeyGuardProps {
  /** The keys to guard. */
  readonly keys: readonly kms.Key[];
  /** Where attempts are reported. */
  readonly alarmTopic: sns.ITopic;
  /** Encrypts the rule's dead-letter queue (the alarm topic's key, which EventBridge may use). */
  readonly deadLetterKey: kms.IKey;
  /** The only role that may delete or disable the keys (config `breakGlassRoleArn`). @default none: nobody may */
  readonly breakGlassRoleArn?: string;
}

/** Actions that end a key's usefulness, denied outside the break-glass role. */
export const KEY_DESTRUCTION_ACTIONS = ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:DisableKeyRotation'] as const;
/** CloudTrail events that alert: the destructive ones, and a key policy change that could lift the deny. */
export const KEY_ALERT_EVENTS = ['ScheduleKeyDeletion', 'DisableKey', 'PutKeyPolicy'] as const;

/** Deny statements on each key and an EventBridge rule on attempts. */
export class KeyGuard extends Construct {
  /** The rule matching attempts on the guarded keys. */
  public readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: KeyGuardProps) {
    super(scope, id);
    if (props.keys.length === 0) throw new Error('KeyGuard: keys must name at least one key');
    for (const key of props.keys) denyDestruction(key, props.breakGlassRoleArn);
    const deadLetters = deadLetterQueue(this, 'DeadLetters', props.deadLetterKey, 'the key-guard rule');
    this.rule = new events.Rule(this, 'Attempts', {
      description: 'DMIS audit: deletion, disabling or key policy change attempted on an audit key',
      eventPattern: {
        source: ['aws.kms'],
        detailType: ['AWS API Call via CloudTrail'],
        detail: {
          eventSource: ['kms.amazonaws.com'],
          eventName: [...KEY_ALERT_EVENTS],
          // These calls take only a key id or key ARN (never an alias), so both forms cover every attempt.
          requestParameters: { keyId: props.keys.flatMap((key) => [key.keyId, key.keyArn]) },
        },
      },
      targets: [new targets.SnsTopic(props.alarmTopic, { deadLetterQueue: deadLetters })],
    });
  }
}

/**
 * An explicit deny wins over the account-root statement CDK puts in every key policy, so
 * administrators with kms:* in IAM cannot delete the key either; only the break-glass role.
 */
function denyDestruction(key: kms.Key, breakGlassRoleArn: string | undefined): void {
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'DenyKeyDestructionOutsideBreakGlass',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: [...KEY_DESTRUCTION_ACTIONS],
      resources: ['*'],
      ...(breakGlassRoleArn ? { conditions: { ArnNotEquals: { 'aws:PrincipalArn': breakGlassRoleArn } } } : {}),
    }),
  );
}
