// Sealed cookies: payloads encrypted and authenticated as JWE (dir + A256GCM) with keys derived from the
// AUTH_COOKIE_SECRET key ring. The first key seals; every key unseals, so secrets rotate without logging
// anyone out. Each purpose (session, login) derives its own keys, so one kind can never pass as the other.
import { hkdfSync, createHash } from 'node:crypto';
import { EncryptJWT, jwtDecrypt, decodeProtectedHeader, type JWTPayload } from 'jose';
import { CookieInvalidError } from './errors';

export type CookiePurpose = 'session' | 'login';

interface DerivedKey {
  readonly kid: string;
  readonly key: Uint8Array;
}

export class KeyRing {
  readonly #keys: ReadonlyMap<CookiePurpose, readonly DerivedKey[]>;

  constructor(secrets: readonly string[]) {
    if (secrets.length === 0) throw new Error('KeyRing needs at least one secret');
    const derive = (purpose: CookiePurpose): DerivedKey[] =>
      secrets.map((secret) => {
        const key = new Uint8Array(
          hkdfSync('sha256', secret, 'energy-market-auth', `cookie ${purpose} v1`, 32),
        );
        // The kid is a hash of the derived key: it names the key without revealing it.
        const kid = createHash('sha256').update(key).digest('base64url').slice(0, 12);
        return { kid, key };
      });
    this.#keys = new Map([
      ['session', derive('session')],
      ['login', derive('login')],
    ]);
  }

  sealingKey(purpose: CookiePurpose): DerivedKey {
    return this.#keys.get(purpose)![0]!;
  }

  findKey(purpose: CookiePurpose, kid: string): DerivedKey | undefined {
    return this.#keys.get(purpose)!.find((k) => k.kid === kid);
  }
}

export async function seal(
  ring: KeyRing,
  purpose: CookiePurpose,
  payload: JWTPayload,
  ttlSeconds: number,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<string> {
  const { kid, key } = ring.sealingKey(purpose);
  return new EncryptJWT(payload)
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid })
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + ttlSeconds)
    .encrypt(key);
}

/** Returns the payload, or throws CookieInvalidError saying why (for the log, never for the browser). */
export async function unseal(
  ring: KeyRing,
  purpose: CookiePurpose,
  token: string,
  now: Date = new Date(),
): Promise<JWTPayload> {
  let kid: unknown;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch (cause) {
    throw new CookieInvalidError(`${purpose} cookie is not a JWE`, { cause });
  }
  const found = typeof kid === 'string' ? ring.findKey(purpose, kid) : undefined;
  if (!found) throw new CookieInvalidError(`${purpose} cookie was sealed by a key not in the ring`);
  try {
    const { payload } = await jwtDecrypt(token, found.key, {
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256GCM'],
      currentDate: now,
      requiredClaims: ['exp', 'iat'],
    });
    return payload;
  } catch (cause) {
    const code = (cause as { code?: string }).code;
    const reason =
      code === 'ERR_JWT_EXPIRED' ? 'has expired' : `failed to decrypt or verify (${code ?? 'unknown'})`;
    throw new CookieInvalidError(`${purpose} cookie ${reason}`, { cause });
  }
}

// `__Host-` names make browsers insist on Secure, Path=/ and no Domain: no subdomain can plant or read them.
export const SESSION_COOKIE = '__Host-em-session';
export const LOGIN_COOKIE_PREFIX = '__Host-em-login-';

/**
 * One login cookie per pending login, named after the start of its state, so logins started in several tabs at
 * once (every tab of an expired session redirects) do not overwrite each other. The cookie's sealed payload
 * holds the full state, which the callback still compares.
 */
export function loginCookieName(state: string): string | undefined {
  const tag = state.slice(0, 16);
  return /^[A-Za-z0-9_-]{16}$/.test(tag) ? `${LOGIN_COOKIE_PREFIX}${tag}` : undefined;
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function serializeCookie(name: string, value: string, maxAgeSeconds: number): string {
  return `${name}=${value}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; Secure; SameSite=Lax`;
}

export function clearCookie(name: string): string {
  return `${name}=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax`;
}
