import fc from 'fast-check';
import { decideAccess } from '../../../auth/src/access';
import { SESSION_COOKIE } from '../../../auth/src/cookie';
import { startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => (h = await startHarness()));
afterAll(() => h.close());

async function verify(cookie: string | undefined, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${h.url}/auth/verify`, {
    headers: { ...(cookie ? { cookie: `${SESSION_COOKIE}=${cookie}` } : {}), ...headers },
    redirect: 'manual',
  });
}

describe('GET /auth/verify', () => {
  it('sets X-Auth-User and X-Auth-Groups on every 2xx, and answers only 200 or 403 to a valid session (property)', async () => {
    // Caddy 2.6 copies a literal placeholder into the upstream request when a 2xx lacks a copied header
    // (caddy issue #6610), so no 2xx may ever go without both.
    const groups = fc.subarray(['admins', 'viewers', 'staff', 'x,admins', 'Admins']);
    const method = fc.constantFrom('GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'DELETE', 'PATCH');
    const path = fc.constantFrom('/', '/graphql', '/graphql/', '/runs', '/report_asset_materialization/a');
    await fc.assert(
      fc.asyncProperty(groups, method, path, async (g, m, p) => {
        const cookie = await h.sessionCookie({ sub: 's', user: 'ana@example.org', groups: g });
        const response = await verify(cookie, { 'x-forwarded-method': m, 'x-forwarded-uri': `${p}?q=1` });
        const allowed = decideAccess(g, m, p).allowed;
        expect(response.status).toBe(allowed ? 200 : 403);
        if (response.status === 200) {
          expect(response.headers.get('x-auth-user')).toBe('ana@example.org');
          expect(response.headers.get('x-auth-groups')).toMatch(/^(admins|viewers|admins,viewers)$/);
        } else {
          expect(response.headers.get('x-auth-user')).toBeNull();
        }
      }),
      { numRuns: 120 },
    );
  });

  it('percent-encodes a user name outside printable ASCII instead of failing or passing it raw', async () => {
    const cookie = await h.sessionCookie({ sub: 's', user: 'zoë smith@example.org', groups: ['viewers'] });
    const response = await verify(cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-auth-user')).toBe('zo%C3%AB%20smith@example.org');
  });

  it('logs why a user was refused, but tells the browser only "Forbidden"', async () => {
    const cookie = await h.sessionCookie({ sub: 's', user: 'otto@example.org', groups: [] });
    const response = await verify(cookie, { accept: 'text/html', 'x-forwarded-uri': '/runs' });
    expect(response.status).toBe(403);
    expect(await response.text()).toBe('Forbidden\n');
    expect(h.logs).toContain(
      JSON.stringify({
        kind: 'access-denied',
        user: 'otto@example.org',
        method: 'GET',
        path: '/runs',
        reason: 'user belongs to neither admins nor viewers',
      }),
    );
  });

  it('does not send a POST without a session to the login page (only safe browser navigations are redirected)', async () => {
    const response = await verify(undefined, { accept: 'text/html', 'x-forwarded-method': 'POST' });
    expect(response.status).toBe(401);
  });

  it('never caches its answers', async () => {
    expect((await verify(undefined)).headers.get('cache-control')).toBe('no-store');
  });
});
