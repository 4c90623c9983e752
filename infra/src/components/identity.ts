// Cognito: who may sign in (email, strong passwords, MFA), which group they belong to (admins, viewers), and the
// one app client the auth service uses (authorization code + PKCE). No self sign-up: admins invite users.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { physicalName, type StackIdentity } from '../naming';

export interface IdentityArgs {
  readonly identity: StackIdentity;
  readonly region: string;
  readonly accountId: pulumi.Input<string>;
  readonly domain: string;
  readonly mfa: 'optional' | 'required';
  readonly protectData: boolean;
}

export const USER_GROUPS = {
  admins: 'Operate Dagster: launch, re-execute and cancel runs.',
  viewers: 'Read-only Dagster: browse assets, runs and logs.',
} as const;

export class Identity extends pulumi.ComponentResource {
  readonly userPoolId: pulumi.Output<string>;
  readonly clientId: pulumi.Output<string>;
  readonly issuerUrl: pulumi.Output<string>;
  readonly hostedUiDomain: pulumi.Output<string>;

  constructor(name: string, args: IdentityArgs, opts?: pulumi.ComponentResourceOptions) {
    super('energy-market:identity:Identity', name, {}, opts);
    const child = { parent: this };
    const id = args.identity;
    const pool = new aws.cognito.UserPool(
      `${name}-pool`,
      {
        name: physicalName(id, 'users'),
        usernameAttributes: ['email'],
        autoVerifiedAttributes: ['email'],
        adminCreateUserConfig: { allowAdminCreateUserOnly: true },
        passwordPolicy: {
          minimumLength: 14,
          requireLowercase: true,
          requireUppercase: true,
          requireNumbers: true,
          requireSymbols: true,
          temporaryPasswordValidityDays: 3,
        },
        mfaConfiguration: args.mfa === 'required' ? 'ON' : 'OPTIONAL',
        softwareTokenMfaConfiguration: { enabled: true },
        accountRecoverySetting: { recoveryMechanisms: [{ name: 'verified_email', priority: 1 }] },
        deletionProtection: args.protectData ? 'ACTIVE' : 'INACTIVE',
        usernameConfiguration: { caseSensitive: false },
      },
      child,
    );
    for (const [group, description] of Object.entries(USER_GROUPS)) {
      new aws.cognito.UserGroup(`${name}-${group}`, { userPoolId: pool.id, name: group, description }, child);
    }
    // Hosted UI prefixes are global across AWS: the account id keeps two deployments of this project apart.
    const prefix = pulumi.output(args.accountId).apply((account) => physicalName(id, account));
    const domain = new aws.cognito.UserPoolDomain(
      `${name}-domain`,
      { userPoolId: pool.id, domain: prefix },
      child,
    );
    const client = new aws.cognito.UserPoolClient(
      `${name}-client`,
      {
        name: physicalName(id, 'auth'),
        userPoolId: pool.id,
        generateSecret: false,
        allowedOauthFlowsUserPoolClient: true,
        allowedOauthFlows: ['code'],
        allowedOauthScopes: ['openid', 'email', 'profile'],
        supportedIdentityProviders: ['COGNITO'],
        callbackUrls: [`https://${args.domain}/auth/callback`],
        logoutUrls: [`https://${args.domain}/auth/signed-out`],
        explicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
        preventUserExistenceErrors: 'ENABLED',
        enableTokenRevocation: true,
        accessTokenValidity: 60,
        idTokenValidity: 60,
        refreshTokenValidity: 12,
        tokenValidityUnits: { accessToken: 'minutes', idToken: 'minutes', refreshToken: 'hours' },
      },
      child,
    );
    this.userPoolId = pool.id;
    this.clientId = client.id;
    this.issuerUrl = pulumi.interpolate`https://cognito-idp.${args.region}.amazonaws.com/${pool.id}`;
    this.hostedUiDomain = pulumi.interpolate`${domain.domain}.auth.${args.region}.amazoncognito.com`;
    this.registerOutputs({});
  }
}
