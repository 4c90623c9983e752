// GET /auth/login?return_to=/path: seal state, PKCE verifier, nonce and the checked return path into a
// short-lived cookie, then send the browser to Cognito's authorize endpoint.
import { loginCookieName, seal, serializeCookie } from '../cookie';
import { redirect } from '../http';
import { checkReturnPath } from '../return-to';
import { LOGIN_TTL_SECONDS, type RouteHandler } from './context';

export const login: RouteHandler = async ({ config, ring, oidc, log }, _req, res, url) => {
  const requested = url.searchParams.get('return_to');
  const checked = checkReturnPath(requested, config.publicUrl);
  if (!checked.ok && requested !== null) log({ kind: 'return-to-rejected', reason: checked.reason });
  const { url: authorizeUrl, checks } = await oidc.startLogin(checked.ok ? checked.path : '/');
  const sealed = await seal(ring, 'login', { ...checks }, LOGIN_TTL_SECONDS);
  log({ kind: 'login-started' });
  redirect(res, 302, authorizeUrl.href, [
    serializeCookie(loginCookieName(checks.state)!, sealed, LOGIN_TTL_SECONDS),
  ]);
};
