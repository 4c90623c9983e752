// GET /auth/verify, asked by Caddy's forward_auth before every request outside /auth/*. 2xx lets the request
// through, and always carries X-Auth-User and X-Auth-Groups: Caddy 2.6 copies a literal placeholder when a
// listed header is missing (caddy issue #6610). Without a session: 302 to login for browsers, 401 otherwise.
import { decideAccess, knownGroups } from '../access';
import { SESSION_COOKIE, clearCookie } from '../cookie';
import { firstHeader, redirect, send } from '../http';
import { returnPathFromForwarded } from '../return-to';
import { headerSafe, readSession } from '../session';
import type { RouteHandler } from './context';

export const verify: RouteHandler = async ({ config, ring, log }, req, res) => {
  const method = (firstHeader(req.headers['x-forwarded-method']) ?? 'GET').toUpperCase();
  const uri = firstHeader(req.headers['x-forwarded-uri']) ?? '/';
  const path = uri.split('?')[0] ?? '/';
  const session = await readSession(ring, req);

  if (session.state !== 'valid') {
    const cookies: string[] = [];
    if (session.state === 'invalid') {
      log({ kind: 'session-rejected', reason: session.reason });
      cookies.push(clearCookie(SESSION_COOKIE));
    }
    const isBrowser =
      /\btext\/html\b/.test(firstHeader(req.headers.accept) ?? '') && (method === 'GET' || method === 'HEAD');
    if (isBrowser) {
      const login = new URL('/auth/login', config.publicUrl);
      const returnTo = returnPathFromForwarded(
        {
          proto: firstHeader(req.headers['x-forwarded-proto']),
          host: firstHeader(req.headers['x-forwarded-host']),
          uri,
        },
        config.publicUrl,
      );
      if (returnTo.ok) login.searchParams.set('return_to', returnTo.path);
      else log({ kind: 'return-to-rejected', reason: returnTo.reason });
      redirect(res, 302, login.href, cookies);
      return;
    }
    const headers: Record<string, string | string[]> = {
      'WWW-Authenticate': 'Cookie realm="energy-market", login="/auth/login"',
    };
    if (cookies.length > 0) headers['Set-Cookie'] = cookies;
    send(res, 401, 'Unauthorized\n', headers);
    return;
  }

  const { identity } = session;
  const decision = decideAccess(identity.groups, method, path);
  if (!decision.allowed) {
    log({ kind: 'access-denied', user: identity.user, method, path, reason: decision.reason });
    send(res, 403, 'Forbidden\n');
    return;
  }
  send(res, 200, '', {
    'X-Auth-User': headerSafe(identity.user),
    'X-Auth-Groups': knownGroups(identity.groups).join(','),
  });
};
