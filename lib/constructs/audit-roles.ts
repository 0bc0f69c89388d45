/**
 * The caller roles. AuditWriter is assumed by DMIS services to record events (over
 * the API or by invoking the ingest function directly); AuditReader by auditors and
 * security tooling to read them; PrivacyOfficer by whoever answers data subjects' requests
 * (personal data in clear, subject export, erasure). Which API routes each may call comes
 * from the route table (`role` and `personalData` of each row in lambdas/core/api/routes.ts),
 * through AuditApi.grantRoutes.
 */
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { acknowledgeRule } from '../compliance/acknowledge';
import type { AuditApi } from './audit-api';

/** Props of {@link AuditRoles}. */
export interface AuditRolesProps {
  /** The API whose routes the roles may call. */
  readonly api: AuditApi;
  /** The ingest function the writer may also invoke directly. */
  readonly ingestFunction: lambda.IFunction;
  /** Principal ARNs allowed to assume AuditWriter. Empty: this account's root (IAM policies then decide). */
  readonly writerPrincipalArns: readonly string[];
  /** Principal ARNs allowed to assume AuditReader. Empty: this account's root (IAM policies then decide). */
  readonly readerPrincipalArns: readonly string[];
  /** Principal ARNs allowed to assume PrivacyOfficer. Empty: this account's root (IAM policies then decide). */
  readonly privacyOfficerPrincipalArns: readonly string[];
  /** Whether AuditReader may also call the routes that return personal data in clear (config `auditorsReadPersonalData`). */
  readonly auditorsReadPersonalData: boolean;
}

/** AuditWriter, AuditReader and PrivacyOfficer, each limited to its own routes. */
export class AuditRoles extends Construct {
  /** Records events: writer routes and direct invocation of the ingest function. */
  public readonly writer: iam.Role;
  /** Reads events: reader routes only. */
  public readonly reader: iam.Role;
  /** Reads personal data in clear, exports and erases data subjects: privacy and personal-data routes only. */
  public readonly privacyOfficer: iam.Role;

  constructor(scope: Construct, id: string, props: AuditRolesProps) {
    super(scope, id);
    this.writer = new iam.Role(this, 'Writer', {
      description: 'DMIS audit trail writer: records audit events',
      assumedBy: trustedPrincipals(props.writerPrincipalArns),
      maxSessionDuration: Duration.hours(1),
    });
    props.api.grantRoutes('writer', this.writer);
    // The unqualified ARN only: grantInvoke would also allow every version and alias (`:*`).
    iam.Grant.addToPrincipal({
      grantee: this.writer,
      actions: ['lambda:InvokeFunction'],
      resourceArns: [props.ingestFunction.functionArn],
    });

    this.reader = new iam.Role(this, 'Reader', {
      description: 'DMIS audit trail reader: reads audit events',
      assumedBy: trustedPrincipals(props.readerPrincipalArns),
      maxSessionDuration: Duration.hours(1),
    });
    // Personal-data routes too, only where the deployment grants auditors clear reads.
    props.api.grantRoutes('reader', this.reader, { auditorsReadPersonalData: props.auditorsReadPersonalData });

    this.privacyOfficer = new iam.Role(this, 'PrivacyOfficer', {
      description: 'DMIS audit trail privacy officer: reads personal data, exports and erases data subjects',
      assumedBy: trustedPrincipals(props.privacyOfficerPrincipalArns),
      maxSessionDuration: Duration.hours(1),
    });
    props.api.grantRoutes('privacy', this.privacyOfficer);
    for (const role of [this.writer, this.reader, this.privacyOfficer]) {
      acknowledgeRule(
        role,
        'NIST.800.53.R5-IAMNoInlinePolicy',
        'The inline policy belongs to this one role and is created and deleted with it; it cannot be attached to any other identity.',
      );
    }
  }

  /**
   * Lets the auditor console's identity pool hand out AuditReader credentials: web
   * identities of that one pool (`aud`), signed in (`amr`); which users get the role is
   * the pool's role mapping (the `auditors` group).
   */
  public trustConsoleIdentityPool(identityPoolId: string): void {
    this.reader.assumeRolePolicy?.addStatements(
      new iam.PolicyStatement({
        principals: [new iam.FederatedPrincipal('cognito-identity.amazonaws.com')],
        actions: ['sts:AssumeRoleWithWebIdentity'],
        conditions: {
          StringEquals: { 'cognito-identity.amazonaws.com:aud': identityPoolId },
          'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
        },
      }),
    );
  }
}

function trustedPrincipals(arns: readonly string[]): iam.IPrincipal {
  if (arns.length === 0) return new iam.AccountRootPrincipal();
  return new iam.CompositePrincipal(...arns.map((arn) => new iam.ArnPrincipal(arn)));
}
