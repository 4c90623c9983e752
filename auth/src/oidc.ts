// The one door to openid-client and jose: authorization code + PKCE (S256) as a public client (no secret),
// then the ID token verified with jose against the pool's JWKS. Endpoints are explicit, derived from the
// Cognito issuer and hosted UI domain (config.ts), because stand-ins such as cognito-local publish incomplete
// discovery documents. openid-client checks iss, aud, exp, state, nonce; jose re-checks the signature.
import * as client from 'openid-client';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from './config';
import { IdpError, LoginStateError, TokenInvalidError } from './errors';

export const SCOPES = 'openid email profile';

/** What the login cookie carries between /auth/login and /auth/callback. */
export interface LoginChecks {
  readonly state: string;
  readonly codeVerifier: string;
  readonly nonce?: string | undefined;
  readonly returnTo: string;
}

export interface Identity {
  readonly sub: string;
  /** Shown to upstreams as X-Auth-User: the email if Cognito has one, else the username. */
  readonly user: string;
  readonly groups: readonly string[];
}

export interface OidcClient {
  startLogin(returnTo: string): Promise<{ url: URL; checks: LoginChecks }>;
  finishLogin(callbackUrl: URL, checks: LoginChecks): Promise<Identity>;
}

export function callbackUrl(config: AuthConfig): string {
  return new URL('/auth/callback', config.publicUrl).href;
}

export function createOidcClient(config: AuthConfig): OidcClient {
  const server: client.ServerMetadata = {
    issuer: config.issuer,
    authorization_endpoint: config.endpoints.authorization.href,
    token_endpoint: config.endpoints.token.href,
    jwks_uri: config.endpoints.jwks.href,
    id_token_signing_alg_values_supported: ['RS256'],
  };
  const oidc = new client.Configuration(server, config.clientId, undefined, client.None());
  if (config.allowInsecureRequests) client.allowInsecureRequests(oidc);
  const jwks: JWTVerifyGetKey = createRemoteJWKSet(config.endpoints.jwks, { timeoutDuration: 5000 });
  const redirectUri = callbackUrl(config);

  return {
    async startLogin(returnTo) {
      const codeVerifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = config.omitNonce ? undefined : client.randomNonce();
      const parameters: Record<string, string> = {
        redirect_uri: redirectUri,
        scope: SCOPES,
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
      };
      if (nonce) parameters.nonce = nonce;
      return {
        url: client.buildAuthorizationUrl(oidc, parameters),
        checks: { state, codeVerifier, nonce, returnTo },
      };
    },

    async finishLogin(current, checks) {
      const idpError = current.searchParams.get('error');
      if (idpError) {
        throw new IdpError(
          `identity provider answered ${idpError}: ${current.searchParams.get('error_description') ?? ''}`,
        );
      }
      let idToken: string | undefined;
      try {
        const tokens = await client.authorizationCodeGrant(
          oidc,
          current,
          {
            pkceCodeVerifier: checks.codeVerifier,
            expectedState: checks.state,
            expectedNonce: checks.nonce,
            idTokenExpected: true,
          },
          { redirect_uri: redirectUri },
        );
        idToken = tokens.id_token;
      } catch (cause) {
        throw translateGrantError(cause);
      }
      if (!idToken) throw new TokenInvalidError('token response has no id_token');
      return verifyIdToken(idToken, config, jwks);
    },
  };
}

/** openid-client wraps the precise reason (oauth4webapi's) in `cause`; classify on it. */
function translateGrantError(error: unknown): Error {
  const code = (error as { code?: string }).code ?? 'unknown';
  const inner = (error as { cause?: unknown }).cause;
  const detail = inner instanceof Error ? inner.message : (error as Error).message;
  if (/"state"/.test(detail)) return new LoginStateError(`state check failed: ${detail}`, { cause: error });
  if (/"nonce"/.test(detail)) return new LoginStateError(`nonce check failed: ${detail}`, { cause: error });
  if (/JWT|ID Token/.test(detail))
    return new TokenInvalidError(`id token rejected: ${detail}`, { cause: error });
  return new IdpError(`code exchange failed (${code}): ${detail}`, { cause: error });
}

export async function verifyIdToken(
  idToken: string,
  config: AuthConfig,
  jwks: JWTVerifyGetKey,
): Promise<Identity> {
  let payload;
  try {
    ({ payload } = await jwtVerify(idToken, jwks, {
      issuer: config.issuer,
      audience: config.clientId,
      algorithms: ['RS256'],
      requiredClaims: ['sub', 'exp', 'iat'],
    }));
  } catch (cause) {
    throw new TokenInvalidError(`id token rejected: ${(cause as Error).message}`, { cause });
  }
  // Cognito marks its tokens; an access token must never pass as an identity.
  if (payload.token_use !== 'id')
    throw new TokenInvalidError(`token_use is ${String(payload.token_use)}, not id`);
  const groups = payload['cognito:groups'] ?? [];
  if (!Array.isArray(groups) || !groups.every((g) => typeof g === 'string')) {
    throw new TokenInvalidError('cognito:groups is not a list of strings');
  }
  const email = typeof payload.email === 'string' ? payload.email : undefined;
  const username = typeof payload['cognito:username'] === 'string' ? payload['cognito:username'] : undefined;
  return { sub: payload.sub!, user: email ?? username ?? payload.sub!, groups };
}
