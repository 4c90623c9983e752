import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  SignJWT,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  type JWTPayload,
  type KeyObject,
} from 'jose';
import { loadConfig, type AuthConfig } from '../../auth/src/config';
import { IdpError, LoginStateError, TokenInvalidError } from '../../auth/src/errors';
import { createOidcClient, verifyIdToken } from '../../auth/src/oidc';

const CLIENT_ID = 'client123';
let server: Server;
let origin: string;
let issuer: string;
let config: AuthConfig;
let key: { privateKey: KeyObject; publicKey: KeyObject };
let otherKey: { privateKey: KeyObject; publicKey: KeyObject };
/** What the fake token endpoint puts in the id token next; reset per test. */
let nextClaims: JWTPayload;
let tokenRequests: URLSearchParams[] = [];

async function idToken(claims: JWTPayload, signWith = key.privateKey, alg = 'RS256'): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    token_use: 'id',
    iss: issuer,
    aud: CLIENT_ID,
    sub: '3f1c-sub',
    iat: now,
    exp: now + 300,
    ...claims,
  })
    .setProtectedHeader({ alg, kid: signWith === key.privateKey ? 'k1' : 'k2' })
    .sign(signWith);
}

beforeAll(async () => {
  key = await generateKeyPair('RS256');
  otherKey = await generateKeyPair('RS256');
  const jwks = { keys: [{ ...(await exportJWK(key.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] };
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      void (async () => {
        if (req.url?.endsWith('/.well-known/jwks.json')) {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
        } else if (req.url === '/oauth2/token' && req.method === 'POST') {
          tokenRequests.push(new URLSearchParams(body));
          const id = await idToken(nextClaims);
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(
              JSON.stringify({ access_token: 'opaque', token_type: 'Bearer', expires_in: 300, id_token: id }),
            );
        } else {
          res.writeHead(404).end();
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  issuer = `${origin}/ap-southeast-2_Test`;
  config = loadConfig({
    AUTH_LISTEN: '127.0.0.1:1',
    AUTH_PUBLIC_URL: 'http://127.0.0.1:8443',
    AUTH_ISSUER_URL: issuer,
    AUTH_CLIENT_ID: CLIENT_ID,
    AUTH_COGNITO_DOMAIN: origin,
    AUTH_COOKIE_SECRET: 'k'.repeat(40),
  });
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

beforeEach(() => {
  tokenRequests = [];
  nextClaims = { email: 'ada@example.org', 'cognito:groups': ['admins'], 'cognito:username': '3f1c-sub' };
});

function callback(params: Record<string, string>): URL {
  return new URL(`http://127.0.0.1:8443/auth/callback?${new URLSearchParams(params)}`);
}

describe('startLogin', () => {
  it('builds a code + PKCE (S256) request with state and nonce for the registered callback', async () => {
    const { url, checks } = await createOidcClient(config).startLogin('/runs');
    expect(`${url.origin}${url.pathname}`).toBe(`${origin}/oauth2/authorize`);
    const params = Object.fromEntries(url.searchParams);
    expect(params).toEqual({
      client_id: CLIENT_ID,
      response_type: 'code',
      redirect_uri: 'http://127.0.0.1:8443/auth/callback',
      scope: 'openid email profile',
      code_challenge: createHash('sha256').update(checks.codeVerifier).digest('base64url'),
      code_challenge_method: 'S256',
      state: checks.state,
      nonce: checks.nonce,
    });
    expect(checks.returnTo).toBe('/runs');
  });

  it('leaves nonce out when AUTH_OMIT_NONCE is set', async () => {
    const { url, checks } = await createOidcClient({ ...config, omitNonce: true }).startLogin('/');
    expect(url.searchParams.has('nonce')).toBe(false);
    expect(checks.nonce).toBeUndefined();
  });
});

describe('finishLogin', () => {
  it('exchanges the code as a public client with the PKCE verifier and returns the identity', async () => {
    const oidc = createOidcClient(config);
    const { checks } = await oidc.startLogin('/');
    nextClaims = { ...nextClaims, nonce: checks.nonce };
    const identity = await oidc.finishLogin(callback({ code: 'the-code', state: checks.state }), checks);
    expect(identity).toEqual({ sub: '3f1c-sub', user: 'ada@example.org', groups: ['admins'] });
    expect(Object.fromEntries(tokenRequests[0]!)).toEqual({
      grant_type: 'authorization_code',
      code: 'the-code',
      code_verifier: checks.codeVerifier,
      redirect_uri: 'http://127.0.0.1:8443/auth/callback',
      client_id: CLIENT_ID,
    });
  });

  it('refuses an id token without the nonce it sent', async () => {
    const oidc = createOidcClient(config);
    const { checks } = await oidc.startLogin('/');
    await expect(
      oidc.finishLogin(callback({ code: 'c', state: checks.state }), checks),
    ).rejects.toBeInstanceOf(LoginStateError);
  });

  it('refuses an id token carrying another nonce', async () => {
    const oidc = createOidcClient(config);
    const { checks } = await oidc.startLogin('/');
    nextClaims = { ...nextClaims, nonce: 'replayed' };
    await expect(
      oidc.finishLogin(callback({ code: 'c', state: checks.state }), checks),
    ).rejects.toBeInstanceOf(LoginStateError);
  });

  it('refuses a callback whose state differs, before calling the token endpoint', async () => {
    const oidc = createOidcClient(config);
    const { checks } = await oidc.startLogin('/');
    await expect(oidc.finishLogin(callback({ code: 'c', state: 'forged' }), checks)).rejects.toBeInstanceOf(
      LoginStateError,
    );
    expect(tokenRequests).toHaveLength(0);
  });

  it('reports an id token for another client as invalid, from the code exchange', async () => {
    const oidc = createOidcClient(config);
    const { checks } = await oidc.startLogin('/');
    nextClaims = { ...nextClaims, nonce: checks.nonce, aud: 'someone-else' };
    const failure = oidc.finishLogin(callback({ code: 'c', state: checks.state }), checks);
    await expect(failure).rejects.toBeInstanceOf(TokenInvalidError);
    await expect(failure).rejects.toThrow('id token rejected: unexpected JWT "aud" (audience) claim value');
  });

  it("reports a failed code exchange with the token endpoint's reason", async () => {
    const oidc = createOidcClient({
      ...config,
      endpoints: { ...config.endpoints, token: new URL(`${origin}/missing`) },
    });
    const { checks } = await oidc.startLogin('/');
    const failure = oidc.finishLogin(callback({ code: 'c', state: checks.state }), checks);
    await expect(failure).rejects.toBeInstanceOf(IdpError);
    await expect(failure).rejects.toThrowErrorMatchingInlineSnapshot(`
     "code exchange failed (OAUTH_RESPONSE_IS_NOT_JSON): unexpected response content-type
     Cause: unexpected response content-type"
    `);
  });

  it('reports an error the identity provider sent back', async () => {
    const oidc = createOidcClient(config);
    const { checks } = await oidc.startLogin('/');
    const failure = oidc.finishLogin(
      callback({ error: 'access_denied', error_description: 'no', state: checks.state }),
      checks,
    );
    await expect(failure).rejects.toThrow(new IdpError('identity provider answered access_denied: no'));
  });
});

describe('verifyIdToken', () => {
  const jwks = () => createLocalJWKSet({ keys: [] });
  async function localJwks() {
    return createLocalJWKSet({ keys: [{ ...(await exportJWK(key.publicKey)), kid: 'k1', alg: 'RS256' }] });
  }

  it('accepts a Cognito id token and prefers email, then cognito:username, for the user', async () => {
    const token = await idToken({ 'cognito:username': 'ada', 'cognito:groups': ['viewers'] });
    expect(await verifyIdToken(token, config, await localJwks())).toEqual({
      sub: '3f1c-sub',
      user: 'ada',
      groups: ['viewers'],
    });
  });

  it('refuses a token signed by a key not in the JWKS', async () => {
    const token = await idToken({}, otherKey.privateKey);
    await expect(verifyIdToken(token, config, await localJwks())).rejects.toBeInstanceOf(TokenInvalidError);
    await expect(verifyIdToken(token, config, jwks())).rejects.toBeInstanceOf(TokenInvalidError);
  });

  it('refuses an access token presented as an id token', async () => {
    const token = await idToken({ token_use: 'access' });
    await expect(verifyIdToken(token, config, await localJwks())).rejects.toThrow(
      'token_use is access, not id',
    );
  });

  it('refuses a token for another client', async () => {
    const token = await idToken({ aud: 'someone-else' });
    await expect(verifyIdToken(token, config, await localJwks())).rejects.toThrow(
      /^id token rejected: unexpected "aud" claim value$/,
    );
  });

  it('refuses a token from another issuer', async () => {
    const token = await idToken({ iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Evil' });
    await expect(verifyIdToken(token, config, await localJwks())).rejects.toThrow(
      /^id token rejected: unexpected "iss" claim value$/,
    );
  });

  it('refuses an HS256 token, whatever its key', async () => {
    const token = await new SignJWT({ token_use: 'id' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(issuer)
      .setAudience(CLIENT_ID)
      .setSubject('s')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('x'.repeat(32)));
    await expect(verifyIdToken(token, config, await localJwks())).rejects.toBeInstanceOf(TokenInvalidError);
  });

  it('refuses groups that are not a list of strings', async () => {
    const token = await idToken({ 'cognito:groups': 'admins' });
    await expect(verifyIdToken(token, config, await localJwks())).rejects.toThrow(
      'cognito:groups is not a list of strings',
    );
  });
});
