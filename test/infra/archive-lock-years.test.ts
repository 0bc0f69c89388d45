/** The sealer's lock years come from config `archiveRetentionYears`, as the archive's lifecycle does. */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, it } from '@jest/globals';
import { buildAuditStack, SYNTH_TIMEOUT_MS, TEST_CONFIG } from './audit-stack-fixture';

let template: Template;
beforeAll(() => {
  template = Template.fromStack(
    buildAuditStack({ ...TEST_CONFIG, archiveRetentionYears: 10 }, { bundle: false }).stack,
  );
}, SYNTH_TIMEOUT_MS);

describe('sealer environment', () => {
  it('carries ARCHIVE_RETENTION_YEARS from config, matching the lifecycle of block files', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'audit-sealer', ARCHIVE_RETENTION_YEARS: '10' }),
      },
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ Id: 'expire-blocks', ExpirationInDays: 3654 })]),
      },
    });
  });
});
