import fc from 'fast-check';
import { EncryptJWT } from 'jose';
import { KeyRing, readCookie, seal, unseal } from '../../auth/src/cookie';
import { CookieInvalidError } from '../../auth/src/errors';

const OLD = 'o'.repeat(32) + 'old-secret-material';
const NEW = 'n'.repeat(32) + 'new-secret-material';

async function reason(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(CookieInvalidError);
    return (error as Error).message;
  }
  throw new Error('expected the cookie to be rejected');
}

describe('sealed cookies', () => {
  it('round-trips a payload and keeps it unreadable on the wire', async () => {
    const ring = new KeyRing([NEW]);
    const token = await seal(ring, 'session', { user: 'ana@example.org', groups: ['admins'] }, 60);
    expect(token.split('.')).toHaveLength(5);
    expect(token).not.toContain('ana');
    expect(Buffer.from(token.split('.')[3]!, 'base64url').toString()).not.toContain('ana');
    await expect(unseal(ring, 'session', token)).resolves.toMatchObject({
      user: 'ana@example.org',
      groups: ['admins'],
    });
  });

  it('unseals cookies sealed by an older key still in the ring, and seals new ones with the first key', async () => {
    const before = new KeyRing([OLD]);
    const rotated = new KeyRing([NEW, OLD]);
    const oldToken = await seal(before, 'session', { user: 'a' }, 60);
    await expect(unseal(rotated, 'session', oldToken)).resolves.toMatchObject({ user: 'a' });
    const newToken = await seal(rotated, 'session', { user: 'b' }, 60);
    await expect(unseal(new KeyRing([NEW]), 'session', newToken)).resolves.toMatchObject({ user: 'b' });
    expect(await reason(unseal(before, 'session', newToken))).toBe(
      'session cookie was sealed by a key not in the ring',
    );
  });

  it('rejects a cookie once its key is dropped from the ring', async () => {
    const token = await seal(new KeyRing([OLD]), 'session', { user: 'a' }, 60);
    expect(await reason(unseal(new KeyRing([NEW]), 'session', token))).toBe(
      'session cookie was sealed by a key not in the ring',
    );
  });

  it('rejects an expired cookie', async () => {
    const ring = new KeyRing([NEW]);
    const token = await seal(ring, 'session', { user: 'a' }, 60, 1_000_000);
    expect(await reason(unseal(ring, 'session', token, new Date(1_000_061_000)))).toBe(
      'session cookie has expired',
    );
  });

  it('never lets a login cookie pass as a session cookie', async () => {
    const ring = new KeyRing([NEW]);
    const login = await seal(ring, 'login', { user: 'a' }, 60);
    expect(await reason(unseal(ring, 'session', login))).toBe(
      'session cookie was sealed by a key not in the ring',
    );
  });

  it('rejects a cookie without an expiry even under the right key', async () => {
    const ring = new KeyRing([NEW]);
    const { kid, key } = ring.sealingKey('session');
    const token = await new EncryptJWT({ user: 'a' })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid })
      .encrypt(key);
    expect(await reason(unseal(ring, 'session', token))).toMatch(
      /^session cookie failed to decrypt or verify/,
    );
  });

  it('rejects garbage', async () => {
    expect(await reason(unseal(new KeyRing([NEW]), 'session', 'not-a-token'))).toBe(
      'session cookie is not a JWE',
    );
  });

  it('rejects any single changed character (property)', async () => {
    const ring = new KeyRing([NEW]);
    const token = await seal(ring, 'session', { user: 'ana', groups: ['viewers'] }, 600);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: token.length - 1 }), fc.constantFrom(...alphabet), async (at, ch) => {
        fc.pre(token[at] !== '.' && token[at] !== ch);
        const tampered = token.slice(0, at) + ch + token.slice(at + 1);
        // Changing the last base64url character can leave the decoded bytes unchanged; those must still decrypt
        // to the same payload, everything else must be refused.
        const result = await unseal(ring, 'session', tampered).then(
          (payload) => payload,
          (error: unknown) => error,
        );
        if (result instanceof CookieInvalidError) return;
        expect(result).toMatchObject({ user: 'ana', groups: ['viewers'] });
        const bytes = (t: string) => t.split('.').map((part) => Buffer.from(part, 'base64url'));
        expect(bytes(tampered)).toEqual(bytes(token));
      }),
      { numRuns: 150 },
    );
  });
});

describe('readCookie', () => {
  it('finds a cookie among others and ignores names that merely contain it', () => {
    expect(readCookie('a=1; x__Host-em-session=evil; __Host-em-session=good', '__Host-em-session')).toBe(
      'good',
    );
    expect(readCookie(undefined, 'a')).toBeUndefined();
  });
});
