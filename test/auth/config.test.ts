import { loadConfig } from '../../auth/src/config';
import { ConfigError } from '../../auth/src/errors';

const SECRET = 's'.repeat(64);
const valid = {
  AUTH_LISTEN: '0.0.0.0:8081',
  AUTH_PUBLIC_URL: 'https://dev.energy.example.org',
  AUTH_ISSUER_URL: 'https://cognito-idp.ap-southeast-2.amazonaws.com/ap-southeast-2_AbC123',
  AUTH_CLIENT_ID: '5example1client2id3',
  AUTH_COGNITO_DOMAIN: 'https://em-dev.auth.ap-southeast-2.amazoncognito.com',
  AUTH_COOKIE_SECRET: SECRET,
  PATH: '/usr/bin',
};

function problems(env: Record<string, string | undefined>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('AUTH_CONFIG');
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('derives the Cognito endpoints from the issuer and the hosted UI domain', () => {
    const config = loadConfig(valid);
    expect(config.listen).toEqual({ host: '0.0.0.0', port: 8081 });
    expect(config.issuer).toBe('https://cognito-idp.ap-southeast-2.amazonaws.com/ap-southeast-2_AbC123');
    expect(Object.fromEntries(Object.entries(config.endpoints).map(([k, v]) => [k, v.href]))).toEqual({
      authorization: 'https://em-dev.auth.ap-southeast-2.amazoncognito.com/oauth2/authorize',
      token: 'https://em-dev.auth.ap-southeast-2.amazoncognito.com/oauth2/token',
      jwks: 'https://cognito-idp.ap-southeast-2.amazonaws.com/ap-southeast-2_AbC123/.well-known/jwks.json',
      logout: 'https://em-dev.auth.ap-southeast-2.amazoncognito.com/logout',
    });
    expect(config.sessionTtlSeconds).toBe(28_800);
    expect(config.omitNonce).toBe(false);
    expect(config.allowInsecureRequests).toBe(false);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('takes endpoint overrides, and allows plain http only on loopback', () => {
    const config = loadConfig({
      ...valid,
      AUTH_PUBLIC_URL: 'http://127.0.0.1:8080',
      AUTH_ISSUER_URL: 'http://localhost:9229/local_pool',
      AUTH_COGNITO_DOMAIN: 'http://localhost:9229',
      AUTH_TOKEN_ENDPOINT: 'http://127.0.0.5:1/token',
    });
    expect(config.endpoints.token.href).toBe('http://127.0.0.5:1/token');
    expect(config.endpoints.authorization.href).toBe('http://localhost:9229/oauth2/authorize');
    expect(config.allowInsecureRequests).toBe(true);
  });

  it('splits the cookie secret into a key ring, first key first', () => {
    const config = loadConfig({ ...valid, AUTH_COOKIE_SECRET: `${'a'.repeat(32)}, ${'b'.repeat(32)}` });
    expect(config.cookieSecrets).toEqual(['a'.repeat(32), 'b'.repeat(32)]);
  });

  it('lists every missing variable at once', () => {
    expect(problems({ PATH: '/usr/bin' })).toMatchInlineSnapshot(`
     "auth service configuration is invalid:
       1. AUTH_LISTEN: is required but not set
       2. AUTH_PUBLIC_URL: is required but not set
       3. AUTH_ISSUER_URL: is required but not set
       4. AUTH_CLIENT_ID: is required but not set
       5. AUTH_COGNITO_DOMAIN: is required but not set
       6. AUTH_COOKIE_SECRET: is required but not set"
    `);
  });

  it('names each bad value and never echoes the cookie secret', () => {
    const message = problems({
      ...valid,
      AUTH_LISTEN: '8081',
      AUTH_PUBLIC_URL: 'http://energy.example.org',
      AUTH_ISSUER_URL: 'not a url',
      AUTH_COGNITO_DOMAIN: 'https://em.auth.example.com/path',
      AUTH_COOKIE_SECRET: `short-secret-value,${'b'.repeat(40)}`,
      AUTH_SESSION_TTL_SECONDS: '60',
      AUTH_OMIT_NONCE: 'yes',
      AUTH_JWKS_URI: 'https://user:pw@example.org/jwks',
      AUTH_CLIENTID: 'typo',
    });
    expect(message).not.toContain('short-secret-value');
    expect(message).not.toContain('pw@');
    expect(message).toMatchInlineSnapshot(`
     "auth service configuration is invalid:
       1. AUTH_LISTEN: must be host:port, e.g. 127.0.0.1:8081, got "8081"
       2. AUTH_PUBLIC_URL: must use https (http is accepted on loopback only), got "http://energy.example.org"
       3. AUTH_ISSUER_URL: must be an absolute URL (https://cognito-idp.<region>.amazonaws.com/<poolId>), got "not a url"
       4. AUTH_COGNITO_DOMAIN: must be an origin without a path (the hosted UI, e.g. https://<prefix>.auth.<region>.amazoncognito.com)
       5. AUTH_COOKIE_SECRET: key 1 of 2 has 18 characters; each comma-separated key needs at least 32
       6. AUTH_SESSION_TTL_SECONDS: must be at least 300 (5 minutes)
       7. AUTH_OMIT_NONCE: must be true or false
       8. AUTH_JWKS_URI: must not carry credentials
       9. AUTH_CLIENTID: unknown variable; see docs/auth.md for the list"
    `);
  });
});
