// cognito-local 5.3 as the Cognito stand-in: the hosted-UI-like form, the token endpoint (code + PKCE) and
// the user pool JSON API. It must run as HOST=localhost PORT=9229 (its discovery document hard-codes that
// origin and `iss` follows HOST:PORT), from an empty working directory (it writes ./.cognito/). One at a time.
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_CREDENTIALS, TEST_REGION } from './aws-test-env';
import { startProcess, waitForPort, type RigProcess } from './process';

export const COGNITO_LOCAL_ORIGIN = 'http://localhost:9229';

export interface CognitoLocalRig {
  readonly process: RigProcess;
  readonly origin: string;
  stop(): Promise<void>;
}

export async function startCognitoLocal(): Promise<CognitoLocalRig> {
  const dir = await mkdtemp(join(tmpdir(), 'cognito-local-'));
  const start = require.resolve('cognito-local/lib/bin/start.js');
  const rig = startProcess(process.execPath, [start], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, HOST: 'localhost', PORT: '9229', DEBUG: '' },
  });
  try {
    await waitForPort('localhost', 9229, rig);
  } catch (error) {
    await rig.stop();
    throw error;
  }
  return {
    process: rig,
    origin: COGNITO_LOCAL_ORIGIN,
    async stop() {
      await rig.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface SeedUser {
  readonly email: string;
  readonly password: string;
  readonly groups: readonly string[];
}

export interface SeededPool {
  readonly poolId: string;
  readonly clientId: string;
  readonly issuer: string;
}

/** Creates a pool, a public PKCE client for `callbackUrl`, the groups and the users, through the real SDK. */
export async function seedPool(options: {
  callbackUrl: string;
  logoutUrl: string;
  users: readonly SeedUser[];
}): Promise<SeededPool> {
  const idp = new CognitoIdentityProviderClient({
    endpoint: COGNITO_LOCAL_ORIGIN,
    region: TEST_REGION,
    credentials: TEST_CREDENTIALS,
  });
  try {
    const pool = await idp.send(
      new CreateUserPoolCommand({ PoolName: 'auth-e2e', UsernameAttributes: ['email'] }),
    );
    const poolId = pool.UserPool!.Id!;
    const client = await idp.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'auth',
        GenerateSecret: false,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid', 'email', 'profile'],
        CallbackURLs: [options.callbackUrl],
        LogoutURLs: [options.logoutUrl],
        SupportedIdentityProviders: ['COGNITO'],
      }),
    );
    for (const group of new Set(options.users.flatMap((u) => u.groups))) {
      await idp.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: group }));
    }
    for (const user of options.users) {
      await idp.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: user.email,
          MessageAction: 'SUPPRESS',
          UserAttributes: [
            { Name: 'email', Value: user.email },
            { Name: 'email_verified', Value: 'true' },
          ],
        }),
      );
      await idp.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: poolId,
          Username: user.email,
          Password: user.password,
          Permanent: true,
        }),
      );
      for (const group of user.groups) {
        await idp.send(
          new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: user.email, GroupName: group }),
        );
      }
    }
    return {
      poolId,
      clientId: client.UserPoolClient!.ClientId!,
      issuer: `${COGNITO_LOCAL_ORIGIN}/${poolId}`,
    };
  } finally {
    idp.destroy();
  }
}
