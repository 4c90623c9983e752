// The auth server in-process on 127.0.0.1 with a scripted OIDC client, for route tests that need no IdP.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig, type AuthConfig } from '../../../auth/src/config';
import { KeyRing, seal } from '../../../auth/src/cookie';
import type { Identity, LoginChecks, OidcClient } from '../../../auth/src/oidc';
import { createAuthServer } from '../../../auth/src/server';

export const PUBLIC_URL = 'https://energy.example.org';
export const SECRET = 'route-test-secret-0123456789abcdefghij';

export interface Harness {
  readonly url: string;
  readonly config: AuthConfig;
  readonly ring: KeyRing;
  readonly logs: string[];
  /** What the scripted IdP does on the next callback. */
  finish: (callbackUrl: URL, checks: LoginChecks) => Promise<Identity>;
  sessionCookie(identity: Identity): Promise<string>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const config = loadConfig({
    AUTH_LISTEN: '127.0.0.1:1',
    AUTH_PUBLIC_URL: PUBLIC_URL,
    AUTH_ISSUER_URL: 'https://cognito-idp.ap-southeast-2.amazonaws.com/ap-southeast-2_Test',
    AUTH_CLIENT_ID: 'client1',
    AUTH_COGNITO_DOMAIN: 'https://em.auth.ap-southeast-2.amazoncognito.com',
    AUTH_COOKIE_SECRET: SECRET,
  });
  const logs: string[] = [];
  let counter = 0;
  const harness: Partial<Harness> & { finish: Harness['finish'] } = {
    finish: () => Promise.reject(new Error('no finish scripted')),
  };
  const oidc: OidcClient = {
    startLogin(returnTo) {
      counter += 1;
      const state = `state${String(counter).padStart(4, '0')}AAAAAAAAAAAAAAAAAAAAAAAAAAAA`;
      const url = new URL(config.endpoints.authorization);
      url.searchParams.set('state', state);
      return Promise.resolve({
        url,
        checks: { state, codeVerifier: `verifier-${counter}`, nonce: `nonce-${counter}`, returnTo },
      });
    },
    finishLogin: (callbackUrl, checks) => harness.finish(callbackUrl, checks),
  };
  const server: Server = createAuthServer(config, { oidc, log: (event) => logs.push(JSON.stringify(event)) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const ring = new KeyRing(config.cookieSecrets);
  return Object.assign(harness, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    config,
    ring,
    logs,
    sessionCookie: (identity: Identity) =>
      seal(ring, 'session', { sub: identity.sub, user: identity.user, groups: [...identity.groups] }, 600),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  }) as Harness;
}
