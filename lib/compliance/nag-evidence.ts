/**
 * cdk-nag evidence for the governance pack: every finding of every pack the app runs,
 * each either open or acknowledged (with the acknowledgement's reason and where it sits),
 * and every acknowledgement, including those no finding uses any more.
 */
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks, ServerlessChecks, type NagPack } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { DmisAuditChecks } from './dmis-audit-checks';

/** One acknowledgement: a rule id accepted on a construct and everything under it. */
export interface Acknowledgement {
  readonly ruleId: string;
  readonly constructPath: string;
  readonly reason: string;
}

/** One finding of one rule on one resource. */
export interface NagFinding {
  readonly pack: string;
  readonly ruleId: string;
  readonly description: string;
  readonly constructPath: string;
  /** The acknowledgement that accepts it; absent for an open finding. */
  readonly acknowledgedBy?: Acknowledgement;
}

/** What the evidence pack reports of cdk-nag. */
export interface NagEvidence {
  readonly packs: readonly string[];
  readonly findings: readonly NagFinding[];
  readonly acknowledgements: readonly Acknowledgement[];
  /** Acknowledgements no current finding needs: candidates for removal. */
  readonly unusedAcknowledgements: readonly Acknowledgement[];
}

/** The packs bin/app.ts runs at synth, in the same order. */
function appNagPacks(): NagPack[] {
  return [new AwsSolutionsChecks(), new NIST80053R5Checks(), new ServerlessChecks(), new DmisAuditChecks()];
}

/** Runs every pack over `scope` and sorts each finding into open or acknowledged. */
export function collectNagEvidence(scope: IConstruct, packs: NagPack[] = appNagPacks()): NagEvidence {
  const acknowledgements = acknowledgementsUnder(scope);
  const findings = packs.flatMap((pack) => allFindings(pack, scope, acknowledgements));
  const used = new Set(findings.map((f) => f.acknowledgedBy).filter((a): a is Acknowledgement => a !== undefined));
  return {
    packs: packs.map((p) => p.readPackName),
    findings,
    acknowledgements,
    unusedAcknowledgements: acknowledgements.filter((a) => !used.has(a)),
  };
}

/** Every acknowledgement recorded with Validations.of(construct).acknowledge under `scope`. */
function acknowledgementsUnder(scope: IConstruct): Acknowledgement[] {
  return scope.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && entry.data)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([key, reason]) => ({
          ruleId: key.replace(/^annotation::/i, ''),
          constructPath: construct.node.path,
          reason,
        })),
      ),
  );
}

/**
 * Findings with acknowledgements switched off, each matched to the nearest acknowledgement
 * above it. cdk-nag offers no public switch, so this replaces its private isAcknowledged on
 * this one pack instance; if cdk-nag renames it, only open findings are reported.
 */
function allFindings(pack: NagPack, scope: IConstruct, acks: readonly Acknowledgement[]): NagFinding[] {
  const open = keysOf(pack, scope);
  const internals = pack as unknown as { isAcknowledged?: unknown };
  const canSeeAcknowledged = typeof internals.isAcknowledged === 'function';
  if (canSeeAcknowledged) internals.isAcknowledged = () => false;
  const report = pack.validateScope(scope);
  return report.violations.flatMap((v) =>
    v.violatingResources.map((r) => {
      const constructPath = r.constructPath ?? '';
      const isOpen = !canSeeAcknowledged || open.has(`${v.ruleName} ${constructPath}`);
      const acknowledgedBy = isOpen ? undefined : nearestAcknowledgement(acks, v.ruleName, constructPath);
      return {
        pack: pack.readPackName,
        ruleId: v.ruleName,
        description: v.description,
        constructPath,
        ...(acknowledgedBy ? { acknowledgedBy } : {}),
      };
    }),
  );
}

function keysOf(pack: NagPack, scope: IConstruct): Set<string> {
  const report = pack.validateScope(scope);
  return new Set(
    report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath ?? ''}`)),
  );
}

function nearestAcknowledgement(
  acks: readonly Acknowledgement[],
  ruleId: string,
  path: string,
): Acknowledgement | undefined {
  return acks
    .filter((a) => a.ruleId === ruleId && (path === a.constructPath || path.startsWith(`${a.constructPath}/`)))
    .sort((a, b) => b.constructPath.length - a.constructPath.length)[0];
}
