/**
 * The evidence pack's content and its Markdown rendering: cdk-nag findings and
 * acknowledgements, each control's implementing resources, the latest verification and
 * the test run. bin/evidence.ts gathers the parts; this module only shapes them.
 */
import type { NagEvidence, NagFinding } from './nag-evidence';
import { implementingResources, NIST_CONTROLS, type CfnTemplate } from './nist-controls';

/** The latest integrity verification, or why there is none. */
export interface VerificationEvidence {
  readonly status: 'passed' | 'failed' | 'not-available';
  readonly detail: string;
  readonly output?: string;
}

/** A summary of one test run. */
export interface TestEvidence {
  readonly status: 'passed' | 'failed' | 'not-available';
  readonly source: string;
  readonly total?: number;
  readonly passed?: number;
  readonly failed?: number;
  readonly skipped?: number;
  readonly failedTests?: readonly string[];
  readonly files?: ReadonlyArray<{ readonly file: string; readonly status: string }>;
}

/** Everything the evidence pack holds. */
export interface EvidencePack {
  readonly generatedAt: string;
  readonly stack: string;
  readonly gitCommit: string;
  readonly nag: NagEvidence;
  readonly controls: ReadonlyArray<{
    id: string;
    title: string;
    resources: Array<{ logicalId: string; type: string }>;
  }>;
  readonly verification: VerificationEvidence;
  readonly tests: TestEvidence;
}

/** Each control with the template's resources that implement it. */
export function controlEvidence(template: CfnTemplate): EvidencePack['controls'] {
  return NIST_CONTROLS.map((c) => ({ id: c.id, title: c.title, resources: implementingResources(c, template) }));
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** The pack as Markdown for the governance file. */
export function evidenceMarkdown(pack: EvidencePack): string {
  const open = pack.nag.findings.filter((f) => !f.acknowledgedBy);
  const acknowledged = pack.nag.findings.filter((f) => f.acknowledgedBy);
  return [
    `# DMIS audit trail: evidence pack`,
    '',
    `Generated ${pack.generatedAt} from commit \`${pack.gitCommit}\`, stack \`${pack.stack}\`.`,
    `Controls are described in docs/security/controls-matrix.md; this file is the machine-gathered proof.`,
    '',
    `## cdk-nag (${pack.nag.packs.join(', ')})`,
    '',
    `${open.length} open finding(s), ${acknowledged.length} acknowledged finding(s), ${pack.nag.unusedAcknowledgements.length} unused acknowledgement(s).`,
    '',
    ...findingTable('Open findings', open, false),
    ...findingTable('Acknowledged findings', acknowledged, true),
    '### Unused acknowledgements',
    '',
    ...(pack.nag.unusedAcknowledgements.length === 0
      ? ['None.', '']
      : [
          '| rule | on | reason |',
          '|---|---|---|',
          ...pack.nag.unusedAcknowledgements.map((a) => `| ${a.ruleId} | ${a.constructPath} | ${cell(a.reason)} |`),
          '',
        ]),
    '## Controls and their resources in the synthesized template',
    '',
    '| control | title | resources |',
    '|---|---|---|',
    ...pack.controls.map(
      (c) =>
        `| ${c.id} | ${c.title} | ${c.resources.length === 0 ? '**none found**' : c.resources.map((r) => `${r.logicalId} (${r.type})`).join('<br>')} |`,
    ),
    '',
    '## Latest integrity verification',
    '',
    `**${pack.verification.status}**: ${pack.verification.detail}`,
    ...(pack.verification.output ? ['', '```', pack.verification.output, '```'] : []),
    '',
    '## Test run',
    '',
    ...testLines(pack.tests),
  ].join('\n');
}

function findingTable(title: string, findings: readonly NagFinding[], withReason: boolean): string[] {
  if (findings.length === 0) return [`### ${title}`, '', 'None.', ''];
  const header = withReason
    ? '| rule | resource | acknowledged on | reason |\n|---|---|---|---|'
    : '| rule | resource | description |\n|---|---|---|';
  const rows = findings.map((f) =>
    withReason
      ? `| ${f.ruleId} | ${f.constructPath} | ${f.acknowledgedBy?.constructPath ?? ''} | ${cell(f.acknowledgedBy?.reason ?? '')} |`
      : `| ${f.ruleId} | ${f.constructPath} | ${cell(f.description)} |`,
  );
  return [`### ${title}`, '', header, ...rows, ''];
}

function testLines(tests: TestEvidence): string[] {
  const lines = [`**${tests.status}** (${tests.source})`, ''];
  if (tests.total !== undefined)
    lines.push(`${tests.total} tests: ${tests.passed} passed, ${tests.failed} failed, ${tests.skipped} skipped.`, '');
  if (tests.failedTests?.length) lines.push('Failed:', '', ...tests.failedTests.map((t) => `- ${t}`), '');
  if (tests.files?.length)
    lines.push('| test file | status |', '|---|---|', ...tests.files.map((f) => `| ${f.file} | ${f.status} |`), '');
  return lines;
}
