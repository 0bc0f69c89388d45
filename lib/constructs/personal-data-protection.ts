/**
 * Personal-data protection (crypto-shredding) on AWS: the subject key store with its own
 * key, the key that wraps subject keys, the blind-index key, and the privacy function that
 * reads personal data in clear, exports and erases subjects (its API routes come from the
 * route table through AuditApi) and, once a day, destroys the keys of data past retention.
 * docs/security/privacy.md says who may do what, and why.
 */
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { renderEnvironment, type EnvironmentOf } from '../../lambdas/composition/environment';
import {
  BLIND_INDEX_ENVIRONMENT, PERSONAL_DATA_ENVIRONMENT, PRIVACY_SETTINGS_ENVIRONMENT, SUBJECT_KEY_ENVIRONMENT,
} from '../../lambdas/composition/function-environments';
import { SERVICE_NAMES } from '../../lambdas/core/service-names';
import { acknowledgeRule } from '../compliance/acknowledge';
import type { PrivacyConfig } from '../privacy-config';
import { AuditFunction } from './audit-function';
import { BlindIndexKey } from './blind-index-key';
import { addContractEnvironment } from './function-defaults';
import { SubjectKeyStore } from './subject-key-store';
import { SubjectKeyWrappingKey } from './subject-key-wrapping-key';

/** Props of {@link PersonalDataProtection}. */
export interface PersonalDataProtectionProps {
  /** Absolute path of the privacy function's handler module. */
  readonly entry: string;
  /** The privacy settings and extra personal keys (lib/privacy-config.ts). */
  readonly config: PrivacyConfig;
  /** Key that encrypts the privacy function's log group. */
  readonly logEncryptionKey: kms.IKey;
  /** Retention of the privacy function's log group. */
  readonly logRetention: logs.RetentionDays;
  /** The rest of the privacy function's environment (the audit table...). @default none */
  readonly environment?: Readonly<Record<string, string>>;
  /** When the retention sweep runs, in UTC. @default daily at 03:00 */
  readonly sweepSchedule?: events.Schedule;
}

/** A function that seals or opens personal values: an AuditFunction (its role is named in the wrapping key's policy). */
export type PersonalDataFunction = Pick<AuditFunction, 'function' | 'role'>;

/** The key store, its keys, the privacy function and its daily key sweep. */
export class PersonalDataProtection extends Construct {
  public readonly store: SubjectKeyStore;
  public readonly wrappingKey: SubjectKeyWrappingKey;
  public readonly blindIndexKey: BlindIndexKey;
  /** The privacy function: personal-data routes, subject export and erasure, the key sweep. */
  public readonly privacy: AuditFunction;
  /** The daily retention sweep's schedule. */
  public readonly sweepRule: events.Rule;
  /** The key store part of a sealing function's environment. */
  public readonly environment: EnvironmentOf<typeof SUBJECT_KEY_ENVIRONMENT>;
  private readonly personalData: EnvironmentOf<typeof PERSONAL_DATA_ENVIRONMENT>;

  constructor(scope: Construct, id: string, props: PersonalDataProtectionProps) {
    super(scope, id);
    this.store = new SubjectKeyStore(this, 'KeyStore');
    this.wrappingKey = new SubjectKeyWrappingKey(this, 'WrappingKey');
    this.blindIndexKey = new BlindIndexKey(this, 'BlindIndexKey');
    this.environment = {
      SUBJECT_KEY_TABLE: this.store.table.tableName,
      SUBJECT_KEY_WRAPPING_KEY_ARN: this.wrappingKey.key.keyArn,
      BLIND_INDEX_KEY_ARN: this.blindIndexKey.key.keyArn,
    };
    const extraKeys = props.config.personalDataKeys;
    this.personalData = extraKeys.length > 0 ? { PERSONAL_DATA_KEYS: JSON.stringify(extraKeys) } : {};
    this.privacy = new AuditFunction(this, 'Privacy', {
      entry: props.entry,
      description: 'Reads personal data in clear for those allowed, exports and erases data subjects, destroys expired subject keys',
      serviceName: SERVICE_NAMES.privacy,
      // API Gateway calls it synchronously; the schedule asynchronously (below).
      invocation: 'asynchronous',
      timeout: Duration.seconds(29),
      // Subject exports page through a person's events, decrypting and proving each, like the query function's exports.
      memorySize: 1024,
      logEncryptionKey: props.logEncryptionKey,
      logRetention: props.logRetention,
      environment: {
        ...props.environment,
        ...renderEnvironment(PRIVACY_SETTINGS_ENVIRONMENT, { PRIVACY_SETTINGS: JSON.stringify(props.config.settings) }),
      },
    });
    this.connectSealing(this.privacy);
    this.store.grantEraseKeys(this.privacy.function);
    this.wrappingKey.grantUnwrapKeys(this.privacy.role);
    this.sweepRule = this.scheduleSweep(props.sweepSchedule ?? events.Schedule.cron({ minute: '0', hour: '3' }));
  }

  /** Ingest: seal personal fields under subject keys it creates on first use, and write their blinds. */
  public connectIngest(fn: PersonalDataFunction): void {
    this.connectSealing(fn);
    this.store.grantUseKeys(fn.function);
    this.wrappingKey.grantWrapKeys(fn.role);
  }

  /** A function that searches by a personal value's keyed hash (`?ip=`), and nothing more. */
  public connectSearch(fn: PersonalDataFunction): void {
    addContractEnvironment(fn.function, BLIND_INDEX_ENVIRONMENT, { BLIND_INDEX_KEY_ARN: this.environment.BLIND_INDEX_KEY_ARN });
    this.blindIndexKey.grantGenerateMac(fn.function);
  }

  private connectSealing(fn: PersonalDataFunction): void {
    addContractEnvironment(fn.function, SUBJECT_KEY_ENVIRONMENT, this.environment);
    addContractEnvironment(fn.function, PERSONAL_DATA_ENVIRONMENT, this.personalData);
    this.blindIndexKey.grantGenerateMac(fn.function);
  }

  /**
   * The key sweep: EventBridge's own scheduled event, which the privacy handler tells from
   * an API request. A missed or failed run loses nothing: the next one destroys the same keys.
   */
  private scheduleSweep(schedule: events.Schedule): events.Rule {
    const fn = this.privacy.function;
    fn.configureAsyncInvoke({ retryAttempts: 1, maxEventAge: Duration.hours(1) });
    const rule = new events.Rule(this, 'KeySweep', {
      description: 'DMIS audit: destroy subject keys whose events are all past retention',
      schedule,
      targets: [new targets.LambdaFunction(fn, { retryAttempts: 2 })],
    });
    const why =
      'A failed key sweep loses nothing: the keys stay (readable, as before) and the next daily run destroys them; its failures alarm through the per-function error alarm.';
    for (const ruleId of ['NIST.800.53.R5-LambdaDLQ', 'Serverless-LambdaDLQ', 'Serverless-LambdaAsyncFailureDestination'])
      acknowledgeRule(fn, ruleId, why);
    acknowledgeRule(rule, 'Serverless-EventBusDLQ', why);
    return rule;
  }
}
