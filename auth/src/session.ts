// The session a browser holds after login: who the user is and their groups, sealed into one cookie. No
// tokens are kept (nothing here calls AWS on the user's behalf), so the cookie stays small.
import type { IncomingMessage } from 'node:http';
import { SESSION_COOKIE, readCookie, seal, unseal, type KeyRing } from './cookie';
import type { Identity } from './oidc';
import { CookieInvalidError } from './errors';

export type SessionRead =
  | { readonly state: 'valid'; readonly identity: Identity }
  | { readonly state: 'absent' }
  | { readonly state: 'invalid'; readonly reason: string };

export function sealSession(ring: KeyRing, identity: Identity, ttlSeconds: number): Promise<string> {
  return seal(
    ring,
    'session',
    { sub: identity.sub, user: identity.user, groups: [...identity.groups] },
    ttlSeconds,
  );
}

export async function readSession(ring: KeyRing, req: IncomingMessage): Promise<SessionRead> {
  const token = readCookie(req.headers.cookie, SESSION_COOKIE);
  if (!token) return { state: 'absent' };
  try {
    const payload = await unseal(ring, 'session', token);
    const { sub, user, groups } = payload as { sub?: unknown; user?: unknown; groups?: unknown };
    if (typeof sub !== 'string' || typeof user !== 'string' || !Array.isArray(groups)) {
      return { state: 'invalid', reason: 'session cookie payload has the wrong shape' };
    }
    return { state: 'valid', identity: { sub, user, groups: groups.filter((g) => typeof g === 'string') } };
  } catch (error) {
    if (error instanceof CookieInvalidError) return { state: 'invalid', reason: error.message };
    throw error;
  }
}

/** Header-safe form of a user name: printable ASCII as is, anything else percent-encoded. */
export function headerSafe(value: string): string {
  return value.replace(/[^\x21-\x7e]/gu, (ch) => encodeURIComponent(ch));
}
