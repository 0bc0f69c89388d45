/**
 * What the query function needs beyond the table to serve auditors: the cursor
 * key that signs search cursors and the bucket large exports are written to.
 */
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { EnvironmentOf } from '../../lambdas/composition/environment';
import { AUDITOR_ACCESS_ENVIRONMENT } from '../../lambdas/composition/function-environments';
import { CursorKey } from './cursor-key';
import { ExportBucket } from './export-bucket';
import { addContractEnvironment } from './function-defaults';

/** Props of {@link AuditorAccess}. */
export interface AuditorAccessProps {
  /** The audit data key: exports are encrypted with it, like the data they copy. */
  readonly dataKey: kms.IKey;
  /** Bucket receiving the export bucket's S3 server access logs. */
  readonly accessLogs: s3.IBucket;
}

/** The cursor key and the export bucket, connected to the query function. */
export class AuditorAccess extends Construct {
  public readonly cursorKey: CursorKey;
  public readonly exports: ExportBucket;
  /** Its part of the query function's environment contract (read by lambdas/composition/aws-query-options.ts). */
  public readonly environment: EnvironmentOf<typeof AUDITOR_ACCESS_ENVIRONMENT>;

  constructor(scope: Construct, id: string, props: AuditorAccessProps) {
    super(scope, id);
    this.cursorKey = new CursorKey(this, 'CursorKey');
    this.exports = new ExportBucket(this, 'Exports', { encryptionKey: props.dataKey, accessLogs: props.accessLogs });
    this.environment = {
      CURSOR_KEY_ID: this.cursorKey.key.keyArn,
      EXPORT_BUCKET: this.exports.bucket.bucketName,
      EXPORT_KEY_ID: props.dataKey.keyArn,
    };
  }

  /** Gives the query function the environment and the grants: GenerateMac, export put/get. */
  public connectQuery(fn: lambda.Function): void {
    addContractEnvironment(fn, AUDITOR_ACCESS_ENVIRONMENT, this.environment);
    this.cursorKey.grantGenerateMac(fn);
    this.exports.grantReadWriteExports(fn);
  }
}
