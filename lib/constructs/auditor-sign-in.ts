/**
 * How an auditor signs in to the console: a Cognito user pool (administrators create
 * users, MFA with TOTP required, strong passwords, threat protection enforced), its
 * `auditors` group, a public app client for the hosted UI (authorization code + PKCE),
 * and an identity pool that exchanges the id token for AuditReader credentials when, and
 * only when, the user is in `auditors`.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** The group whose members the identity pool maps to AuditReader. */
export const AUDITORS_GROUP = 'auditors';

/** Props of {@link AuditorSignIn}. */
export interface AuditorSignInProps {
  /** The console's root URL (`https://<host>/`): the only callback and sign-out URL. */
  readonly consoleUrl: string;
  /** The hosted UI's domain prefix (`<prefix>.auth.<region>.amazoncognito.com`). */
  readonly domainPrefix: string;
  /** The role members of {@link AUDITORS_GROUP} receive (AuditReader). */
  readonly readerRole: iam.IRole;
  /** Refuse deleting the user pool (prod). */
  readonly deletionProtection: boolean;
}

/** User pool, group, app client, hosted UI domain and identity pool. */
export class AuditorSignIn extends Construct {
  public readonly userPool: cognito.UserPool;
  public readonly client: cognito.UserPoolClient;
  public readonly domain: cognito.UserPoolDomain;
  public readonly identityPool: cognito.CfnIdentityPool;

  constructor(scope: Construct, id: string, props: AuditorSignInProps) {
    super(scope, id);
    if (!props.domainPrefix) throw new Error('AuditorSignIn: domainPrefix must not be empty');
    this.userPool = auditorUserPool(this, props.deletionProtection);
    this.userPool.addGroup('Auditors', {
      groupName: AUDITORS_GROUP,
      description: 'Auditors: may read the DMIS audit trail (AuditReader) through the console',
    });
    this.client = this.userPool.addClient('ConsoleClient', {
      generateSecret: false,
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID],
        callbackUrls: [props.consoleUrl],
        logoutUrls: [props.consoleUrl],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      // A working day; then the hosted UI (and its MFA) again.
      refreshTokenValidity: Duration.hours(12),
    });
    this.domain = this.userPool.addDomain('HostedUi', { cognitoDomain: { domainPrefix: props.domainPrefix } });
    this.identityPool = new cognito.CfnIdentityPool(this, 'IdentityPool', {
      allowUnauthenticatedIdentities: false,
      allowClassicFlow: false,
      cognitoIdentityProviders: [
        {
          clientId: this.client.userPoolClientId,
          providerName: this.userPool.userPoolProviderName,
          serverSideTokenCheck: true,
        },
      ],
    });
    this.mapAuditorsToReader(props.readerRole);
  }

  /** The id of the identity pool, for the reader role's trust condition. */
  public get identityPoolId(): string {
    return this.identityPool.ref;
  }

  /** `cognito:groups` contains `auditors` → AuditReader; any other user gets no credentials. */
  private mapAuditorsToReader(readerRole: iam.IRole): void {
    const provider = `${this.userPool.userPoolProviderName}:${this.client.userPoolClientId}`;
    new cognito.CfnIdentityPoolRoleAttachment(this, 'RoleMapping', {
      identityPoolId: this.identityPool.ref,
      roleMappings: {
        console: {
          identityProvider: provider,
          type: 'Rules',
          ambiguousRoleResolution: 'Deny',
          rulesConfiguration: {
            rules: [
              { claim: 'cognito:groups', matchType: 'Contains', value: AUDITORS_GROUP, roleArn: readerRole.roleArn },
            ],
          },
        },
      },
    });
  }
}

/** The hosted UI's base URL for a prefix, known at synth (the CSP names it before the domain exists). */
export function hostedUiUrl(scope: Construct, domainPrefix: string): string {
  const stack = Stack.of(scope);
  return `https://${domainPrefix}.auth.${stack.region}.amazoncognito.com`;
}

function auditorUserPool(scope: Construct, deletionProtection: boolean): cognito.UserPool {
  return new cognito.UserPool(scope, 'UserPool', {
    selfSignUpEnabled: false,
    signInAliases: { username: true, email: true },
    standardAttributes: { email: { required: true, mutable: true } },
    autoVerify: { email: true },
    mfa: cognito.Mfa.REQUIRED,
    mfaSecondFactor: { otp: true, sms: false },
    passwordPolicy: {
      minLength: 14,
      requireLowercase: true,
      requireUppercase: true,
      requireDigits: true,
      requireSymbols: true,
      passwordHistorySize: 12,
      tempPasswordValidity: Duration.days(3),
    },
    accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
    // Plus: threat protection that blocks risky sign-ins and compromised credentials, not only reports them.
    featurePlan: cognito.FeaturePlan.PLUS,
    standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
    deletionProtection,
    removalPolicy: deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  });
}
