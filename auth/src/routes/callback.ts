// GET /auth/callback?code=…&state=…: check the login cookie, exchange the code (PKCE), verify the ID token,
// then replace the login cookie with a session cookie and return the user to where they were going.
import {
  SESSION_COOKIE,
  clearCookie,
  loginCookieName,
  readCookie,
  serializeCookie,
  unseal,
  type KeyRing,
} from '../cookie';
import { AuthError, LoginStateError } from '../errors';
import { redirect, send } from '../http';
import type { LoginChecks } from '../oidc';
import { checkReturnPath } from '../return-to';
import { sealSession } from '../session';
import type { RouteHandler } from './context';

async function readChecks(
  ring: KeyRing,
  cookieName: string | undefined,
  cookieHeader: string | undefined,
): Promise<LoginChecks> {
  if (!cookieName) throw new LoginStateError('callback has no usable state parameter');
  const token = readCookie(cookieHeader, cookieName);
  if (!token)
    throw new LoginStateError(
      'no login cookie for this state (expired, or login started in another browser)',
    );
  const payload = await unseal(ring, 'login', token).catch((cause: unknown) => {
    throw new LoginStateError(`login cookie rejected: ${(cause as Error).message}`, { cause });
  });
  const { state, codeVerifier, nonce, returnTo } = payload as Record<string, unknown>;
  if (typeof state !== 'string' || typeof codeVerifier !== 'string' || typeof returnTo !== 'string') {
    throw new LoginStateError('login cookie payload has the wrong shape');
  }
  return { state, codeVerifier, nonce: typeof nonce === 'string' ? nonce : undefined, returnTo };
}

export const callback: RouteHandler = async ({ config, ring, oidc, log }, req, res, url) => {
  // The URL as the browser saw it, so openid-client compares against the registered redirect URI.
  const current = new URL(`${url.pathname}${url.search}`, config.publicUrl);
  const cookieName = loginCookieName(url.searchParams.get('state') ?? '');
  const clearLogin = cookieName ? [clearCookie(cookieName)] : [];
  let identity;
  let returnTo: string;
  try {
    const checks = await readChecks(ring, cookieName, req.headers.cookie);
    identity = await oidc.finishLogin(current, checks);
    const checked = checkReturnPath(checks.returnTo, config.publicUrl);
    returnTo = checked.ok ? checked.path : '/';
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    log({ kind: 'login-failed', errorCode: error.code, reason: error.message });
    const headers: Record<string, string[]> = clearLogin.length > 0 ? { 'Set-Cookie': clearLogin } : {};
    send(res, error instanceof LoginStateError ? 400 : 502, 'Sign-in failed. Please start again.\n', headers);
    return;
  }
  const session = await sealSession(ring, identity, config.sessionTtlSeconds);
  log({ kind: 'login-completed', user: identity.user, groups: identity.groups });
  redirect(res, 303, new URL(returnTo, config.publicUrl).href, [
    ...clearLogin,
    serializeCookie(SESSION_COOKIE, session, config.sessionTtlSeconds),
  ]);
};
