// GET /auth/logout clears our session and ends the Cognito one (hosted UI /logout, which returns the browser
// to /auth/signed-out, a registered logout URL).
import { SESSION_COOKIE, clearCookie } from '../cookie';
import { redirect } from '../http';
import { readSession } from '../session';
import type { RouteHandler } from './context';

export const logout: RouteHandler = async ({ config, ring, log }, req, res) => {
  const session = await readSession(ring, req);
  log({ kind: 'logout', user: session.state === 'valid' ? session.identity.user : undefined });
  const target = new URL(config.endpoints.logout);
  target.searchParams.set('client_id', config.clientId);
  target.searchParams.set('logout_uri', new URL('/auth/signed-out', config.publicUrl).href);
  redirect(res, 302, target.href, [clearCookie(SESSION_COOKIE)]);
};
