/**
 * The evidence pack's control map and Markdown: resources are found by type and property,
 * a control with nothing behind it says so, and acknowledged findings carry their reason.
 */
import { describe, expect, it } from '@jest/globals';
import { controlEvidence, evidenceMarkdown, type EvidencePack } from '../../../lib/compliance/evidence-pack';
import type { CfnTemplate } from '../../../lib/compliance/nist-controls';

const TEMPLATE: CfnTemplate = {
  Resources: {
    Plain: { Type: 'AWS::S3::Bucket', Properties: {} },
    Locked: { Type: 'AWS::S3::Bucket', Properties: { ObjectLockEnabled: true } },
    Vault: { Type: 'AWS::Backup::BackupVault', Properties: {} },
  },
};

function aPack(overrides: Partial<EvidencePack> = {}): EvidencePack {
  return {
    generatedAt: '2026-11-23T00:00:00.000Z',
    stack: 'DmisAudit-dev',
    gitCommit: 'abc1234',
    nag: { packs: ['DmisAudit'], findings: [], acknowledgements: [], unusedAcknowledgements: [] },
    controls: controlEvidence(TEMPLATE),
    verification: { status: 'not-available', detail: 'no local stack' },
    tests: { status: 'not-available', source: 'skipped' },
    ...overrides,
  };
}

describe('controlEvidence', () => {
  it('maps AU-11(1) to the Object Lock bucket only', () => {
    const au111 = controlEvidence(TEMPLATE).find((c) => c.id === 'AU-11(1)');

    expect(au111?.resources).toEqual([{ logicalId: 'Locked', type: 'AWS::S3::Bucket' }]);
  });

  it('leaves a control with no implementing resource empty', () => {
    const ia2 = controlEvidence(TEMPLATE).find((c) => c.id === 'IA-2');

    expect(ia2?.resources).toEqual([]);
  });
});

describe('evidenceMarkdown', () => {
  it('says "none found" for a control without resources', () => {
    const markdown = evidenceMarkdown(aPack());

    expect(markdown.split('\n').find((l) => l.startsWith('| IA-2 |'))).toContain('**none found**');
  });

  it('shows an acknowledged finding with its reason, pipes escaped', () => {
    const acknowledgement = { ruleId: 'R-1', constructPath: 'S/X', reason: 'safe | because' };
    const finding = {
      pack: 'P',
      ruleId: 'R-1',
      description: 'd',
      constructPath: 'S/X/Resource',
      acknowledgedBy: acknowledgement,
    };

    const markdown = evidenceMarkdown(
      aPack({
        nag: { packs: ['P'], findings: [finding], acknowledgements: [acknowledgement], unusedAcknowledgements: [] },
      }),
    );

    expect(markdown).toContain('| R-1 | S/X/Resource | S/X | safe \\| because |');
  });
});
