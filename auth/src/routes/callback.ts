// GET /auth/callback?code=…&state=…: check the login cookie, exchange the code (PKCE), verify the ID token,
// then replace the login cookie with a session cookie and return the user to where they were going.
import { LOGIN_COOKIE, SESSION_COOKIE, clearCookie, readCookie, serializeCookie, unseal } from '../cookie';
import { AuthError, LoginStateError } from '../errors';
import { redirect, send } from '../http';
import type { LoginChecks } from '../oidc';
import { checkReturnPath } from '../return-to';
import { sealSession } from '../session';
import type { RouteHandler } from './context';

async function readChecks(
  ring: Parameters<typeof unseal>[0],
  cookieHeader: string | undefined,
): Promise<LoginChecks> {
  const token = readCookie(cookieHeader, LOGIN_COOKIE);
  if (!token) throw new LoginStateError('no login cookie (expired, or login started in another browser)');
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
  let identity;
  let returnTo: string;
  try {
    const checks = await readChecks(ring, req.headers.cookie);
    identity = await oidc.finishLogin(current, checks);
    const checked = checkReturnPath(checks.returnTo, config.publicUrl);
    returnTo = checked.ok ? checked.path : '/';
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    log({ kind: 'login-failed', errorCode: error.code, reason: error.message });
    send(res, error instanceof LoginStateError ? 400 : 502, 'Sign-in failed. Please start again.\n', {
      'Set-Cookie': clearCookie(LOGIN_COOKIE),
    });
    return;
  }
  const session = await sealSession(ring, identity, config.sessionTtlSeconds);
  log({ kind: 'login-completed', user: identity.user, groups: identity.groups });
  redirect(res, 303, new URL(returnTo, config.publicUrl).href, [
    clearCookie(LOGIN_COOKIE),
    serializeCookie(SESSION_COOKIE, session, config.sessionTtlSeconds),
  ]);
};
