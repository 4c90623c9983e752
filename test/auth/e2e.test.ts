// End to end on loopback: the real Caddy running the production Caddyfile, our auth service, cognito-local as
// Cognito, and two echo upstreams standing in for the admin (127.0.0.2) and read-only (127.0.0.3) Dagster
// webservers. One file, because cognito-local must own port 9229; the Chromium test shares the rig.
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { loadConfig } from '../../auth/src/config';
import { SESSION_COOKIE, KeyRing, seal } from '../../auth/src/cookie';
import { createLogger } from '../../auth/src/log';
import { createAuthServer, listen } from '../../auth/src/server';
import { startCaddy, type CaddyRig } from '../rigs/caddy';
import { startChromium } from '../rigs/chromium';
import { startCognitoLocal, seedPool, type CognitoLocalRig, type SeededPool } from '../rigs/cognito-local';
import { startEchoUpstream, type Echo, type EchoRig } from '../rigs/echo-upstream';
import { freePort } from '../rigs/process';
import { CookieJar, hiddenInputs, location, request } from './http-client';

const SECRET = 'e2e-cookie-secret-0123456789abcdefghijklmnop';
const PASSWORD = 'Correct-Horse-7-battery';
const USERS = {
  admin: { email: 'ada@example.org', password: PASSWORD, groups: ['admins'] },
  viewer: { email: 'val@example.org', password: PASSWORD, groups: ['viewers'] },
  outsider: { email: 'otto@example.org', password: PASSWORD, groups: [] },
} as const;

let site: string;
let authUrl: string;
let caddy: CaddyRig;
let cognito: CognitoLocalRig;
let pool: SeededPool;
let auth: Server;
let upstreams: EchoRig[] = [];
const logLines: string[] = [];

async function echoPorts(): Promise<number> {
  // The Caddyfile gives both webservers one port; find one free on both loopback addresses.
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await freePort('127.0.0.2');
    try {
      upstreams = [
        await startEchoUpstream('admin', '127.0.0.2', port),
        await startEchoUpstream('read-only', '127.0.0.3', port),
      ];
      return port;
    } catch {
      await Promise.all(upstreams.map((u) => u.close()));
      upstreams = [];
    }
  }
  throw new Error('no port free on both 127.0.0.2 and 127.0.0.3');
}

beforeAll(async () => {
  const [caddyPort, authPort, dagsterPort] = await Promise.all([freePort(), freePort(), echoPorts()]);
  site = `http://127.0.0.1:${caddyPort}`;
  authUrl = `http://127.0.0.1:${authPort}`;
  cognito = await startCognitoLocal();
  pool = await seedPool({
    callbackUrl: `${site}/auth/callback`,
    logoutUrl: `${site}/auth/signed-out`,
    users: Object.values(USERS),
  });
  const config = loadConfig({
    AUTH_LISTEN: `127.0.0.1:${authPort}`,
    AUTH_PUBLIC_URL: site,
    AUTH_ISSUER_URL: pool.issuer,
    AUTH_CLIENT_ID: pool.clientId,
    AUTH_COGNITO_DOMAIN: cognito.origin,
    AUTH_COOKIE_SECRET: SECRET,
    // cognito-local does not echo nonce (real Cognito does).
    AUTH_OMIT_NONCE: 'true',
  });
  auth = createAuthServer(config, { log: createLogger((line) => logLines.push(line)) });
  await listen(auth, config);
  caddy = await startCaddy({
    caddyfile: await readFile(resolve(__dirname, '../../docker/caddy/Caddyfile'), 'utf8'),
    listen: { host: '127.0.0.1', port: caddyPort },
    env: {
      SITE_ADDRESS: site,
      ACME_EMAIL: 'ops@example.invalid',
      AUTH_UPSTREAM: `127.0.0.1:${authPort}`,
      DAGSTER_ADMIN_HOST: '127.0.0.2',
      DAGSTER_READONLY_HOST: '127.0.0.3',
      DAGSTER_PORT: String(dagsterPort),
    },
  });
});

afterAll(async () => {
  await caddy?.stop();
  await cognito?.stop();
  await Promise.all(upstreams.map((u) => u.close()));
  if (auth) {
    auth.closeAllConnections();
    await new Promise((done) => auth.close(done));
  }
});

