import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BruteForceDetector, type BruteForceSettings } from '../core/monitoring/brute-force-detector';
import type { Notifier, SecurityLog } from '../core/monitoring/ports';
import { SecurityStreamProcessor } from '../core/monitoring/security-stream-processor';
import { DynamoDbDetectorCounters } from '../adapters/dynamodb/detector-counters';
import { DynamoDbChangeProgress } from '../adapters/dynamodb/dynamodb-change-progress';

/** What differs between AWS (stdout log group, SNS) and local (NDJSON file, notifications file). */
export interface StreamProcessorOptions {
  /** Reaches the detector's counter table (DynamoDB or DynamoDB Local). */
  readonly documentClient: DynamoDBDocumentClient;
  /** The detector's counter table (DETECTOR_TABLE_NAME on AWS, `<table>-detector` locally). */
  readonly detectorTableName: string;
  /** Where one security line per table change goes. */
  readonly securityLog: SecurityLog;
  /** Where real-time alerts go. */
  readonly notifier: Notifier;
  /** Threshold and window of the brute-force detector. @default DEFAULT_BRUTE_FORCE_SETTINGS */
  readonly detector?: Partial<BruteForceSettings>;
}

/** The stream processor's builder, used by the Lambda entry and the local runtime alike. */
export function buildSecurityStreamProcessor(options: StreamProcessorOptions): SecurityStreamProcessor {
  const { securityLog, notifier } = options;
  const counters = new DynamoDbDetectorCounters(options.documentClient, options.detectorTableName);
  const detector = new BruteForceDetector(counters, notifier, options.detector);
  // Progress markers share the detector's table: its own, writable, with TTL.
  const progress = new DynamoDbChangeProgress(options.documentClient, options.detectorTableName);
  return new SecurityStreamProcessor({ securityLog, detector, notifier, progress });
}
