import { SESSION_COOKIE, unseal } from '../../../auth/src/cookie';
import { IdpError, TokenInvalidError } from '../../../auth/src/errors';
import { PUBLIC_URL, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => (h = await startHarness()));
afterAll(() => h.close());

async function startLogin(returnTo: string): Promise<{ state: string; cookie: string }> {
  const response = await fetch(`${h.url}/auth/login?return_to=${encodeURIComponent(returnTo)}`, {
    redirect: 'manual',
  });
  expect(response.status).toBe(302);
  const state = new URL(response.headers.get('location')!).searchParams.get('state')!;
  const [cookie] = response.headers.getSetCookie();
  expect(cookie).toMatch(
    /^__Host-em-login-[\w-]{16}=[^;]+; Path=\/; Max-Age=600; HttpOnly; Secure; SameSite=Lax$/,
  );
  return { state, cookie: cookie!.split(';')[0]! };
}

function callback(state: string, cookies: string[]): Promise<Response> {
  return fetch(`${h.url}/auth/callback?code=c&state=${state}`, {
    headers: { cookie: cookies.join('; ') },
    redirect: 'manual',
  });
}

describe('GET /auth/login then /auth/callback', () => {
  it('completes two logins started in parallel (several tabs), each with its own cookie', async () => {
    h.finish = (_url, checks) =>
      Promise.resolve({ sub: checks.codeVerifier, user: 'ana@example.org', groups: ['admins'] });
    const first = await startLogin('/runs');
    const second = await startLogin('/assets');
    const both = [first.cookie, second.cookie];
    const done = await callback(first.state, both);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`${PUBLIC_URL}/runs`);
    const other = await callback(second.state, both);
    expect(other.headers.get('location')).toBe(`${PUBLIC_URL}/assets`);
    const session = other.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(session).toMatch(/; Path=\/; Max-Age=28800; HttpOnly; Secure; SameSite=Lax$/);
    const payload = await unseal(h.ring, 'session', session.split(';')[0]!.split('=')[1]!);
    expect(payload).toMatchObject({ user: 'ana@example.org', groups: ['admins'] });
    expect(other.headers.getSetCookie()).toContain(
      `${second.cookie.split('=')[0]}=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax`,
    );
  });

  it('lands on / when login was asked to return somewhere off-site', async () => {
    h.finish = () => Promise.resolve({ sub: 's', user: 'ana', groups: ['viewers'] });
    const login = await startLogin('//evil.example/phish');
    const done = await callback(login.state, [login.cookie]);
    expect(done.headers.get('location')).toBe(`${PUBLIC_URL}/`);
    expect(h.logs.some((l) => l.includes('"reason":"protocol-relative URL"'))).toBe(true);
  });

  it('answers 400 to a callback whose state has no login cookie', async () => {
    const login = await startLogin('/');
    const response = await callback('someoneelsesstateXXXXXXXXXXXX', [login.cookie]);
    expect(response.status).toBe(400);
    expect(h.logs.at(-2)).toContain('no login cookie for this state');
  });

  it('answers 400 to a login cookie sealed by a key the service does not hold', async () => {
    const login = await startLogin('/');
    const [name] = login.cookie.split('=');
    const response = await callback(login.state, [
      `${name}=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIiwia2lkIjoibm9wZSJ9..a.b.c`,
    ]);
    expect(response.status).toBe(400);
  });

  it('answers 502 with a plain message when the IdP or the token fails, and logs the reason', async () => {
    h.finish = () => Promise.reject(new IdpError('identity provider answered server_error: down'));
    let login = await startLogin('/');
    let response = await callback(login.state, [login.cookie]);
    expect(response.status).toBe(502);
    expect(await response.text()).toBe('Sign-in failed. Please start again.\n');
    expect(h.logs.some((l) => l.includes('identity provider answered server_error: down'))).toBe(true);
    h.finish = () => Promise.reject(new TokenInvalidError('token_use is access, not id'));
    login = await startLogin('/');
    response = await callback(login.state, [login.cookie]);
    expect(response.status).toBe(502);
  });

  it('answers 500 for a bug, without leaking it', async () => {
    h.finish = () => Promise.reject(new TypeError('boom'));
    const login = await startLogin('/');
    const response = await callback(login.state, [login.cookie]);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('Internal Server Error\n');
  });
});