/** The browserless login: our /auth/login, cognito-local's form, the callback through Caddy. */
async function logIn(
  user: { email: string; password: string },
  path = '/',
): Promise<{ jar: CookieJar; landed: string }> {
  const jar = new CookieJar();
  const start = await request(`${site}${path}`, { jar, headers: { accept: 'text/html' } });
  expect(start.status).toBe(302);
  const login = await request(location(start, site), { jar });
  expect(login.status).toBe(302);
  const authorize = location(login, site);
  expect(authorize.startsWith(`${cognito.origin}/oauth2/authorize?`)).toBe(true);
  const form = await request(authorize, { jar });
  expect(form.status).toBe(200);
  const fields = hiddenInputs(await form.text());
  const submitted = await request(`${cognito.origin}/oauth2/authorize`, {
    jar,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...fields, username: user.email, password: user.password }),
  });
  expect(submitted.status).toBe(302);
  const callback = await request(location(submitted, cognito.origin), { jar });
  expect(callback.status).toBe(303);
  expect(jar.get(site, SESSION_COOKIE)).toBeDefined();
  return { jar, landed: location(callback, site) };
}

async function echoOf(response: Response): Promise<Echo> {
  expect(response.status).toBe(200);
  return (await response.json()) as Echo;
}

describe('through Caddy forward_auth (browserless)', () => {
  it('answers an API client without a session with 401', async () => {
    const response = await request(`${site}/graphql`, { headers: { accept: 'application/json' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      'Cookie realm="energy-market", login="/auth/login"',
    );
  });

  it('sends a browser without a session to login, keeping where it was going', async () => {
    const response = await request(`${site}/runs?status=failed`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`${site}/auth/login?return_to=%2Fruns%3Fstatus%3Dfailed`);
  });

  it('ignores a client-forged X-Forwarded-Host: Caddy replaces it, so the return path stays on our site', async () => {
    const response = await request(`${site}/x`, {
      headers: { accept: 'text/html', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' },
    });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`${site}/auth/login?return_to=%2Fx`);
  });

  it('asked directly with a foreign forwarded host, redirects to login without a return path', async () => {
    const response = await request(`${authUrl}/auth/verify`, {
      headers: {
        accept: 'text/html',
        'x-forwarded-host': 'evil.example',
        'x-forwarded-uri': '/x',
        'x-forwarded-proto': 'http',
      },
    });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`${site}/auth/login`);
    expect(logLines.at(-2)).toContain('"reason":"forwarded host is not the public host"');
  });

  it('logs an admin in and hands the admin webserver their identity, overwriting a client-sent X-Auth-User', async () => {
    const { jar, landed } = await logIn(USERS.admin, '/runs?status=failed');
    expect(landed).toBe(`${site}/runs?status=failed`);
    const echo = await echoOf(
      await request(landed, {
        jar,
        headers: {
          accept: 'application/json',
          'x-auth-user': 'mallory@example.org',
          'x-auth-groups': 'admins',
        },
      }),
    );
    expect(echo.upstream).toBe('admin');
    expect(echo.url).toBe('/runs?status=failed');
    expect(echo.headers['x-auth-user']).toBe('ada@example.org');
    expect(echo.headers['x-auth-groups']).toBe('admins');
    // Caddy 2.6's copy_headers placeholder (caddy issue #6610) must never reach an upstream.
    expect(JSON.stringify(echo.headers)).not.toContain('{http.');
    const mutation = await echoOf(
      await request(`${site}/graphql`, { jar, method: 'POST', headers: { accept: 'application/json' } }),
    );
    expect(mutation.upstream).toBe('admin');
  });

  it('routes a viewer to the read-only webserver, lets its UI POST /graphql, and refuses other writes', async () => {
    const { jar } = await logIn(USERS.viewer);
    const page = await echoOf(
      await request(`${site}/assets`, {
        jar,
        headers: { accept: 'application/json', 'x-auth-groups': 'admins' },
      }),
    );
    expect(page.upstream).toBe('read-only');
    expect(page.headers['x-auth-user']).toBe('val@example.org');
    expect(page.headers['x-auth-groups']).toBe('viewers');
    const graphql = await echoOf(
      await request(`${site}/graphql`, {
        jar,
        method: 'POST',
        headers: { accept: 'application/json', 'content-type': 'application/json' },
        body: '{}',
      }),
    );
    expect(graphql.upstream).toBe('read-only');
    expect(graphql.headers['x-auth-groups']).toBe('viewers');
    const write = await request(`${site}/report_asset_materialization/x`, {
      jar,
      method: 'POST',
      headers: { accept: 'application/json' },
    });
    expect(write.status).toBe(403);
    expect(await write.text()).toBe('Forbidden\n');
  });

  it('refuses a signed-in user who is in neither group with 403', async () => {
    const { jar, landed } = await logIn(USERS.outsider);
    const response = await request(landed, { jar, headers: { accept: 'text/html' } });
    expect(response.status).toBe(403);
    expect(logLines.some((l) => l.includes('"kind":"access-denied"') && l.includes('otto@example.org'))).toBe(
      true,
    );
  });

  it('rejects a tampered session cookie with 401 and clears it', async () => {
    const { jar } = await logIn(USERS.admin);
    const cookie = jar.get(site, SESSION_COOKIE)!;
    const flipped = cookie.slice(0, -3) + (cookie.at(-3) === 'A' ? 'B' : 'A') + cookie.slice(-2);
    jar.set(site, SESSION_COOKIE, flipped);
    const response = await request(`${site}/runs`, { jar, headers: { accept: 'application/json' } });
    expect(response.status).toBe(401);
    expect(response.headers.getSetCookie()).toContain(
      `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax`,
    );
  });

  it('rejects a well-formed session sealed with a key the service does not hold', async () => {
    const forged = await seal(
      new KeyRing(['f'.repeat(48)]),
      'session',
      { sub: 's', user: 'eve', groups: ['admins'] },
      600,
    );
    const response = await request(`${site}/runs`, {
      headers: { accept: 'application/json', cookie: `${SESSION_COOKIE}=${forged}` },
    });
    expect(response.status).toBe(401);
  });

  it('refuses a callback without the login cookie (replayed or cross-browser)', async () => {
    const response = await request(`${site}/auth/callback?code=stolen&state=guess`);
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('Sign-in failed. Please start again.\n');
  });

  it('logs out: clears the session and sends the browser to Cognito logout with client_id and logout_uri', async () => {
    const { jar } = await logIn(USERS.admin);
    const response = await request(`${site}/auth/logout`, { jar });
    expect(response.status).toBe(302);
    const target = new URL(location(response, site));
    expect(`${target.origin}${target.pathname}`).toBe(`${cognito.origin}/logout`);
    expect(Object.fromEntries(target.searchParams)).toEqual({
      client_id: pool.clientId,
      logout_uri: `${site}/auth/signed-out`,
    });
    expect(jar.get(site, SESSION_COOKIE)).toBeUndefined();
    expect((await request(`${site}/runs`, { jar, headers: { accept: 'application/json' } })).status).toBe(
      401,
    );
    const signedOut = await request(`${site}/auth/signed-out`);
    expect(signedOut.status).toBe(200);
    expect(await signedOut.text()).toContain('You are signed out.');
  });

  it('serves health through Caddy without a session', async () => {
    const response = await request(`${site}/auth/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('never wrote a token, code, cookie value or secret to its log during all of the above', () => {
    expect(logLines.length).toBeGreaterThan(20);
    const all = logLines.join('\n');
    expect(all).not.toMatch(/eyJ[\w-]+\./);
    expect(all).not.toContain(SECRET);
    expect(all).not.toMatch(/code=(?!\[redacted\])/);
    expect(all).toContain('"kind":"login-completed"');
  });
});

describe('in Chromium', () => {
  it('signs in through the form and shows the upstream page', async () => {
    const chromium = await startChromium(['127.0.0.1']);
    try {
      const context = await chromium.newContext();
      const page = await context.newPage();
      await page.goto(`${site}/overview`);
      expect(page.url().startsWith(`${cognito.origin}/oauth2/authorize`)).toBe(true);
      await page.fill('input[name=username]', USERS.viewer.email);
      await page.fill('input[name=password]', USERS.viewer.password);
      await Promise.all([page.waitForURL(`${site}/overview`), page.click('button[type=submit]')]);
      const echo = JSON.parse((await page.textContent('#echo')) ?? '{}') as Echo;
      expect(echo.upstream).toBe('read-only');
      expect(echo.headers['x-auth-user']).toBe('val@example.org');
      expect(echo.headers['x-auth-groups']).toBe('viewers');
      const cookies = await context.cookies(site);
      expect(cookies.find((c) => c.name === SESSION_COOKIE)).toMatchObject({
        httpOnly: true,
        secure: true,
        sameSite: 'Lax',
      });
    } finally {
      await chromium.close();
    }
  });
});
